// ECS103: a Linux container whose root filesystem is writable: `readonlyRootFilesystem` missing or false.
#include <fmt/format.h>

#include "parsers/ecs/model.h"
#include "rules/rule.h"
#include "rules/support/ecs_helpers.h"

namespace shipshape::rules::ecs_rules {

namespace {

constexpr std::string_view kTags[] = {"security", "hardening"};

void check(const ecs::TaskDefinitionFile& file, Report& report) {
  const ecs::TaskDefinition& task = file.task.value;
  // Windows containers do not support readonlyRootFilesystem.
  if (!task.containers.is_known() || ecs_support::is_windows_task(task)) return;
  for (const auto& [i, container] : ecs_support::known_containers(task)) {
    const ecs::Located<bool>& read_only = container->readonly_root_filesystem;
    const std::string label = ecs_support::container_label(container, i);
    if (read_only.is(false)) {
      ecs_support::add_finding(
          report, ecs_support::value_spot(read_only),
          fmt::format("{} has a writable root filesystem: `readonlyRootFilesystem` is false", label));
    } else if (!read_only.present) {
      ecs_support::add_finding(
          report,
          read_only.written() ? ecs_support::value_spot(read_only) : ecs_support::missing_key_spot(file, container),
          fmt::format("{} has a writable root filesystem: `readonlyRootFilesystem` is not set, and it defaults to "
                      "false",
                      label));
    }
  }
}

}  // namespace

extern const EcsRule writable_root_filesystem{
    .info =
        {
            .id = "ECS103",
            .name = "writable_root_filesystem",
            .severity = Severity::warning,
            .title = "Container root filesystem is writable",
            .rationale = R"(A container whose root filesystem is writable lets an attacker who gets code execution in
it persist: drop tools and binaries, replace the application's own files, plant a web shell, or modify
configuration that is read later. A read-only root filesystem confines writes to the volumes and tmpfs mounts the
task definition names, which also documents where the application writes.

AWS Security Hub control **ECS.5** ("ECS task definitions should configure containers to be limited to
read-only access to root filesystems"), the AWS Config rule `ecs-containers-readonly-access` and Control Tower's
**CT.ECS.PR.6** fail a container whose `readonlyRootFilesystem` is false or not set. Windows task definitions are
out of scope: Windows containers do not support the parameter.)",
            .fix = R"(Set `readonlyRootFilesystem` to true, and give the application the writable paths it needs as
volumes or tmpfs mounts:

```json
{
  "name": "web",
  "image": "nginx:1.27",
  "readonlyRootFilesystem": true,
  "linuxParameters": {"tmpfs": [{"containerPath": "/tmp", "size": 64}]}
}
```

On Fargate, where tmpfs is not available, mount a task-scoped volume (an entry in `volumes` with only a name)
at each writable path.)",
            .tags = kTags,
            .security_severity = "5.0",
            .example_bad = R"({
  "family": "web",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "readonlyRootFilesystem": false}]
}
)",
            .example_good = R"({
  "family": "web",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "readonlyRootFilesystem": true}]
}
)",
            .see_also = "AWS Security Hub ECS.5; AWS Config ecs-containers-readonly-access; AWS Control Tower "
                        "CT.ECS.PR.6; Checkov CKV_AWS_336 (Terraform); Prowler "
                        "ecs_task_definitions_containers_readonly_access",
        },
    .check = check,
};

}  // namespace shipshape::rules::ecs_rules
