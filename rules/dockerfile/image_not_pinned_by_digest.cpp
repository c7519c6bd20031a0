// DF102: an image reference without a digest.
#include "parsers/dockerfile/document.h"
#include "rules/rule.h"
#include "rules/support/dockerfile_helpers.h"

namespace shipshape::rules::dockerfile_rules {

namespace {

constexpr std::string_view kTags[] = {"reproducibility", "supply-chain"};

void check(const dockerfile::Document& document, Report& report) {
  for (const dockerfile_support::ImageSite& site : dockerfile_support::image_sites(document)) {
    const ImageReference& ref = site.reference;
    if (!ref.valid || !site.tag_known || ref.has_digest()) continue;
    report.at(site.name_range, "{} is not pinned by digest, so its content can change under the same tag",
              dockerfile_support::describe_image(site));
  }
}

}  // namespace

extern const DockerfileRule image_not_pinned_by_digest{
    .info =
        {
            .id = "DF102",
            .name = "image_not_pinned_by_digest",
            .severity = Severity::note,
            .title = "Image not pinned by digest",
            .rationale = R"(A tag such as `debian:12.5` or `python:3.12-slim` is mutable: publishers rebuild and
re-push it for security fixes, and a compromised registry account can push anything under it. Only a digest
(`@sha256:...`) names fixed content, so only a digest makes a build reproducible and protects it from a tag being
replaced. Tools such as Renovate and Dependabot keep digests up to date, so pinning does not mean falling behind
on fixes.

This is a note rather than a warning because pinning trades automatic updates for reproducibility, a choice some
teams make differently. `FROM` lines are resolved through `ARG` defaults and `--build-arg`; `COPY --from=` and
`RUN --mount=from=` images are checked when they read as image references. `scratch` and stage references are not
images.)",
            .fix = R"(Append the digest of the image you tested with (`docker buildx imagetools inspect <image>`
prints it), and let a dependency bot update it:

```dockerfile
FROM debian:12.5@sha256:<digest>
```)",
            .tags = kTags,
            .example_bad = R"(FROM debian:12.5
RUN echo hello
)",
            .example_good = R"(FROM debian:12.5@sha256:1dc55ed6871771d4df68d393ed08d1ed9361c577cfeb903cd684a182e8a3e3ae
RUN echo hello
)",
            .see_also = "Semgrep dockerfile-source-not-pinned",
        },
    .check = check,
};

}  // namespace shipshape::rules::dockerfile_rules
