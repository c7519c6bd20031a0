// ECS109: a container image with the `latest` tag or no tag at all (which means `latest`), and no digest.
#include <fmt/format.h>

#include "parsers/ecs/model.h"
#include "rules/rule.h"
#include "rules/support/ecs_helpers.h"

namespace shipshape::rules::ecs_rules {

namespace {

constexpr std::string_view kTags[] = {"reproducibility", "best-practice"};

void check(const ecs::TaskDefinitionFile& file, Report& report) {
  const ecs::TaskDefinition& task = file.task.value;
  for (const auto& [i, container] : ecs_support::known_containers(task)) {
    const ImageReference& image = container->image_reference;  // invalid when unknown, templated or malformed
    if (!image.valid || image.has_digest()) continue;
    const ecs::Located<std::string>& written = container->image;
    const std::string label = ecs_support::container_label(container, i);
    if (!image.has_tag()) {
      ecs_support::add_finding(
          report, {file.subrange(written, image.name_span.begin, image.name_span.end), written.pointer},
          fmt::format("{} uses image `{}` without a tag, so it runs whatever `latest` points to at each deployment",
                      label, written.value));
    } else if (image.tag == "latest") {
      ecs_support::add_finding(
          report, {file.subrange(written, image.tag_span.begin, image.tag_span.end), written.pointer},
          fmt::format("{} uses the `latest` tag of `{}`, so it runs whatever that tag points to at each deployment",
                      label, image.familiar_name()));
    }
  }
}

}  // namespace

extern const EcsRule image_latest_or_untagged{
    .info =
        {
            .id = "ECS109",
            .name = "image_latest_or_untagged",
            .severity = Severity::warning,
            .title = "Container image uses the latest tag or no tag",
            .rationale = R"(`latest` is not a version: it is whatever the image's publisher pushed last, and an image
without a tag means `latest`. A task definition that names `nginx` or `app:latest` runs different software
whenever a task starts after a push: a scale-out, a replaced Fargate task or a new container instance can start a
new major version beside the old one, and rolling back to an earlier revision of the task definition does not
roll back the image. ECS's `versionConsistency` only makes the tasks of one deployment agree; the next deployment
resolves the tag again.

An image pinned by digest (`@sha256:...`) is not reported, with or without a tag. Images written as placeholders
(`"${image}"`, `{{app-image}}`) are not checked.)",
            .fix = R"(Name a specific version, ideally an immutable one, and pin the digest when you can (see
ECS110):

```json
{"name": "web", "image": "nginx:1.27.3"}
```)",
            .tags = kTags,
            .example_bad = R"({
  "family": "web",
  "containerDefinitions": [{"name": "web", "image": "nginx:latest"}]
}
)",
            .example_good = R"({
  "family": "web",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27.3"}]
}
)",
            .see_also = "hadolint DL3006, DL3007 and shipshape DL3006, DL3007 (Dockerfiles); Trivy AVD-DS-0001 "
                        "(Dockerfiles)",
        },
    .check = check,
};

}  // namespace shipshape::rules::ecs_rules
