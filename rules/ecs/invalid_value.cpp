// ECS002: a value the ECS API rejects: the wrong JSON type (`"privileged": "true"`, `"memory": "512"` in a
// container, a number for the task size), or a string outside the API's enumeration or format
// (`"networkMode": "AWSVPC"`, `"cpu": "1 core"`).
#include "parsers/ecs/model.h"
#include "rules/rule.h"
#include "rules/support/ecs_helpers.h"

namespace shipshape::rules::ecs_rules {

namespace {

constexpr std::string_view kTags[] = {"correctness", "schema"};

void check(const ecs::TaskDefinitionFile& file, Report& report) {
  ecs_support::report_problems(file, report, ecs::ProblemKind::wrong_type);
  ecs_support::report_problems(file, report, ecs::ProblemKind::invalid_value);
}

}  // namespace

extern const EcsRule invalid_value{
    .info =
        {
            .id = "ECS002",
            .name = "invalid_value",
            .severity = Severity::error,
            .title = "Value of the wrong type or outside what the ECS API accepts",
            .rationale = R"(RegisterTaskDefinition rejects a value of the wrong JSON type and a string outside the
API's enumeration: `"privileged": "true"` (a string, not a boolean), `"memory": "512"` in a container (a string,
not an integer), `"networkMode": "AWSVPC"` (the values are lower case), a task `cpu` of `"1 core"`. The
deployment fails at the last step, or, when a tool in between converts types loosely, the value that reaches ECS
is not the one written.

shipshape checks every value against the ECS API model (version 2014-11-13): JSON types, the enumerations
(`networkMode`, `logDriver`, `requiresCompatibilities`, `operatingSystemFamily`, ulimit names, ...), the task
`cpu` and `memory` formats (`"1024"` or `"1 vCPU"`, `"2048"` or `"2 GB"`), and `null`, which the AWS CLI refuses.
Template placeholders (`"${cpu}"`, `"$$$NETWORK_MODE$$$"`, `"{{mode}}"`) are values filled in later and are not
checked. In a bare container list (Terraform's `container_definitions`), `null` is accepted, since Terraform
drops null attributes.)",
            .fix = R"(Write the value with the type and spelling the API expects. Booleans and integers are not
quoted; the task-level `cpu` and `memory` are strings:

```json
{
  "family": "web",
  "cpu": "256",
  "memory": "512",
  "networkMode": "awsvpc",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 512, "privileged": false}]
}
```)",
            .tags = kTags,
            .example_bad = R"({
  "family": "web",
  "networkMode": "AWSVPC",
  "containerDefinitions": [
    {"name": "web", "image": "nginx:1.27", "memory": "512", "privileged": "false"}
  ]
}
)",
            .example_good = R"({
  "family": "web",
  "networkMode": "awsvpc",
  "containerDefinitions": [
    {"name": "web", "image": "nginx:1.27", "memory": 512, "privileged": false}
  ]
}
)",
            .see_also = "AWS CLI parameter validation (`Invalid type for parameter`); ECS `ClientException`",
        },
    .check = check,
};

}  // namespace shipshape::rules::ecs_rules
