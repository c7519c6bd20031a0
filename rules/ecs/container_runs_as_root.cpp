// ECS101: a Linux container that runs as root: `user` is root or UID 0 (with any group), or `user` is missing
// and the image is not one known to run as non-root.
#include <fmt/format.h>

#include <algorithm>

#include "parsers/ecs/model.h"
#include "parsers/ecs/values.h"
#include "rules/rule.h"
#include "rules/support/ecs_helpers.h"
#include "rules/support/image_globs.h"

namespace shipshape::rules::ecs_rules {

namespace {

constexpr std::string_view kTags[] = {"security", "least-privilege"};
constexpr RuleOption kOptions[] = {image_globs::kNonRootImagesOption};

enum class User : std::uint8_t { root, not_root, unknown };

// `root`, `0`, `root:<any group>`, `0:<any group>` (also `00`: Docker parses the UID as a number).
User classify(std::string_view user) {
  const std::string_view name = user.substr(0, user.find(':'));
  if (ecs::find_placeholder(name) != ecs::Placeholder::none) return User::unknown;
  if (name == "root") return User::root;
  const bool number =
      !name.empty() && std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (number && name.find_first_not_of('0') == std::string_view::npos) return User::root;
  return User::not_root;
}

void check(const ecs::TaskDefinitionFile& file, Report& report) {
  const ecs::TaskDefinition& task = file.task.value;
  // Windows containers have no root user; `user` is a Linux setting (Security Hub ECS.21 covers Windows).
  if (!task.containers.is_known() || ecs_support::is_windows_task(task)) return;
  const std::vector<std::string>& non_root_images = report.options().string_list("non-root-images");
  for (const auto& [i, container] : ecs_support::known_containers(task)) {
    const ecs::Located<std::string>& user = container->user;
    const std::string label = ecs_support::container_label(container, i);
    if (user.present && !user.known) continue;  // a placeholder or a value of the wrong type
    const bool unset = !user.present || user.value.empty();
    if (unset) {
      if (ecs_support::image_matches(container.value, non_root_images)) continue;
      const ecs_support::Spot spot =
          user.written() ? ecs_support::value_spot(user) : ecs_support::missing_key_spot(file, container);
      ecs_support::add_finding(report, spot,
                               fmt::format("{} {}, so it runs as the image's default user, which is root unless the "
                                           "image sets another",
                                           label, user.present ? "sets an empty `user`" : "sets no `user`"));
      continue;
    }
    if (classify(user.value) != User::root) continue;
    ecs_support::add_finding(report, ecs_support::value_spot(user),
                             fmt::format("{} runs as root: `user` is \"{}\"", label, user.value));
  }
}

}  // namespace

extern const EcsRule container_runs_as_root{
    .info =
        {
            .id = "ECS101",
            .name = "container_runs_as_root",
            .severity = Severity::warning,
            .title = "Container runs as root",
            .rationale = R"(A process running as root inside a container is root on the host kernel's terms: one
kernel or runtime vulnerability, a writable host mount, an added capability or `privileged: true` away from owning
the container instance and every other task on it. With the `host` network mode it also shares the host's
network stack. Running as an unprivileged user costs nothing for most applications and removes that whole class
of escalation.

ECS runs a container as the user its image declares unless the container definition sets `user`, and most images
declare none, so they run as root. AWS Security Hub control **ECS.20** ("ECS task definitions should configure
non-root users in Linux container definitions") and the AWS Config rule `ecs-task-definition-linux-user-non-root`
fail a container whose `user` is root or absent; Control Tower's proactive control **CT.ECS.PR.3** does the same
for CloudFormation.

shipshape reports a `user` of `root` or UID `0`, with any group (`root:root`, `0:0`, `0:1000`), and a missing or
empty `user`, except for images known to run as a non-root user (option `non-root-images`, the same list as
`DF101`'s: Google's distroless `:nonroot` tags, whose default user is `nonroot`, UID 65532, Chainguard's `static`
image, the .NET chiseled and distroless images; other Chainguard images are not listed as a whole because some,
such as `wolfi-base`, run as root: add the ones you use).
A `user` written as a placeholder (`"${app_user}"`) is not reported. Windows task definitions are out of scope:
`user` is not supported there.)",
            .fix = R"(Set `user` to an unprivileged UID (and GID) that the image can run as, ideally a numeric one
that exists in the image:

```json
{"name": "web", "image": "nginx:1.27", "user": "101:101"}
```

When the image already runs as a non-root user, set `user` to that user anyway, or add the image to the
`non-root-images` option.)",
            .tags = kTags,
            .security_severity = "6.5",
            .options = kOptions,
            .example_bad = R"({
  "family": "web",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "user": "root"}]
}
)",
            .example_good = R"({
  "family": "web",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "user": "101:101"}]
}
)",
            .see_also = "AWS Security Hub ECS.20; AWS Config ecs-task-definition-linux-user-non-root, "
                        "ecs-task-definition-nonroot-user; AWS Control Tower CT.ECS.PR.3; shipshape DL3002, DF101 "
                        "(Dockerfiles)",
        },
    .check = check,
};

}  // namespace shipshape::rules::ecs_rules
