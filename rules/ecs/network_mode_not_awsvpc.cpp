// ECS105: a task whose network mode is not awsvpc: `bridge` (also the default when `networkMode` is missing),
// `host` (the worst: the host's network stack), or anything but awsvpc on Fargate, which AWS rejects.
#include <fmt/format.h>

#include "parsers/ecs/model.h"
#include "rules/rule.h"
#include "rules/support/ecs_helpers.h"

namespace shipshape::rules::ecs_rules {

namespace {

constexpr std::string_view kTags[] = {"security", "network"};

constexpr std::string_view kFargateRejects = "; Fargate requires `awsvpc`, so AWS rejects this task definition";

void check(const ecs::TaskDefinitionFile& file, Report& report) {
  if (!ecs_support::has_task_level(file)) return;
  const ecs::TaskDefinition& task = file.task.value;
  const bool fargate = ecs_support::requires_fargate(task);
  // ECS Anywhere (EXTERNAL) supports bridge, host and none only: awsvpc is not an option there.
  if (!fargate && ecs_support::requires_compatibility(task, "EXTERNAL")) return;
  const ecs::Located<std::string>& mode = task.network_mode;
  const std::string_view fargate_note = fargate ? kFargateRejects : std::string_view();
  if (!mode.present) {
    const ecs_support::Spot spot =
        mode.written() ? ecs_support::value_spot(mode) : ecs_support::missing_key_spot(file, file.task);
    // Windows containers get NAT networking by default, Linux ones the Docker bridge.
    const std::string_view shared = ecs_support::is_windows_task(task)
                                        ? "NAT networking on Windows: its containers share the instance's NAT network"
                                        : "`bridge` on EC2 Linux instances: its containers share the instance's Docker "
                                          "bridge";
    ecs_support::add_finding(report, spot,
                             fmt::format("the task sets no `networkMode`, so it gets the default, {} and security "
                                         "groups cannot isolate them{}",
                                         shared, fargate_note));
    return;
  }
  if (!mode.is_known() || mode.templated) return;  // a placeholder, or a value of the wrong type (ECS002)
  const ecs_support::Spot spot = ecs_support::value_spot(mode);
  if (mode.value == "host") {
    ecs_support::add_finding(
        report, spot,
        fmt::format("the task uses `host` networking, the least isolated mode: its containers share the instance's "
                    "network stack, can bind any host port and reach services listening on localhost{}",
                    fargate_note));
  } else if (mode.value == "bridge") {
    ecs_support::add_finding(report, spot,
                             fmt::format("the task uses `bridge` networking: its containers share the instance's "
                                         "Docker bridge and security groups cannot isolate them{}",
                                         fargate_note));
  } else if (mode.value == "none" && fargate) {
    // `none` has no network to isolate; it is a problem only where AWS rejects it.
    ecs_support::add_finding(report, spot, fmt::format("the task uses the `none` network mode{}", fargate_note));
  }
}

}  // namespace

extern const EcsRule network_mode_not_awsvpc{
    .info =
        {
            .id = "ECS105",
            .name = "network_mode_not_awsvpc",
            .severity = Severity::warning,
            .title = "Task network mode is not awsvpc",
            .rationale = R"(With the `awsvpc` network mode each task gets its own elastic network interface, its own
private IP address and its own security groups, so network access can be granted per service and VPC flow logs
show which task talked to what. With `bridge`, the default when `networkMode` is missing, every task on an EC2
instance shares the instance's Docker bridge and the instance's security groups: any container can reach any
port the instance's groups allow, and a compromised task can reach its neighbours. With `host`, the least
isolated mode, containers share the instance's network stack itself: they can bind any host port, reach
services listening on the instance's localhost (the ECS agent's introspection API among them) and the instance
metadata service, and conflicts are resolved by whoever binds first.

The AWS Config rule `ecs-awsvpc-networking-enabled` and Control Tower's proactive control **CT.ECS.PR.4** require
`awsvpc`; Security Hub control **ECS.17** fails `host`. Fargate accepts only `awsvpc`: a task definition that
requires `FARGATE` with another mode, or none, is rejected at registration.

`none` (no external network) is reported only on Fargate. Task definitions for ECS Anywhere (`EXTERNAL`), where
`awsvpc` is not supported, are not reported. A bare container list (Terraform's `container_definitions`) has no
task level and is not checked.)",
            .fix = R"(Use `awsvpc`, and give the service a network configuration with subnets and security groups.
Each container's `hostPort` must then be absent or equal to its `containerPort`:

```json
{
  "family": "web",
  "networkMode": "awsvpc",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "portMappings": [{"containerPort": 80}]}]
}
```)",
            .tags = kTags,
            .security_severity = "5.0",
            .example_bad = R"({
  "family": "web",
  "networkMode": "host",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]
}
)",
            .example_good = R"({
  "family": "web",
  "networkMode": "awsvpc",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]
}
)",
            .see_also = "AWS Config ecs-awsvpc-networking-enabled, ecs-task-definition-network-mode-not-host; AWS "
                        "Security Hub ECS.17 (host); AWS Control Tower CT.ECS.PR.4; KICS 027a4b7a (CloudFormation), "
                        "9f4a9409 (Terraform); cfn-lint E3048 (Fargate)",
        },
    .check = check,
};

}  // namespace shipshape::rules::ecs_rules
