// Checks every rule's metadata, examples, fixtures and documentation page.

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "lint/docs.h"
#include "rules/registry.h"
#include "tests/rules/fixture_runner.h"
#include "parsers/text.h"
#include "tests/support/support.h"

namespace fs = std::filesystem;
using namespace shipshape;
using namespace shipshape::testing;

namespace {

bool valid_id(std::string_view id) {
  // DL3xxx/DL4xxx (hadolint's ids, same meaning), DFnnn (our Dockerfile rules), ECSnnn, SSnnn (suppressions).
  std::size_t letters = 0;
  while (letters < id.size() && std::isupper(static_cast<unsigned char>(id[letters]))) ++letters;
  const std::string_view prefix = id.substr(0, letters);
  const std::string_view digits = id.substr(letters);
  if (prefix != "DL" && prefix != "DF" && prefix != "ECS" && prefix != "SS") return false;
  return digits.size() >= 3 && digits.size() <= 4 &&
         std::all_of(digits.begin(), digits.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

bool snake_case(std::string_view name) {
  return !name.empty() && std::islower(static_cast<unsigned char>(name.front())) &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_';
         });
}

std::size_t count_rule_findings(const rules::RegisteredRule& rule, std::string_view example) {
  const std::string filename = rule.kind == rules::FileKind::ecs ? "task-definition.json" : "Dockerfile";
  const FixtureRun run = run_fixture(rule, std::string(example), "", filename);
  return run.findings.size();
}

}  // namespace

TEST_CASE("registry: ids and names are unique and well formed") {
  std::set<std::string_view> ids, names;
  for (const rules::RegisteredRule& rule : rules::all_rules()) {
    const rules::RuleInfo& info = *rule.info;
    INFO("rule " << info.id);
    CHECK(valid_id(info.id));
    CHECK(snake_case(info.name));
    CHECK(ids.insert(info.id).second);
    CHECK(names.insert(info.name).second);
    CHECK_FALSE(info.title.empty());
    CHECK(info.title.size() <= 80);
    CHECK(info.title.back() != '.');
    CHECK_FALSE(info.rationale.empty());
    CHECK_FALSE(info.fix.empty());
    CHECK(info.rationale.size() >= 80);  // a real explanation, not a restated title
    const bool security = std::find(info.tags.begin(), info.tags.end(), "security") != info.tags.end();
    if (security) {
      REQUIRE_MESSAGE(!info.security_severity.empty(), "security rules need a security-severity");
      const double score = std::stod(std::string(info.security_severity));
      CHECK(score > 0.0);
      CHECK(score <= 10.0);
    } else {
      CHECK(info.security_severity.empty());
    }
    for (const rules::RuleOption& option : info.options) {
      CHECK_FALSE(option.description.empty());
      CHECK(option.name.find('_') == std::string_view::npos);  // option names are kebab-case
    }
    CHECK(rules::help_uri(info).rfind("https://", 0) == 0);
  }
}

TEST_CASE("registry: each rule's documented examples behave as documented") {
  for (const rules::RegisteredRule& rule : rules::all_rules()) {
    if (rule.kind == rules::FileKind::any) continue;  // meta rules are documented through their fixtures
    const rules::RuleInfo& info = *rule.info;
    INFO("rule " << info.id);
    REQUIRE_FALSE(info.example_bad.empty());
    REQUIRE_FALSE(info.example_good.empty());
    CHECK(count_rule_findings(rule, info.example_bad) >= 1);
    CHECK(count_rule_findings(rule, info.example_good) == 0);
  }
}

TEST_CASE("registry: each rule has a fixture that fires and has silent lines") {
  for (const rules::RegisteredRule& rule : rules::all_rules()) {
    INFO("rule " << rule.info->id << " (" << rule.info->name << ")");
    const std::vector<fs::path> fixtures = fixtures_of(rule);
    REQUIRE_FALSE(fixtures.empty());
    std::size_t expected = 0, silent_lines = 0;
    for (const fs::path& file : fixtures) {
      const ParsedFixture fixture = parse_fixture(read_file(file), syntax_of(file));
      expected += fixture.expected.size();
      std::set<std::uint32_t> flagged;
      for (const ExpectedFinding& e : fixture.expected) flagged.insert(e.line);
      const std::vector<std::string_view> lines = text::split(fixture.text, '\n');
      for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string_view line = text::trim(lines[i]);
        const bool comment = line.empty() || line.front() == '#' || line.substr(0, 2) == "//";
        if (!comment && !fixture.annotation_lines[i] && flagged.count(static_cast<std::uint32_t>(i + 1)) == 0) {
          ++silent_lines;
        }
      }
    }
    CHECK(expected >= 1);
    CHECK(silent_lines >= 1);
  }
}

TEST_CASE("registry: the committed documentation is what the metadata generates") {
  const fs::path docs = source_dir() / "docs" / "rules";
  std::set<std::string> expected_files{"README.md"};
  for (const rules::RegisteredRule& rule : rules::all_rules()) {
    const std::string file = std::string(rule.info->id) + ".md";
    expected_files.insert(file);
    INFO("docs/rules/" << file << " is stale: run `build/shipshape --generate-docs docs/rules`");
    REQUIRE(fs::exists(docs / file));
    CHECK(read_file(docs / file) == lint::rule_page(rule));
  }
  INFO("docs/rules/README.md is stale: run `build/shipshape --generate-docs docs/rules`");
  REQUIRE(fs::exists(docs / "README.md"));
  CHECK(read_file(docs / "README.md") == lint::rule_catalog());
  for (const fs::path& file : files_under(docs)) {
    CHECK_MESSAGE(expected_files.count(file.filename().string()) == 1, "no rule for " << file.string());
  }
}
