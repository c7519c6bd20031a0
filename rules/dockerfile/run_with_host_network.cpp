// DF107: RUN --network=host, which gives the step the build host's network stack.
#include "parsers/dockerfile/document.h"
#include "rules/rule.h"
#include "rules/support/dockerfile_helpers.h"

namespace shipshape::rules::dockerfile_rules {

namespace {

constexpr std::string_view kTags[] = {"security"};

void check(const dockerfile::Document& document, Report& report) {
  for (const dockerfile::Instruction* run : dockerfile_support::all_runs(document)) {
    for (const dockerfile::Flag* flag : dockerfile_support::flags_set_to(document, *run, "network", "host")) {
      report.at(flag->range, "`RUN --network=host` gives this step the build host's network: it can reach services "
                             "bound to the host's localhost and its private networks");
    }
  }
}

}  // namespace

extern const DockerfileRule run_with_host_network{
    .info =
        {
            .id = "DF107",
            .name = "run_with_host_network",
            .severity = Severity::note,
            .title = "RUN with --network=host",
            .rationale = R"(`RUN --network=host` shares the build host's network namespace with the step instead of
an isolated one. The command can then reach services listening on the host's `localhost` (the Docker API on some
setups, cloud metadata proxies, databases bound to 127.0.0.1) and whatever private networks the build host sits
on, and it needs the `network.host` entitlement on the builder. Builds that only download packages do not need it.

This is a note: some builds use it deliberately, e.g. to reach a local registry mirror.)",
            .fix = R"(Drop the flag, and reach what the step needs through the default network or a proxy:

```dockerfile
RUN curl -fsSLO https://example.com/tool.tar.gz
```)",
            .tags = kTags,
            .security_severity = "4.0",
            .example_bad = R"(FROM debian:12.5
RUN --network=host curl -fsSL http://localhost:8080/setup.sh -o /setup.sh
)",
            .example_good = R"(FROM debian:12.5
RUN --network=default curl -fsSL https://example.com/setup.sh -o /setup.sh
)",
            .see_also = "Docker RUN --network reference",
        },
    .check = check,
};

}  // namespace shipshape::rules::dockerfile_rules
