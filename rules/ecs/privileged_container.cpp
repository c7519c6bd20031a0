// ECS102: `privileged: true`.
#include <fmt/format.h>

#include "parsers/ecs/model.h"
#include "rules/rule.h"
#include "rules/support/ecs_helpers.h"

namespace shipshape::rules::ecs_rules {

namespace {

constexpr std::string_view kTags[] = {"security", "least-privilege"};

void check(const ecs::TaskDefinitionFile& file, Report& report) {
  const ecs::TaskDefinition& task = file.task.value;
  const bool fargate = ecs_support::requires_fargate(task);
  for (const auto& [i, container] : ecs_support::known_containers(task)) {
    if (!container->privileged.is(true)) continue;
    ecs_support::add_finding(
        report, ecs_support::value_spot(container->privileged),
        fmt::format("{} runs privileged: it gets every capability and the host's devices, root on the host in all "
                    "but name{}",
                    ecs_support::container_label(container, i),
                    fargate ? "; Fargate does not support `privileged` and rejects this task definition" : ""));
  }
}

}  // namespace

extern const EcsRule privileged_container{
    .info =
        {
            .id = "ECS102",
            .name = "privileged_container",
            .severity = Severity::error,
            .title = "Container runs privileged",
            .rationale = R"(`privileged: true` gives the container every Linux capability, access to all host
devices, and turns off the seccomp, AppArmor and SELinux confinement Docker applies by default. The ECS API
describes it as granting "elevated privileges on the host container instance", similar to root: a process in a
privileged container can mount the host's disks, load kernel modules and escape to the container instance, and
from there reach every other task on it and the instance role's credentials.

AWS Security Hub control **ECS.4** ("ECS containers should run as non-privileged"), the AWS Config rule
`ecs-containers-nonprivileged` and Control Tower's **CT.ECS.PR.11** fail any container with `privileged: true`.
Fargate does not support the parameter at all.)",
            .fix = R"(Remove `privileged` (it defaults to false). When the container needs one specific privilege, grant
only that: a capability in `linuxParameters.capabilities.add`, or a single device in `linuxParameters.devices`:

```json
{
  "name": "web",
  "image": "nginx:1.27",
  "linuxParameters": {"capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]}}
}
```)",
            .tags = kTags,
            .security_severity = "8.8",
            .example_bad = R"({
  "family": "web",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "privileged": true}]
}
)",
            .example_good = R"({
  "family": "web",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "privileged": false}]
}
)",
            .see_also = "AWS Security Hub ECS.4; AWS Config ecs-containers-nonprivileged; AWS Control Tower "
                        "CT.ECS.PR.11; Checkov CKV_AWS_334 (Terraform); Prowler "
                        "ecs_task_definitions_no_privileged_containers",
        },
    .check = check,
};

}  // namespace shipshape::rules::ecs_rules
