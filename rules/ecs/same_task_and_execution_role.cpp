// ECS106: the task role and the execution role are the same role, so the application's containers hold the ECS
// agent's permissions (image pulls, log delivery, and reading every secret the task is given).
#include <fmt/format.h>

#include "parsers/ecs/model.h"
#include "rules/rule.h"
#include "rules/support/ecs_helpers.h"
#include "rules/support/iam_roles.h"

namespace shipshape::rules::ecs_rules {

namespace {

constexpr std::string_view kTags[] = {"security", "iam", "least-privilege"};

void check(const ecs::TaskDefinitionFile& file, Report& report) {
  if (!ecs_support::has_task_level(file)) return;
  const ecs::TaskDefinition& task = file.task.value;
  if (!task.task_role_arn.is_known() || !task.execution_role_arn.is_known()) return;
  const auto task_role = iam::parse_role(task.task_role_arn.value);
  const auto execution_role = iam::parse_role(task.execution_role_arn.value);
  if (!task_role || !execution_role || !iam::same_role(*task_role, *execution_role)) return;
  ecs_support::add_finding(report, ecs_support::value_spot(task.task_role_arn),
                           fmt::format("the task role is the execution role (`{}`): the containers get the "
                                       "permissions meant for the ECS agent, including every secret the task reads",
                                       task_role->name));
}

}  // namespace

extern const EcsRule same_task_and_execution_role{
    .info =
        {
            .id = "ECS106",
            .name = "same_task_and_execution_role",
            .severity = Severity::warning,
            .title = "Task role and execution role are the same role",
            .rationale = R"(A task definition names two IAM roles with different audiences. The **execution role**
(`executionRoleArn`) is used by the ECS agent and Fargate to start the task: pull the image from ECR, create log
streams, and read the values of `secrets` and `logConfiguration.secretOptions`; its permissions "aren't directly
accessible by the containers in the task". The **task role** (`taskRoleArn`) is the one the application's code
gets credentials for. When both are the same role, the application holds the agent's permissions too: a
compromised container can read every secret meant only for injection, pull any image, and write to any log group
the execution role can reach. AWS's IAM best practices for ECS recommend separate roles, and Checkov's
CKV_AWS_249 and Datadog's CSPM rule def-000-7dk fail this configuration.

Roles are compared by what they name, not by how they are written: a short name (`my-role`) and an ARN
(`arn:aws:iam::123456789012:role/my-role`) name the same role, whatever the partition (`aws`, `aws-cn`,
`aws-us-gov`), the role's path (`role/service/my-role`), a trailing slash or the case of the name (IAM role names
are unique regardless of case); the accounts are compared when both are written. Placeholders (`$$$ROLE$$$`,
`${role_arn}`) and empty strings are not compared.)",
            .fix = R"(Create a separate task role with only the permissions the application needs, and keep the
execution role for the agent (the AWS managed policy `AmazonECSTaskExecutionRolePolicy` plus read access to the
task's secrets):

```json
{
  "family": "web",
  "taskRoleArn": "arn:aws:iam::123456789012:role/web-task",
  "executionRoleArn": "arn:aws:iam::123456789012:role/web-execution",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]
}
```)",
            .tags = kTags,
            .security_severity = "6.0",
            .example_bad = R"({
  "family": "web",
  "taskRoleArn": "arn:aws:iam::123456789012:role/web",
  "executionRoleArn": "web",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]
}
)",
            .example_good = R"({
  "family": "web",
  "taskRoleArn": "arn:aws:iam::123456789012:role/web-task",
  "executionRoleArn": "arn:aws:iam::123456789012:role/web-execution",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]
}
)",
            .see_also = "Checkov CKV_AWS_249 (Terraform); Datadog CSPM def-000-7dk; Steampipe "
                        "ecs_task_definition_role_check (Terraform)",
        },
    .check = check,
};

}  // namespace shipshape::rules::ecs_rules
