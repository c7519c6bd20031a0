// DL3032: yum installs without `yum clean all` afterwards in the same RUN, in a stage that ships.
#include "parsers/dockerfile/document.h"
#include "rules/rule.h"
#include "rules/support/package_managers.h"

namespace shipshape::rules::dockerfile_rules {

namespace {

constexpr std::string_view kTags[] = {"image-size", "best-practice"};

void check(const dockerfile::Document& document, Report& report) {
  static const dockerfile_support::CacheCleanup kRule{
      .programs = {"yum"},
      .syntax = &dockerfile_support::rpm_manager_syntax(),
      .fills_cache = dockerfile_support::rpm_fills_cache,
      .clean_programs = {"yum", "dnf"},
      .clean_commands = {{"clean", "all"}},
      .cache_dirs = {"/var/cache/yum", "/var/cache/dnf"},
      .remedy = "`yum clean all`",
      .leaves = "repository metadata and packages in /var/cache/yum",
  };
  dockerfile_support::check_cache_cleanup(document, report, kRule);
}

}  // namespace

extern const DockerfileRule yum_clean_missing{
    .info =
        {
            .id = "DL3032",
            .name = "yum_clean_missing",
            .severity = Severity::warning,
            .title = "yum cache not cleaned in the same RUN",
            .rationale = R"(`yum install` (and `update`, `groupinstall`, `makecache`, ...) stores repository
metadata, and with `keepcache` the downloaded packages, under `/var/cache/yum`: often 50 to 200 MB that the
running container never uses. Each RUN is a layer, so the cache has to be removed by the RUN that created it;
cleaning it in a later RUN leaves it in the image.

Only the stages that ship are checked (the final stage or `--target`, and the stages it is built `FROM`): a builder
stage's cache never reaches the image. `yum clean all` (or `dnf clean all`, as `yum` is dnf on RHEL 8 and later)
and `rm -rf /var/cache/yum` after the install count, as does a cache or tmpfs mount over the cache directory.
Commands are read from the shell script, through `sudo`, chains, subshells, `sh -c '...'` and heredocs.)",
            .fix = R"(Clean in the same RUN:

```dockerfile
RUN yum install -y httpd-2.4.6 && yum clean all
```)",
            .tags = kTags,
            .example_bad = R"(FROM centos:7.9.2009
RUN yum install -y httpd
)",
            .example_good = R"(FROM centos:7.9.2009
RUN yum install -y httpd && yum clean all
)",
            .see_also = "hadolint DL3032, Trivy DS-0015 (AVD-DS-0015)",
            .reads_run = [](std::string_view run_text) { return mentions(run_text, "yum"); },
        },
    .check = check,
};

}  // namespace shipshape::rules::dockerfile_rules
