// DL3007: an image reference with the `latest` tag and no digest.
#include "parsers/dockerfile/document.h"
#include "rules/rule.h"
#include "rules/support/dockerfile_helpers.h"

namespace shipshape::rules::dockerfile_rules {

namespace {

constexpr std::string_view kTags[] = {"reproducibility", "best-practice"};

void check(const dockerfile::Document& document, Report& report) {
  for (const dockerfile_support::ImageSite& site : dockerfile_support::image_sites(document)) {
    const ImageReference& ref = site.reference;
    if (!ref.valid || !site.tag_known || ref.has_digest() || ref.tag != "latest") continue;
    const Range where = site.tag_range.empty() ? site.name_range : site.tag_range;
    report.at(where, "{} uses the `latest` tag, which moves whenever a new version is pushed",
              dockerfile_support::describe_image(site));
  }
}

}  // namespace

extern const DockerfileRule image_latest_tag{
    .info =
        {
            .id = "DL3007",
            .name = "image_latest_tag",
            .severity = Severity::warning,
            .title = "Image with the latest tag",
            .rationale = R"(`latest` is not a version: it is a label the publisher moves to each new release.
An image built `FROM something:latest` changes under you between builds, can jump a major version without
warning, and cannot be rebuilt as it was; a rollback to an old commit does not roll the base image back.

The rule reads `FROM` lines with variables resolved (`FROM ubuntu:${TAG}` with `ARG TAG=latest`), and the images of
`COPY --from=` and `RUN --mount=from=` that read as image references. A reference pinned by digest
(`image:latest@sha256:...`) is fixed content, so it is not reported.)",
            .fix = R"(Use the version tag you tested with, ideally with its digest:

```dockerfile
FROM node:20.12-bookworm-slim
```)",
            .tags = kTags,
            .example_bad = R"(FROM ubuntu:latest
RUN echo hello
)",
            .example_good = R"(FROM ubuntu:24.04
RUN echo hello
)",
            .see_also = "hadolint DL3007, Trivy DS-0001 (AVD-DS-0001), Checkov CKV_DOCKER_7",
        },
    .check = check,
};

}  // namespace shipshape::rules::dockerfile_rules
