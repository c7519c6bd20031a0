// ECS005: a key the ECS API requires at its place is missing: `family` or `containerDefinitions` of the task, a
// container's `name` or `image`, a secret's `valueFrom`, a log configuration's `logDriver`, ...
#include "parsers/ecs/model.h"
#include "rules/rule.h"
#include "rules/support/ecs_helpers.h"

namespace shipshape::rules::ecs_rules {

namespace {

constexpr std::string_view kTags[] = {"correctness", "schema"};

void check(const ecs::TaskDefinitionFile& file, Report& report) {
  ecs_support::report_problems(file, report, ecs::ProblemKind::missing_key);
}

}  // namespace

extern const EcsRule missing_required_key{
    .info =
        {
            .id = "ECS005",
            .name = "missing_required_key",
            .severity = Severity::error,
            .title = "Key the ECS API requires is missing",
            .rationale = R"(RegisterTaskDefinition refuses a task definition without `family` or
`containerDefinitions`, a container without `name` or `image`, a secret without `name` or `valueFrom`, a log
configuration without `logDriver`, a health check without `command`, a ulimit without its limits, and so on: the
deployment fails at its last step. shipshape reports each missing key before that, at the object that lacks it
(the object's key, or its opening `{` for an element of a list).

In a bare container list (Terraform's `container_definitions`), the task-level keys are not expected.)",
            .fix = R"(Add the key:

```json
{
  "family": "web",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]
}
```)",
            .tags = kTags,
            .example_bad = R"({
  "family": "web",
  "containerDefinitions": [{"name": "web"}]
}
)",
            .example_good = R"({
  "family": "web",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]
}
)",
            .see_also = "AWS CLI parameter validation (`Missing required parameter`)",
        },
    .check = check,
};

}  // namespace shipshape::rules::ecs_rules
