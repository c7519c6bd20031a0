// DL3009: `apt-get update` without removing /var/lib/apt/lists in the same RUN, in a stage that ships.
#include "parsers/dockerfile/document.h"
#include "rules/rule.h"
#include "rules/support/package_managers.h"

namespace shipshape::rules::dockerfile_rules {

namespace {

constexpr std::string_view kTags[] = {"image-size", "best-practice"};

void check(const dockerfile::Document& document, Report& report) {
  static const dockerfile_support::CacheCleanup kRule{
      .programs = {"apt-get", "apt", "aptitude"},
      .syntax = &dockerfile_support::apt_syntax(),
      .fills = {"update"},
      // APT 2.7.8 and later (Debian trixie, Ubuntu 24.04): `dist-clean` is `clean` plus the package lists.
      .clean_programs = {"apt-get", "apt"},
      .clean_commands = {{"dist-clean"}},
      .cache_dirs = {"/var/lib/apt/lists"},
      .remedy = "`rm -rf /var/lib/apt/lists/*`",
      .leaves = "the package lists (/var/lib/apt/lists)",
  };
  dockerfile_support::check_cache_cleanup(document, report, kRule);
}

}  // namespace

extern const DockerfileRule apt_lists_not_removed{
    .info =
        {
            .id = "DL3009",
            .name = "apt_lists_not_removed",
            .severity = Severity::note,
            .title = "APT package lists left in the image",
            .rationale = R"(`apt-get update` downloads the package lists of every configured repository into
`/var/lib/apt/lists`, typically 20 to 50 MB. Once the packages are installed the lists are useless in the image,
and since every RUN is a layer, removing them in a later RUN does not make the image smaller: they must go in the
RUN that downloaded them (`rm -rf /var/lib/apt/lists/*`, or `apt-get dist-clean` with APT 2.7.8 and later;
`apt-get clean` empties only `/var/cache/apt`). Stale lists also invite a later `apt-get install` without `update`, which installs
outdated versions or fails.

Only the stages that ship are checked (the final stage or `--target`, and the stages it is built `FROM`), as
hadolint does: a builder stage's lists never reach the image. A RUN that mounts a cache or tmpfs over
`/var/lib/apt/lists` (or `/var/lib/apt`) keeps the lists out of the layer and is fine. Commands are found in the
shell script itself, so `sudo apt-get update`, chains, subshells, `if` blocks, `sh -c '...'` and heredoc bodies
count, and a mention inside a string or comment does not.)",
            .fix = R"(Remove the lists at the end of the same RUN (`apt-get dist-clean` does it too, from APT 2.7.8 on:
Debian 13 and Ubuntu 24.04):

```dockerfile
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
```

or keep them in a build cache:

```dockerfile
RUN --mount=type=cache,target=/var/lib/apt,sharing=locked \
    --mount=type=cache,target=/var/cache/apt,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends curl
```)",
            .tags = kTags,
            .example_bad = R"(FROM debian:12.5
RUN apt-get update && apt-get install -y --no-install-recommends curl
)",
            .example_good = R"(FROM debian:12.5
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
)",
            .see_also = "hadolint DL3009",
            .reads_run = [](std::string_view run_text) { return mentions(run_text, "apt"); },
        },
    .check = check,
};

}  // namespace shipshape::rules::dockerfile_rules
