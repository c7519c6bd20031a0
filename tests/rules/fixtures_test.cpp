// Runs every rule fixture and demands an exact match between the findings written inside the fixture and the
// findings the rule reports: every expected finding appears, and no other. See fixture_annotations.h.
// Bless mode rewrites the annotations to the findings instead (see fixture_bless.h); review the diff afterwards:
//   SHIPSHAPE_BLESS=1 build/tests/shipshape_tests -tc='fixtures*'

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "rules/registry.h"
#include "tests/rules/fixture_bless.h"
#include "tests/rules/fixture_runner.h"
#include "tests/support/support.h"

namespace fs = std::filesystem;
using namespace shipshape;
using namespace shipshape::testing;

namespace {

// In bless mode: the fixture rewritten to the rule's findings (and saved when that changes it); else `content`.
std::string blessed(const rules::RegisteredRule& rule, const fs::path& file, const std::string& name,
                    const std::string& content) {
  if (!blessing_requested()) return content;
  std::string rewritten = bless_fixture_text(rule, content, file.filename().string());
  if (rewritten != content) {
    write_file(file, rewritten);
    MESSAGE("blessed " << name);
  }
  return rewritten;
}

}  // namespace

TEST_CASE("fixtures: every rule's fixtures match its findings exactly") {
  std::size_t fixtures = 0;
  for (const rules::RegisteredRule& rule : rules::all_rules()) {
    for (const fs::path& file : fixtures_of(rule)) {
      ++fixtures;
      const std::string name = fs::relative(file, source_dir()).string();
      const std::string content = blessed(rule, file, name, read_file(file));
      const ParsedFixture fixture = parse_fixture(content, syntax_of(file));
      INFO("fixture: " << name);
      CHECK_MESSAGE(fixture.errors.empty(), fmt::format("{}", fmt::join(fixture.errors, "\n")));
      const FixtureRun run = run_fixture(rule, fixture.text, fixture.header_json, file.filename().string());
      CHECK_MESSAGE(run.errors.empty(), fmt::format("{}", fmt::join(run.errors, "\n")));
      const std::vector<std::string> problems = match_findings(fixture.expected, run.findings);
      CHECK_MESSAGE(problems.empty(), fmt::format("{}\n  {}", name, fmt::join(problems, "\n  ")));
    }
  }
  MESSAGE(fixtures << " fixtures checked");
}

TEST_CASE("fixtures: every fixture file belongs to a rule") {
  for (const char* folder : {"dockerfile", "ecs", "meta"}) {
    const fs::path dir = source_dir() / "fixtures" / folder;
    if (!fs::is_directory(dir)) continue;
    for (const fs::path& file : files_under(dir)) {
      const std::string filename = file.filename().string();
      const std::string stem = filename.substr(0, filename.find('.'));
      const rules::RegisteredRule* rule = rules::find_rule(stem);
      CHECK_MESSAGE(rule != nullptr, file.string() << ": no rule is named " << stem);
    }
  }
}

TEST_CASE("fixtures: the annotation syntax") {
  const ParsedFixture docker = parse_fixture(
      "# fixture: {\"target\": \"app\"}\nFROM a\n# expect: DL3007 6-12 \"latest\"\n# expect: DF102\n"
      "FROM ubuntu:latest\n# expect: DL3002 @2:1\n",
      FixtureSyntax::dockerfile);
  CHECK(docker.errors.empty());
  CHECK(docker.header_json == "{\"target\": \"app\"}");
  REQUIRE(docker.expected.size() == 3);
  CHECK(docker.expected[0].rule == "DL3007");
  CHECK(docker.expected[0].line == 5);
  CHECK(docker.expected[0].start_column == 6u);
  CHECK(docker.expected[0].end_column == 12u);
  CHECK(docker.expected[0].message_fragment == std::string("latest"));
  CHECK(docker.expected[1].rule == "DF102");
  CHECK(docker.expected[1].line == 5);
  CHECK(docker.expected[2].line == 2);

  const ParsedFixture json = parse_fixture("{\n  // expect: ECS102 /containerDefinitions/0/privileged\n  \"a\": 1\n}\n",
                                           FixtureSyntax::json);
  REQUIRE(json.expected.size() == 1);
  CHECK(json.expected[0].line == 3);
  CHECK(json.expected[0].pointer == std::string("/containerDefinitions/0/privileged"));
  CHECK(json.text.find("expect") == std::string::npos);  // blanked, same length
  CHECK(json.text.size() == std::string("{\n  // expect: ECS102 /containerDefinitions/0/privileged\n  \"a\": 1\n}\n").size());

  CHECK_FALSE(parse_fixture("# expect: DL3007 x7\nFROM a\n", FixtureSyntax::dockerfile).errors.empty());
  CHECK_FALSE(parse_fixture("FROM a\n# expect: DL3007\n", FixtureSyntax::dockerfile).errors.empty());
}

TEST_CASE("fixtures: matching is exact in both directions") {
  const std::vector<ExpectedFinding> expected{{.rule = "DL3007", .line = 2, .start_column = 6u}};
  const ActualFinding hit{.rule = "DL3007", .line = 2, .start_column = 6, .end_line = 2, .end_column = 12};
  const ActualFinding other{.rule = "DL3007", .line = 3, .start_column = 6, .end_line = 3, .end_column = 12};
  CHECK(match_findings(expected, {hit}).empty());
  CHECK(match_findings(expected, {hit, other}).size() == 1);  // an unexpected extra finding
  CHECK(match_findings(expected, {}).size() == 1);            // a missing finding
  CHECK(match_findings(expected, {other}).size() == 2);
}
