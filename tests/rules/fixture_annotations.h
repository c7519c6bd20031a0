#pragma once
// Expected findings written inside rule fixtures, and matching them against what the rules report.
//
// Dockerfile fixtures (fixtures/dockerfile/<rule>[.<case>].Dockerfile) carry annotation comments:
//   # expect: DL3007                    a DL3007 finding starts on the next line that is not an annotation
//   # expect: DL3007 13-19              ... spanning columns 13 to 19 (1-based characters, end exclusive)
//   # expect: DL3007 13                 ... starting at column 13
//   # expect: DL3007 @4:6               ... starting at line 4, column 6 (for lines a comment cannot precede)
//   # expect: DL3007 "latest"           ... whose message contains "latest"
// Task-definition fixtures (fixtures/ecs/<rule>[.<case>].json) use `// expect:` lines, which the runner blanks to
// spaces before parsing (so no position moves), and name the finding's JSON Pointer:
//   // expect: ECS102 /containerDefinitions/0/privileged "privileged"
// (`/` alone is the root pointer ""). Several annotations in a row expect several findings on the same line.
// An optional header line `# fixture: {json}` (or `// fixture:` in JSON) sets rule options, extra selected rules,
// build args, the target stage and the file name:
//   # fixture: {"options": {"trusted-registries": ["ghcr.io"]}, "select": ["DL3007"], "target": "app"}

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shipshape::testing {

struct ExpectedFinding {
  std::string rule;
  std::uint32_t line = 0;                       // 1-based
  std::optional<std::uint32_t> start_column;    // characters, 1-based
  std::optional<std::uint32_t> end_column;      // exclusive, on the same line
  std::optional<std::string> pointer;
  std::optional<std::string> message_fragment;
  std::uint32_t annotation_line = 0;            // where the annotation is, for error messages
  bool absolute = false;                        // written as @LINE:COLUMN
};

struct ActualFinding {
  std::string rule;
  std::uint32_t line = 0;
  std::uint32_t start_column = 0;
  std::uint32_t end_line = 0;
  std::uint32_t end_column = 0;
  std::string pointer;
  std::string message;
};

struct ParsedFixture {
  std::string text;                       // the input to lint (JSON annotations blanked)
  std::string header_json;                // the `fixture:` header, or empty
  std::vector<ExpectedFinding> expected;
  std::vector<std::string> errors;        // malformed annotations
  std::vector<bool> annotation_lines;     // per line (1-based index - 1): is an annotation
};

enum class FixtureSyntax { dockerfile, json };

ParsedFixture parse_fixture(std::string_view content, FixtureSyntax syntax);

// Which actual finding each expected finding stands for. Most specific expectations pick first, so that a loose
// one does not take the finding a precise one needs.
struct FindingPairs {
  std::vector<std::optional<std::size_t>> actual_of_expected;  // per expected finding: index into actual, or none
  std::vector<bool> actual_matched;                            // per actual finding
};

FindingPairs pair_findings(const std::vector<ExpectedFinding>& expected, const std::vector<ActualFinding>& actual);

// Pairs expected with actual findings; returns one line per mismatch (empty when they match exactly).
std::vector<std::string> match_findings(const std::vector<ExpectedFinding>& expected,
                                        const std::vector<ActualFinding>& actual);

// Annotation text for an actual finding, as bless mode writes it.
std::string annotation_for(const ActualFinding& finding, FixtureSyntax syntax, bool absolute);

}  // namespace shipshape::testing
