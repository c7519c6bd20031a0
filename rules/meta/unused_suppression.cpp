// SS001: a suppression that suppresses nothing. The engine reports it (lint/suppressions.h): an inline
// `# shipshape ignore=` comment that matched no finding, or a pointer ignore in `.shipshape.yaml` that matched no
// finding in the task definitions it covers.
#include "rules/rule.h"

namespace shipshape::rules::meta_rules {

namespace {
constexpr std::string_view kTags[] = {"suppression", "maintainability"};
}  // namespace

extern const MetaRule unused_suppression{
    .info =
        {
            .id = "SS001",
            .name = "unused_suppression",
            .severity = Severity::warning,
            .title = "Suppression that matches no finding",
            .rationale = R"(A suppression that no longer matches anything is noise at best. At worst it hides a
future finding nobody meant to accept: the comment or ignore entry stays in place after the code it was written
for is fixed or moved, and silently swallows the next problem of the same rule at that spot.

shipshape reports:

- an inline `# shipshape ignore=RULE` or `# shipshape ignore-file=RULE` comment in a Dockerfile when no finding of
  that rule is on the instruction (or in the file) it covers, or when it names no shipshape rule at all.
  hadolint's own `# hadolint ignore=` comments are honoured but never reported: they may be there for hadolint,
  whose checks differ;
- an entry of `ignore:` in `.shipshape.yaml` with a `pointer` (a JSON Pointer ignore for task definitions) when it
  suppressed no finding in any linted task definition it covers. The finding is reported in the configuration
  file, at the entry. An entry is judged only when a task definition it covers was linted in the run, so linting
  a single Dockerfile never reports the task-definition ignores.)",
            .fix = R"(Delete the suppression, or correct it: check the rule id, the JSON Pointer (`*` matches one
segment, `**` any number, and a pointer also covers everything below it) and the `path` globs, which are relative
to the directory of the configuration file.

To keep an unused suppression on purpose, turn this rule off for it, e.g. `ignore: [SS001]` in an override for the
file.)",
            .tags = kTags,
            .example_bad = R"(# shipshape ignore=DL3007
FROM debian:12.5
)",
            .example_good = R"(FROM debian:12.5
)",
        },
};

}  // namespace shipshape::rules::meta_rules
