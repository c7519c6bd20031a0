// The core Dockerfile rules on the shared corpus of real Dockerfiles:
//  - the number of findings per rule matches tests/rules/corpus_snapshot_dockerfile.txt exactly (after a
//    change, read the new findings, then accept them with
//    SHIPSHAPE_BLESS=1 build/tests/shipshape_tests -tc='dockerfile corpus: findings per rule*');
//  - every finding has an exact, non-empty range inside its file, also in the SARIF output of the binary.

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "lint/config.h"
#include "lint/engine.h"
#include "tests/support/support.h"

namespace fs = std::filesystem;
using namespace shipshape;
using namespace shipshape::testing;

namespace {

// The rules of this snapshot (DF106 is off by default and runs here with its default list).
const std::vector<std::string>& snapshot_rules() {
  static const std::vector<std::string> ids = {"DF101", "DF102", "DF103", "DF104", "DF105", "DF106", "DF107",
                                               "DL3002", "DL3006", "DL3007", "DL3009", "DL3019", "DL3032",
                                               "DL3036", "DL3040", "DL3042", "DL3060", "DL3064"};
  return ids;
}

struct CorpusRun {
  std::map<std::string, std::size_t> counts;  // per rule, every rule of the snapshot present
  std::size_t files = 0;
  std::size_t file_errors = 0;
  std::vector<std::string> bad_ranges;
  double seconds = 0;
};

CorpusRun lint_corpus() {
  CorpusRun run;
  for (const std::string& id : snapshot_rules()) run.counts[id] = 0;
  lint::ConfigFile config_file;
  lint::RuleSettings command_line;
  command_line.select = snapshot_rules();
  const lint::EngineOptions options;
  std::vector<std::pair<std::string, std::shared_ptr<const SourceFile>>> sources;
  for (const fs::path& path : files_under(corpus_dir() / "dockerfiles")) {
    const std::string name = path.lexically_relative(corpus_dir()).string();
    sources.emplace_back(name, std::make_shared<const SourceFile>(name, read_file(path)));
  }
  const auto start = std::chrono::steady_clock::now();
  for (const auto& [name, source] : sources) {
    const lint::EffectiveConfig config = lint::resolve(config_file, name, command_line);
    const lint::FileReport report =
        lint::lint_source(source, lint::FileType::dockerfile, config, config_file, options);
    ++run.files;
    if (!report.errors.empty()) ++run.file_errors;
    for (const rules::Finding& finding : report.findings) {
      ++run.counts[std::string(finding.rule->id)];
      const Range& r = finding.range;
      if (r.empty() || r.end.offset > source->size() || r.begin.line < 1 ||
          r.begin != source->position_at(r.begin.offset) || r.end != source->position_at(r.end.offset)) {
        run.bad_ranges.push_back(fmt::format("{}:{}:{} {}", name, r.begin.line, r.begin.column, finding.rule->id));
      }
    }
  }
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

std::string snapshot_text(const CorpusRun& run) {
  std::string out =
      "# Findings per rule of the core Dockerfile rules on ../shared/corpus/dockerfiles (default options, DF106\n"
      "# selected). Checked by tests/rules/dockerfile_corpus_test.cpp; bless with SHIPSHAPE_BLESS=1.\n";
  out += fmt::format("files {}\n", run.files);
  for (const auto& [id, count] : run.counts) out += fmt::format("{} {}\n", id, count);
  return out;
}

}  // namespace

TEST_CASE("dockerfile corpus: findings per rule match the snapshot") {
  const CorpusRun run = lint_corpus();
  MESSAGE(fmt::format("{} files linted with {} rules in {:.3f} s (one thread)", run.files, snapshot_rules().size(),
                      run.seconds));
  CHECK(run.files >= 1500);
  CHECK(run.file_errors == 0);
  CHECK_MESSAGE(run.bad_ranges.empty(), fmt::format("{}", fmt::join(run.bad_ranges, "\n")));
  const fs::path snapshot = source_dir() / "tests" / "rules" / "corpus_snapshot_dockerfile.txt";
  const std::string actual = snapshot_text(run);
  if (const char* bless = std::getenv("SHIPSHAPE_BLESS"); bless != nullptr && std::string(bless) == "1") {
    write_file(snapshot, actual);
  }
  REQUIRE_MESSAGE(fs::exists(snapshot), snapshot.string() << " is missing: run with SHIPSHAPE_BLESS=1");
  CHECK_MESSAGE(read_file(snapshot) == actual,
                "the findings per rule changed; check the new findings, then run with SHIPSHAPE_BLESS=1:\n"
                    << actual);
}

TEST_CASE("dockerfile corpus: every SARIF result of the core rules has an exact region") {
  std::string selection;
  for (const std::string& id : snapshot_rules()) selection += (selection.empty() ? "" : ",") + id;
  const RunResult result = run_shipshape({"--type", "dockerfile", "--format", "sarif", "--exit-zero", "--select",
                                          selection, (corpus_dir() / "dockerfiles").string()});
  REQUIRE(result.exit_code == 0);
  const nlohmann::json sarif = nlohmann::json::parse(result.out, nullptr, false);
  REQUIRE_FALSE(sarif.is_discarded());
  std::size_t results = 0, exact = 0;
  for (const auto& run : sarif.at("runs")) {
    for (const auto& r : run.at("results")) {
      ++results;
      const auto& locations = r.value("locations", nlohmann::json::array());
      if (locations.empty()) continue;
      const auto& region = locations[0].value("physicalLocation", nlohmann::json::object())
                               .value("region", nlohmann::json::object());
      const bool has_all = region.contains("startLine") && region.contains("startColumn") &&
                           region.contains("endLine") && region.contains("endColumn");
      if (!has_all) continue;
      const int start_line = region["startLine"], start_column = region["startColumn"];
      const int end_line = region["endLine"], end_column = region["endColumn"];
      if (start_line >= 1 && start_column >= 1 &&
          (end_line > start_line || (end_line == start_line && end_column > start_column))) {
        ++exact;
      }
    }
  }
  MESSAGE(results << " SARIF results");
  CHECK(results > 3000);
  CHECK(exact == results);
}
