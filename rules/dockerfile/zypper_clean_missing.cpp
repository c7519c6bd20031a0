// DL3036: zypper installs without `zypper clean` afterwards in the same RUN, in a stage that ships.
#include "parsers/dockerfile/document.h"
#include "rules/rule.h"
#include "rules/support/package_managers.h"

namespace shipshape::rules::dockerfile_rules {

namespace {

constexpr std::string_view kTags[] = {"image-size", "best-practice"};

void check(const dockerfile::Document& document, Report& report) {
  static const dockerfile_support::CacheCleanup kRule{
      .programs = {"zypper"},
      .syntax = &dockerfile_support::zypper_syntax(),
      .fills = {"install", "in", "update", "up", "dist-upgrade", "dup", "patch", "source-install", "si",
                "install-new-recommends", "inr", "refresh", "ref"},
      .clean_programs = {"zypper"},
      .clean_commands = {{"clean"}, {"cc"}},
      .cache_dirs = {"/var/cache/zypp"},
      .remedy = "`zypper clean --all`",
      .leaves = "repository metadata and packages in /var/cache/zypp",
  };
  dockerfile_support::check_cache_cleanup(document, report, kRule);
}

}  // namespace

extern const DockerfileRule zypper_clean_missing{
    .info =
        {
            .id = "DL3036",
            .name = "zypper_clean_missing",
            .severity = Severity::warning,
            .title = "zypper cache not cleaned in the same RUN",
            .rationale = R"(`zypper install` (and `refresh`, `update`, `dist-upgrade`, `patch`, ...) stores
repository metadata and downloaded packages under `/var/cache/zypp`, which the running container never uses.
Each RUN is a layer, so the cache has to be removed by the RUN that created it; cleaning later leaves it in the
image.

Only the stages that ship are checked (the final stage or `--target`, and the stages it is built `FROM`).
`zypper clean` (`zypper cc`, with any options) and `rm -rf /var/cache/zypp` after the install count, as does a
cache or tmpfs mount over the cache directory.)",
            .fix = R"(Clean in the same RUN:

```dockerfile
RUN zypper --non-interactive install curl && zypper clean --all
```)",
            .tags = kTags,
            .example_bad = R"(FROM opensuse/leap:15.6
RUN zypper --non-interactive install curl
)",
            .example_good = R"(FROM opensuse/leap:15.6
RUN zypper --non-interactive install curl && zypper clean --all
)",
            .see_also = "hadolint DL3036, Trivy DS-0020 (AVD-DS-0020)",
            .reads_run = [](std::string_view run_text) { return mentions(run_text, "zypper"); },
        },
    .check = check,
};

}  // namespace shipshape::rules::dockerfile_rules
