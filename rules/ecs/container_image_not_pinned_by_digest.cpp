// ECS110: a container image referenced by tag only, without a digest.
#include <fmt/format.h>

#include "parsers/ecs/model.h"
#include "rules/rule.h"
#include "rules/support/ecs_helpers.h"

namespace shipshape::rules::ecs_rules {

namespace {

constexpr std::string_view kTags[] = {"reproducibility", "supply-chain"};

void check(const ecs::TaskDefinitionFile& file, Report& report) {
  const ecs::TaskDefinition& task = file.task.value;
  for (const auto& [i, container] : ecs_support::known_containers(task)) {
    const ImageReference& image = container->image_reference;  // invalid when unknown, templated or malformed
    if (!image.valid || image.has_digest()) continue;
    ecs_support::add_finding(report, ecs_support::content_spot(file, container->image),
                             fmt::format("{} uses image `{}` without pinning it by digest",
                                         ecs_support::container_label(container, i), container->image.value));
  }
}

}  // namespace

extern const EcsRule container_image_not_pinned_by_digest{
    .info =
        {
            .id = "ECS110",
            .name = "container_image_not_pinned_by_digest",
            .severity = Severity::note,
            .title = "Container image is not pinned by digest",
            .rationale = R"(A tag is a mutable pointer: its owner, or anyone who gets push access to the repository, can
move `nginx:1.27` or `app:v42` to a different image, and the next task that starts runs it. A digest
(`@sha256:...`) names the content itself, so the task definition in review is exactly what runs, a compromised
registry account cannot swap the image under it, and an old revision of the task definition still starts the
same image. ECS's `versionConsistency` (on by default) resolves a tag to a digest once per deployment, which keeps
the tasks of one deployment consistent but does not pin anything in the file.

This is a note: pinning needs a process that updates the digests (Renovate, Dependabot, or the CI that builds the
image writing its digest into the task definition).)",
            .fix = R"(Reference the image by digest, keeping the tag for readers:

```json
{"name": "web", "image": "nginx:1.27.3@sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a"}
```)",
            .tags = kTags,
            .example_bad = R"({
  "family": "web",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27.3"}]
}
)",
            .example_good = R"({
  "family": "web",
  "containerDefinitions": [{
    "name": "web",
    "image": "nginx:1.27.3@sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a"
  }]
}
)",
            .see_also = "shipshape DF102 (Dockerfiles)",
        },
    .check = check,
};

}  // namespace shipshape::rules::ecs_rules
