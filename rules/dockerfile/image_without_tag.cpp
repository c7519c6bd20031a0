// DL3006: an image reference without a tag or digest, which Docker resolves to whatever `latest` points to.
#include "parsers/dockerfile/document.h"
#include "rules/rule.h"
#include "rules/support/dockerfile_helpers.h"

namespace shipshape::rules::dockerfile_rules {

namespace {

constexpr std::string_view kTags[] = {"reproducibility", "best-practice"};

void check(const dockerfile::Document& document, Report& report) {
  for (const dockerfile_support::ImageSite& site : dockerfile_support::image_sites(document)) {
    const ImageReference& ref = site.reference;
    if (!ref.valid || !site.tag_known || ref.has_tag() || ref.has_digest()) continue;
    report.at(site.name_range, "{} has no tag, so the build pulls whatever `latest` points to at the time",
              dockerfile_support::describe_image(site));
  }
}

}  // namespace

extern const DockerfileRule image_without_tag{
    .info =
        {
            .id = "DL3006",
            .name = "image_without_tag",
            .severity = Severity::warning,
            .title = "Image without a tag",
            .rationale = R"(An image named without a tag or digest means `:latest`, which is whatever the
publisher pushed last. Two builds of the same Dockerfile a week apart can then get different base images, with a
different distribution release, language runtime or set of vulnerabilities, and nothing in the repository records
which one a given image was built from.

shipshape resolves `FROM ${BASE}` through `ARG` defaults and `--build-arg` values, so an image hidden behind a
variable is judged too; a part only the build knows (an `ARG` without default) is not reported. `scratch` and
references to earlier stages are not images. `COPY --from=<image>` and `RUN --mount=from=<image>` pull images as
well and are checked when the value reads as an image reference (it contains `/`, `:` or `@`); a bare word such
as `--from=docs` may be a stage or a named build context, so it is left alone.)",
            .fix = R"(Name the version you tested with, and pin it by digest as well for full reproducibility:

```dockerfile
FROM debian:12.5
FROM debian:12.5@sha256:<digest>
```)",
            .tags = kTags,
            .example_bad = R"(FROM debian
RUN echo hello
)",
            .example_good = R"(FROM debian:12.5
RUN echo hello
)",
            .see_also = "hadolint DL3006, Trivy DS-0001 (AVD-DS-0001), Checkov CKV_DOCKER_7",
        },
    .check = check,
};

}  // namespace shipshape::rules::dockerfile_rules
