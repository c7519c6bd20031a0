// DL3019: `apk add` without `--no-cache` (nor a removal of /var/cache/apk afterwards), in a stage that ships.
#include "parsers/dockerfile/document.h"
#include "rules/rule.h"
#include "rules/support/package_managers.h"

namespace shipshape::rules::dockerfile_rules {

namespace {

constexpr std::string_view kTags[] = {"image-size", "best-practice"};

void check(const dockerfile::Document& document, Report& report) {
  static const dockerfile_support::CacheCleanup kCleanup{
      .programs = {"apk"},
      .syntax = &dockerfile_support::apk_syntax(),
      .cache_dirs = {"/var/cache/apk"},
  };
  for (const dockerfile::Instruction* run : dockerfile_support::shipped_runs(document)) {
    if (!run->script) continue;
    bool mounted = false;
    for (const std::string& target : dockerfile_support::cache_mount_targets(document, *run)) {
      mounted = mounted || dockerfile_support::path_within("/var/cache/apk", target) ||
                dockerfile_support::path_within("/etc/apk/cache", target);
    }
    if (mounted) continue;
    const dockerfile_support::RunCommands& commands = dockerfile_support::run_commands(document, *run);
    const std::string home = dockerfile_support::home_of(document, *run);
    for (const shell::CommandView& apk : commands.find({"apk"})) {
      const dockerfile_support::ManagerCommand command =
          dockerfile_support::manager_command(apk, dockerfile_support::apk_syntax());
      if (command.subcommand == nullptr) continue;
      const bool add = command.subcommand->is("add") || command.subcommand->is("upgrade");
      const bool update = command.subcommand->is("update");
      if (!add && !update) continue;
      // --no-network installs from what is already on disk: no index is fetched, so none is left behind.
      if (command.args.has_option("--no-cache", "--no-network") || command.args.has_dynamic()) continue;
      if (commands.any_after(apk.command(), [&](const shell::Command& c) {
            return dockerfile_support::cleans_cache(c, kCleanup, home);
          })) {
        continue;
      }
      if (update) {
        report.at(command.span,
                  "`apk update` stores the package index in /var/cache/apk: drop it and use `apk add --no-cache`, "
                  "or remove /var/cache/apk/* in the same RUN");
      } else {
        report.at(command.span,
                  "`{}` without `--no-cache` leaves the package index in /var/cache/apk: add `--no-cache`",
                  command.display);
      }
    }
  }
}

}  // namespace

extern const DockerfileRule apk_add_without_no_cache{
    .info =
        {
            .id = "DL3019",
            .name = "apk_add_without_no_cache",
            .severity = Severity::note,
            .title = "apk add without --no-cache",
            .rationale = R"(Without `--no-cache`, `apk add` (and `apk upgrade`) downloads the repository indexes into
`/var/cache/apk` and leaves them there; `apk update` does nothing else. On an Alpine image of a few megabytes, the
indexes are a sizeable share of the layer, and they are stale the moment the image is built. `--no-cache` fetches
the indexes to a temporary location and removes them when the command ends, so nothing is left to clean.

`--no-network` fetches nothing, so it leaves nothing behind either. Only the stages that ship are checked (the
final stage or `--target`, and the stages it is built `FROM`). A later
`rm -rf /var/cache/apk/*` in the same RUN, or a cache or tmpfs mount over `/var/cache/apk` (or `/etc/apk/cache`),
is fine too. Commands are read from the shell script, so `sudo apk add`, chains, subshells, `if` blocks,
`sh -c '...'` and heredocs count, and mentions in strings or comments do not.)",
            .fix = R"(Add `--no-cache`, and drop a separate `apk update`, which `--no-cache` makes unnecessary:

```dockerfile
RUN apk add --no-cache curl=8.9.1-r1
```)",
            .tags = kTags,
            .example_bad = R"(FROM alpine:3.20
RUN apk add curl
)",
            .example_good = R"(FROM alpine:3.20
RUN apk add --no-cache curl
)",
            .see_also = "hadolint DL3019, Trivy DS-0025 (AVD-DS-0025)",
            .reads_run = [](std::string_view run_text) { return mentions(run_text, "apk"); },
        },
    .check = check,
};

}  // namespace shipshape::rules::dockerfile_rules
