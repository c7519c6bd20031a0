// The ECS rules on the 124 task definitions of the shared corpus (../shared/corpus/ecs): the number of findings
// per rule must equal tests/rules/corpus_snapshot_ecs.txt exactly, and SARIF gives every finding an exact region.
// After checking a change by hand, accept the new counts with
//   SHIPSHAPE_BLESS=1 build/tests/shipshape_tests -tc='ecs corpus snapshot*'

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "lint/config.h"
#include "lint/engine.h"
#include "rules/registry.h"
#include "tests/support/support.h"

namespace {

using namespace shipshape;
namespace testing = shipshape::testing;
namespace fs = std::filesystem;

constexpr std::size_t kCorpusFiles = 124;

fs::path snapshot_path() { return testing::source_dir() / "tests" / "rules" / "corpus_snapshot_ecs.txt"; }

std::vector<fs::path> corpus_files() {
  const std::vector<fs::path> files = testing::files_under(testing::corpus_dir() / "ecs");
  REQUIRE(files.size() == kCorpusFiles);
  return files;
}

// Lints one file in process with every ECS rule (also those off by default) and nothing else.
lint::FileReport lint_with_ecs_rules(const fs::path& path) {
  lint::ConfigFile config_file;
  lint::RuleSettings command_line;
  command_line.select = std::vector<std::string>{"ECS"};
  const lint::EffectiveConfig config = lint::resolve(config_file, path.filename().string(), command_line);
  return lint::lint_source(std::make_shared<const SourceFile>(path.string(), testing::read_file(path)),
                           lint::FileType::ecs, config, config_file, lint::EngineOptions{});
}

std::string format_snapshot(const std::map<std::string, std::size_t>& counts) {
  std::string out =
      "# Findings per ECS rule on the 124 task definitions of ../shared/corpus/ecs (tests/rules/ecs_corpus_test.cpp).\n"
      "# Check changes by hand, then regenerate: SHIPSHAPE_BLESS=1 build/tests/shipshape_tests -tc='ecs corpus "
      "snapshot*'\n";
  for (const auto& [rule, count] : counts) out += fmt::format("{} {}\n", rule, count);
  return out;
}

// Line, UTF-16 start column, line, UTF-16 end column: what SARIF's region says.
using Region = std::tuple<std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t>;

}  // namespace

TEST_CASE("ecs corpus snapshot: findings per rule equal tests/rules/corpus_snapshot_ecs.txt") {
  std::map<std::string, std::size_t> counts;
  for (const rules::RegisteredRule& rule : rules::all_rules()) {
    if (rule.kind == rules::FileKind::ecs) counts[std::string(rule.info->id)] = 0;
  }
  for (const fs::path& path : corpus_files()) {
    INFO(path.filename().string());
    const lint::FileReport report = lint_with_ecs_rules(path);
    CHECK(report.errors.empty());
    for (const rules::Finding& finding : report.findings) {
      CHECK_FALSE(finding.range.empty());
      CHECK(finding.range.begin.line == finding.range.end.line);
      ++counts[std::string(finding.rule->id)];
    }
  }
  const std::string actual = format_snapshot(counts);
  const char* bless = std::getenv("SHIPSHAPE_BLESS");
  if (bless != nullptr && std::string_view(bless) == "1") {
    testing::write_file(snapshot_path(), actual);
    MESSAGE("wrote " << snapshot_path().string());
  }
  REQUIRE_MESSAGE(fs::exists(snapshot_path()), snapshot_path().string() << " is missing: run with SHIPSHAPE_BLESS=1");
  CHECK_MESSAGE(testing::read_file(snapshot_path()) == actual,
                "the findings per rule changed; check them by hand, then run with SHIPSHAPE_BLESS=1:\n"
                    << actual);
}

TEST_CASE("ecs corpus sarif: every finding has an exact region, the one the rule reported") {
  // The regions the rules report, per file, in SARIF's terms.
  std::map<std::string, std::multiset<Region>> expected;
  std::size_t total = 0;
  for (const fs::path& path : corpus_files()) {
    const lint::FileReport report = lint_with_ecs_rules(path);
    const SourceFile& source = *report.source;
    for (const rules::Finding& finding : report.findings) {
      expected[path.filename().string()].insert(
          {finding.range.begin.line, source.column(finding.range.begin, ColumnUnit::utf16), finding.range.end.line,
           source.column(finding.range.end, ColumnUnit::utf16)});
      ++total;
    }
  }
  REQUIRE(total > 0);

  const testing::RunResult run =
      testing::run_shipshape({"--isolated", "--select", "ECS", "--format", "sarif", "--fail-level", "none",
                              (testing::corpus_dir() / "ecs").string()});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  const nlohmann::json sarif = nlohmann::json::parse(run.out);
  const nlohmann::json& results = sarif.at("runs").at(0).at("results");
  CHECK(results.size() == total);
  std::map<std::string, std::multiset<Region>> reported;
  for (const nlohmann::json& result : results) {
    INFO(result.dump());
    REQUIRE(result.at("locations").size() == 1);
    const nlohmann::json& location = result.at("locations").at(0).at("physicalLocation");
    const nlohmann::json& region = location.at("region");
    REQUIRE(region.contains("startLine"));
    REQUIRE(region.contains("startColumn"));
    REQUIRE(region.contains("endLine"));
    REQUIRE(region.contains("endColumn"));
    const Region r{region.at("startLine").get<std::uint32_t>(), region.at("startColumn").get<std::uint32_t>(),
                   region.at("endLine").get<std::uint32_t>(), region.at("endColumn").get<std::uint32_t>()};
    CHECK((std::get<2>(r) > std::get<0>(r) || std::get<3>(r) > std::get<1>(r)));  // never empty
    const std::string uri = location.at("artifactLocation").at("uri").get<std::string>();
    reported[fs::path(uri).filename().string()].insert(r);
  }
  CHECK(reported == expected);
}
