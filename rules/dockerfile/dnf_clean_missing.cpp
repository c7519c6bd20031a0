// DL3040: dnf (or tdnf) installs without `dnf clean all` afterwards in the same RUN, in a stage that ships.
#include "parsers/dockerfile/document.h"
#include "rules/rule.h"
#include "rules/support/package_managers.h"

namespace shipshape::rules::dockerfile_rules {

namespace {

constexpr std::string_view kTags[] = {"image-size", "best-practice"};

void check(const dockerfile::Document& document, Report& report) {
  static const dockerfile_support::CacheCleanup kRule{
      .programs = {"dnf", "dnf5", "dnf-3", "tdnf"},
      .syntax = &dockerfile_support::rpm_manager_syntax(),
      .fills_cache = dockerfile_support::rpm_fills_cache,
      .clean_programs = {"dnf", "dnf5", "dnf-3", "tdnf", "yum"},
      .clean_commands = {{"clean", "all"}},
      .cache_dirs = {"/var/cache/dnf", "/var/cache/libdnf5", "/var/cache/tdnf", "/var/cache/yum"},
      .remedy = "`dnf clean all` (`tdnf clean all`)",
      .leaves = "repository metadata and packages in /var/cache",
  };
  dockerfile_support::check_cache_cleanup(document, report, kRule);
}

}  // namespace

extern const DockerfileRule dnf_clean_missing{
    .info =
        {
            .id = "DL3040",
            .name = "dnf_clean_missing",
            .severity = Severity::warning,
            .title = "dnf cache not cleaned in the same RUN",
            .rationale = R"(`dnf install` (and `upgrade`, `makecache`, `module install`, ...) stores repository
metadata under `/var/cache/dnf` (`/var/cache/libdnf5` for dnf5): tens to hundreds of megabytes the running
container never uses. Each RUN is a layer, so the cache has to be removed by the RUN that created it.

The rule also covers `tdnf`, the dnf-compatible manager of Azure Linux, CBL-Mariner and Photon OS, whose cache is
`/var/cache/tdnf`. Only the stages that ship are checked (the final stage or `--target`, and the stages it is
built `FROM`). `dnf clean all` (or `yum clean all`) and `rm -rf` of the cache directory after the install count,
as does a cache or tmpfs mount over it.)",
            .fix = R"(Clean in the same RUN:

```dockerfile
RUN dnf install -y httpd && dnf clean all
```)",
            .tags = kTags,
            .example_bad = R"(FROM fedora:40
RUN dnf install -y httpd
)",
            .example_good = R"(FROM fedora:40
RUN dnf install -y httpd && dnf clean all
)",
            .see_also = "hadolint DL3040, Trivy DS-0019 (AVD-DS-0019)",
            .reads_run = [](std::string_view run_text) { return mentions(run_text, "dnf"); },
        },
    .check = check,
};

}  // namespace shipshape::rules::dockerfile_rules
