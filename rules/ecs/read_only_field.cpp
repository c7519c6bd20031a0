// ECS004: a field that DescribeTaskDefinition returns but RegisterTaskDefinition does not accept
// (taskDefinitionArn, revision, status, requiresAttributes, compatibilities, registeredAt, registeredBy, ...), in a
// file that has the register shape: usually describe output with its `taskDefinition` wrapper removed by hand.
#include "parsers/ecs/model.h"
#include "rules/rule.h"
#include "rules/support/ecs_helpers.h"

namespace shipshape::rules::ecs_rules {

namespace {

constexpr std::string_view kTags[] = {"correctness", "schema"};

void check(const ecs::TaskDefinitionFile& file, Report& report) {
  ecs_support::report_problems(file, report, ecs::ProblemKind::read_only_key);
}

}  // namespace

extern const EcsRule read_only_field{
    .info =
        {
            .id = "ECS004",
            .name = "read_only_field",
            .severity = Severity::warning,
            .title = "Describe-only field in register-task-definition input",
            .rationale = R"(A common way to get a task definition into a repository is `aws ecs
describe-task-definition`, then removing the `taskDefinition` wrapper. The result still carries fields that only
describe a registered revision: `taskDefinitionArn`, `revision`, `status`, `requiresAttributes`, `compatibilities`,
`registeredAt`, `registeredBy`, `deregisteredAt` and `deleteRequestedAt`. `aws ecs register-task-definition
--cli-input-json` rejects them as unknown parameters, and the official GitHub Actions
(amazon-ecs-deploy-task-definition, amazon-ecs-render-task-definition) strip them with a warning that they are
"not a valid field when registering". Left in the file they also mislead readers: the revision and status they
show are stale the moment the file is registered again.

The same fields are fine in describe output itself (a file with the `taskDefinition` wrapper), which shipshape
reads as such.)",
            .fix = R"(Delete the describe-only fields, or keep the whole describe output with its wrapper:

```json
{
  "family": "web",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]
}
```)",
            .tags = kTags,
            .example_bad = R"({
  "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7",
  "family": "web",
  "revision": 7,
  "status": "ACTIVE",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]
}
)",
            .example_good = R"({
  "family": "web",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]
}
)",
            .see_also = "aws-actions/amazon-ecs-deploy-task-definition (`IGNORED_TASK_DEFINITION_ATTRIBUTES`)",
        },
    .check = check,
};

}  // namespace shipshape::rules::ecs_rules
