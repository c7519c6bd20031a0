// DF106: an image pulled from a registry outside the configured list of trusted registries.
#include "parsers/dockerfile/document.h"
#include "parsers/text.h"
#include "rules/rule.h"
#include "rules/support/dockerfile_helpers.h"

namespace shipshape::rules::dockerfile_rules {

namespace {

constexpr std::string_view kTags[] = {"security", "supply-chain"};

constexpr RuleOption kOptions[] = {
    {.name = "trusted-registries",
     .type = OptionType::string_list,
     .default_value = R"(["docker.io"])",
     .description = "Registries (`ghcr.io`, `*.dkr.ecr.*.amazonaws.com`) or registry/path prefixes "
                    "(`ghcr.io/my-org`) images may come from; `*` matches within a name, `**` across `/`. "
                    "`docker.io` stands for Docker Hub however it is written. An empty list reports nothing"},
};

std::string normalized_registry(std::string_view entry) {
  std::string out = text::to_lower(entry);
  for (const std::string_view alias : {"index.docker.io", "registry-1.docker.io", "registry.hub.docker.com",
                                       "hub.docker.com"}) {
    if (out == alias || out.rfind(std::string(alias) + "/", 0) == 0) out.replace(0, alias.size(), "docker.io");
  }
  while (!out.empty() && out.back() == '/') out.pop_back();
  return out;
}

bool trusted(const ImageReference& ref, const std::vector<std::string>& entries) {
  const std::string registry = text::to_lower(ref.registry);
  const std::string full = registry + "/" + ref.repository;
  for (const std::string& raw : entries) {
    const std::string entry = normalized_registry(raw);
    if (entry.empty()) continue;
    if (text::glob_match(entry, registry) || text::glob_match(entry, full) || text::glob_match(entry + "/**", full)) {
      return true;
    }
  }
  return false;
}

void check(const dockerfile::Document& document, Report& report) {
  const std::vector<std::string>& entries = report.options().string_list("trusted-registries");
  if (entries.empty()) return;
  for (const dockerfile_support::ImageSite& site : dockerfile_support::image_sites(document)) {
    const ImageReference& ref = site.reference;
    if (!ref.valid || !site.registry_known || trusted(ref, entries)) continue;
    const std::string registry =
        ref.registry == "docker.io" ? "Docker Hub (`docker.io`)" : fmt::format("`{}`", ref.registry);
    report.at(ref.registry_explicit ? site.registry_range : site.name_range,
              "{} comes from {}, which is not a trusted registry", dockerfile_support::describe_image(site),
              registry);
  }
}

}  // namespace

extern const DockerfileRule untrusted_registry{
    .info =
        {
            .id = "DF106",
            .name = "untrusted_registry",
            .severity = Severity::warning,
            .title = "Image from a registry that is not trusted",
            .rationale = R"(Everything in an image's layers runs with the application's privileges, so where a base
image comes from is a supply-chain decision. Organisations that mirror or vet images want every build to pull only
from their own registries (an internal mirror, their ECR accounts, a vetted path on GitHub Container Registry),
and an image from anywhere else, including a typo-squatted name on Docker Hub, should be caught in review.

The rule is off by default because the list is specific to each organisation. It covers `FROM` (with variables
resolved), `COPY --from=<image>` and `RUN --mount=from=<image>`. An image whose registry depends on a value only
the build knows is not reported; `scratch` and stage references are not images.)",
            .fix = R"(Pull the image through a trusted registry (a mirror or a vetted copy), or add its registry or
path to the option:

```yaml
rules:
  DF106:
    enabled: true
    options:
      trusted-registries: ["123456789012.dkr.ecr.*.amazonaws.com", "ghcr.io/my-org"]
```)",
            .tags = kTags,
            .security_severity = "5.0",
            .enabled_by_default = false,
            .options = kOptions,
            .example_bad = R"(FROM quay.io/prometheus/busybox:glibc
RUN echo hello
)",
            .example_good = R"(FROM busybox:1.36-glibc
RUN echo hello
)",
            .see_also = "hadolint DL3026",
        },
    .check = check,
};

}  // namespace shipshape::rules::dockerfile_rules
