// DF104: RUN --security=insecure, which runs the step with every privilege of the build host.
#include "parsers/dockerfile/document.h"
#include "rules/rule.h"
#include "rules/support/dockerfile_helpers.h"

namespace shipshape::rules::dockerfile_rules {

namespace {

constexpr std::string_view kTags[] = {"security"};

void check(const dockerfile::Document& document, Report& report) {
  for (const dockerfile::Instruction* run : dockerfile_support::all_runs(document)) {
    for (const dockerfile::Flag* flag : dockerfile_support::flags_set_to(document, *run, "security", "insecure")) {
      report.at(flag->range, "`RUN --security=insecure` runs this step with all capabilities and no seccomp or "
                             "AppArmor profile, like a privileged container");
    }
  }
}

}  // namespace

extern const DockerfileRule insecure_run{
    .info =
        {
            .id = "DF104",
            .name = "insecure_run",
            .severity = Severity::warning,
            .title = "RUN with --security=insecure",
            .rationale = R"(`RUN --security=insecure` runs the command as a privileged container: all Linux
capabilities, no seccomp or AppArmor confinement, access to host devices. Anything that command runs, including
every package script and downloaded installer, can take over the build host or the BuildKit daemon, read other
builds' secrets and caches, and tamper with the images it produces. BuildKit only allows it when the builder is
started with the `security.insecure` entitlement, which is itself a warning sign on shared builders.)",
            .fix = R"(Remove the flag and find what needed privileges: mounting file systems, loop devices or
`/proc/sys` writes can usually be avoided in the build, or moved to the runtime where the privilege can be scoped.

```dockerfile
RUN make install
```)",
            .tags = kTags,
            .security_severity = "8.0",
            .example_bad = R"(FROM debian:12.5
RUN --security=insecure mount -t tmpfs tmpfs /mnt
)",
            .example_good = R"(FROM debian:12.5
RUN mkdir -p /mnt/data
)",
            .see_also = "Semgrep run-security-insecure",
        },
    .check = check,
};

}  // namespace shipshape::rules::dockerfile_rules
