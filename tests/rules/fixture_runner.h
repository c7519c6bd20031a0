#pragma once
// Lints a rule fixture (or any text) with only the rule under test enabled, the way the engine would.

#include <filesystem>
#include <string>
#include <vector>

#include "lint/report.h"
#include "rules/registry.h"
#include "tests/rules/fixture_annotations.h"

namespace shipshape::testing {

struct FixtureRun {
  lint::FileReport report;
  std::vector<ActualFinding> findings;  // unsuppressed findings of the checked rules
  std::vector<std::string> errors;      // bad header, parse errors
};

// Lints `text` as `type` with `rule` (plus any rules the header selects) enabled and the header's options.
FixtureRun run_fixture(const rules::RegisteredRule& rule, const std::string& text, const std::string& header_json,
                       const std::string& filename);

// Every fixture file of a rule: fixtures/<kind>/<name>.<ext> and fixtures/<kind>/<name>.<case>.<ext>.
std::vector<std::filesystem::path> fixtures_of(const rules::RegisteredRule& rule);

FixtureSyntax syntax_of(const std::filesystem::path& fixture);

}  // namespace shipshape::testing
