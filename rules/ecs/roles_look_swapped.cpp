// ECS107: the task role is named like an execution role (`ecsTaskExecutionRole`, `*ExecutionRole*`), or the
// execution role like a task role (`*TaskRole*` without "execution"): the two roles look swapped or confused.
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
  const auto task_role = task.task_role_arn.is_known() ? iam::parse_role(task.task_role_arn.value) : std::nullopt;
  const auto execution_role =
      task.execution_role_arn.is_known() ? iam::parse_role(task.execution_role_arn.value) : std::nullopt;
  // One role in both places is ECS106's finding; its name says nothing more.
  if (task_role && execution_role && iam::same_role(*task_role, *execution_role)) return;
  if (task_role && iam::looks_like_execution_role(task_role->name)) {
    ecs_support::add_finding(
        report, ecs_support::value_spot(task.task_role_arn),
        fmt::format("the task role `{}` is named like an execution role: if it is one, the containers get the ECS "
                    "agent's permissions, including every secret the task reads",
                    task_role->name));
  }
  if (execution_role && iam::looks_like_task_role(execution_role->name)) {
    ecs_support::add_finding(
        report, ecs_support::value_spot(task.execution_role_arn),
        fmt::format("the execution role `{}` is named like a task role: the roles may be swapped, or one role may "
                    "serve both purposes",
                    execution_role->name));
  }
}

}  // namespace

extern const EcsRule roles_look_swapped{
    .info =
        {
            .id = "ECS107",
            .name = "roles_look_swapped",
            .severity = Severity::warning,
            .title = "Task role and execution role look swapped",
            .rationale = R"(The execution role (`executionRoleArn`) is for the ECS agent: it pulls images, writes logs
and reads the task's `secrets`. The task role (`taskRoleArn`) is for the application. Both trust the same
service principal, `ecs-tasks.amazonaws.com`, so IAM cannot tell them apart and nothing stops a task definition
from naming the execution role as its task role. That mistake is common: the console creates a role named
`ecsTaskExecutionRole`, and it ends up in `taskRoleArn` because "it already works". The application then holds
the agent's permissions, typically `AmazonECSTaskExecutionRolePolicy` plus read access to every secret the
service uses.

shipshape reads the names: a task role named `ecsTaskExecutionRole` or containing "execution role" (in any case,
with or without separators: `app-execution-role`, `AppExecutionRole`, `app_exec_role`), and an execution role
whose name contains "task role" but not "execution" or "exec" (`ecsTaskRole`, `web-task-role`). It is a
heuristic: a role's name does not prove what its policies allow, so check the role before changing it. When both
fields name the same role, ECS106 reports that instead.)",
            .fix = R"(Point each field at the role meant for it, and rename roles whose names mislead:

```json
{
  "family": "web",
  "taskRoleArn": "arn:aws:iam::123456789012:role/web-task-role",
  "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]
}
```)",
            .tags = kTags,
            .security_severity = "5.0",
            .example_bad = R"({
  "family": "web",
  "taskRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
  "executionRoleArn": "arn:aws:iam::123456789012:role/web-task-role",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]
}
)",
            .example_good = R"({
  "family": "web",
  "taskRoleArn": "arn:aws:iam::123456789012:role/web-task-role",
  "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]
}
)",
            .see_also = "AWS ECS developer guide, \"Best practices for IAM roles in Amazon ECS\"",
        },
    .check = check,
};

}  // namespace shipshape::rules::ecs_rules
