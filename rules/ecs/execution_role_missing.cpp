// ECS108: no execution role, though the task needs one: `secrets` or `secretOptions` to inject, `environmentFiles`
// to fetch from S3, `repositoryCredentials` for a private registry, and on Fargate an `awslogs` log driver or an
// image in a private ECR registry.
#include <fmt/format.h>

#include "parsers/ecs/model.h"
#include "rules/rule.h"
#include "rules/support/ecs_helpers.h"

namespace shipshape::rules::ecs_rules {

namespace {

constexpr std::string_view kTags[] = {"correctness", "iam"};

bool non_empty(const ecs::LocatedList<ecs::Secret>& list) { return list.is_known() && !list->empty(); }

// Why this container needs an execution role, or empty.
std::string_view need_of(const ecs::Container& c, bool fargate) {
  if (non_empty(c.secrets)) return "reads `secrets`";
  if (c.log_configuration.is_known() && non_empty(c.log_configuration->secret_options)) {
    return "reads `logConfiguration.secretOptions`";
  }
  if (c.repository_credentials.is_known()) return "pulls its image with `repositoryCredentials`";
  if (c.environment_files.is_known() && !c.environment_files->empty()) return "loads `environmentFiles` from S3";
  if (fargate && c.log_configuration.is_known() && c.log_configuration->log_driver.is("awslogs")) {
    return "uses the `awslogs` log driver on Fargate";
  }
  if (fargate && c.image_reference.valid && c.image_reference.is_private_ecr()) {
    return "pulls its image from a private ECR registry on Fargate";
  }
  return {};
}

void check(const ecs::TaskDefinitionFile& file, Report& report) {
  if (!ecs_support::has_task_level(file)) return;
  const ecs::TaskDefinition& task = file.task.value;
  const ecs::Located<std::string>& role = task.execution_role_arn;
  if (role.present || !task.containers.is_known()) return;  // written (even as a placeholder), or nothing to check
  const bool fargate = ecs_support::requires_fargate(task);
  std::vector<std::string> needs;
  for (const auto& [i, container] : ecs_support::known_containers(task)) {
    const std::string_view need = need_of(container.value, fargate);
    if (!need.empty()) needs.push_back(fmt::format("{} {}", ecs_support::container_label(container, i), need));
  }
  if (needs.empty()) return;
  std::string reasons = needs.front();
  if (needs.size() == 2) reasons += " and " + needs[1];
  if (needs.size() > 2) reasons += fmt::format(", and {} more containers need one too", needs.size() - 1);
  const ecs_support::Spot spot =
      role.written() ? ecs_support::value_spot(role) : ecs_support::missing_key_spot(file, file.task);
  std::string_view what = "the task has no `executionRoleArn`";
  if (role.written()) {
    what = file.json.kind(role.node) == json::Kind::null ? "the task's `executionRoleArn` is null"
                                                         : "the task's `executionRoleArn` is empty";
  }
  ecs_support::add_finding(report, spot, fmt::format("{}, but {}: ECS needs one to start this task", what, reasons));
}

}  // namespace

extern const EcsRule execution_role_missing{
    .info =
        {
            .id = "ECS108",
            .name = "execution_role_missing",
            .severity = Severity::error,
            .title = "Task needs an execution role but has none",
            .rationale = R"(The execution role (`executionRoleArn`) is what the ECS agent and Fargate use on the task's
behalf before the application starts. Without it, these fail: some at registration (Fargate refuses an `awslogs`
log driver without an execution role), most only when a task starts, which stops with
`ResourceInitializationError` or `CannotPullContainerError`:

- injecting `secrets` and `logConfiguration.secretOptions` from Secrets Manager or SSM Parameter Store;
- fetching `environmentFiles` from S3;
- authenticating to a private registry with `repositoryCredentials`;
- on Fargate, pulling an image from a private Amazon ECR repository, and sending logs with the `awslogs` driver
  (on EC2 the container instance's role can do these two).

An empty string (`"executionRoleArn": ""`, as in AWS's own examples) counts as missing. A placeholder
(`$$$EXECUTION_ROLE$$$`, `{{execution-role-arn}}`) counts as a role. A bare container list (Terraform's
`container_definitions`) has no task level and is not checked.)",
            .fix = R"(Add an execution role with the AWS managed policy `AmazonECSTaskExecutionRolePolicy`, plus read
access to the task's secrets when it has any:

```json
{
  "family": "web",
  "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
  "containerDefinitions": [{
    "name": "web",
    "image": "nginx:1.27",
    "secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/db-password"}]
  }]
}
```)",
            .tags = kTags,
            .example_bad = R"({
  "family": "web",
  "containerDefinitions": [{
    "name": "web",
    "image": "nginx:1.27",
    "secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/db-password"}]
  }]
}
)",
            .example_good = R"({
  "family": "web",
  "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
  "containerDefinitions": [{
    "name": "web",
    "image": "nginx:1.27",
    "secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/db-password"}]
  }]
}
)",
            .see_also = "Prancer PR-AWS-0048",
        },
    .check = check,
};

}  // namespace shipshape::rules::ecs_rules
