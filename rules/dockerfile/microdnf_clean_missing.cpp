// DF103: microdnf installs without `microdnf clean all` afterwards in the same RUN, in a stage that ships.
#include "parsers/dockerfile/document.h"
#include "rules/rule.h"
#include "rules/support/package_managers.h"

namespace shipshape::rules::dockerfile_rules {

namespace {

constexpr std::string_view kTags[] = {"image-size", "best-practice"};

void check(const dockerfile::Document& document, Report& report) {
  static const dockerfile_support::CacheCleanup kRule{
      .programs = {"microdnf"},
      .syntax = &dockerfile_support::rpm_manager_syntax(),
      .fills_cache = dockerfile_support::rpm_fills_cache,
      .clean_programs = {"microdnf", "dnf", "yum"},
      .clean_commands = {{"clean", "all"}},
      .cache_dirs = {"/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5"},
      .remedy = "`microdnf clean all`",
      .leaves = "repository metadata in /var/cache",
  };
  dockerfile_support::check_cache_cleanup(document, report, kRule);
}

}  // namespace

extern const DockerfileRule microdnf_clean_missing{
    .info =
        {
            .id = "DF103",
            .name = "microdnf_clean_missing",
            .severity = Severity::warning,
            .title = "microdnf cache not cleaned in the same RUN",
            .rationale = R"(`microdnf`, the package manager of the Red Hat UBI minimal images, downloads repository
metadata into `/var/cache/yum` (or `/var/cache/dnf`) on every install or update. The point of a minimal image is to
stay small, and tens of megabytes of metadata in a layer defeat it; since each RUN is a layer, the cache has to go
in the RUN that created it.

Only the stages that ship are checked (the final stage or `--target`, and the stages it is built `FROM`).
`microdnf clean all` and `rm -rf` of the cache directory after the install count, as does a cache or tmpfs mount
over it.)",
            .fix = R"(Clean in the same RUN:

```dockerfile
RUN microdnf install -y shadow-utils && microdnf clean all
```)",
            .tags = kTags,
            .example_bad = R"(FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
RUN microdnf install -y shadow-utils
)",
            .example_good = R"(FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
RUN microdnf install -y shadow-utils && microdnf clean all
)",
            .see_also = "Trivy DS-0027 (AVD-DS-0027)",
            .reads_run = [](std::string_view run_text) { return mentions(run_text, "microdnf"); },
        },
    .check = check,
};

}  // namespace shipshape::rules::dockerfile_rules
