// SARIF: schema validity (against the official 2.1.0 schema, with ajv), what GitHub code scanning needs
// (integration.md §1.9), GitHub's line hash, regions, URIs, suppressions, rules and the result limit.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>

#include "lint/output/output.h"
#include "rules/registry.h"
#include "tests/lint/output_fixture.h"
#include "tests/support/support.h"

namespace {

using namespace shipshape;
using namespace shipshape::testing::output_fixture;
namespace output = shipshape::lint::output;
namespace fs = std::filesystem;
using Json = nlohmann::json;

Json render(const lint::LintReport& report, const output::RenderOptions& options) {
  return Json::parse(output::render_sarif(report, options));
}

const Json& run_of(const Json& sarif) { return sarif.at("runs").at(0); }
const Json& results_of(const Json& sarif) { return run_of(sarif).at("results"); }
Json region_of(const Json& result) { return result.at("locations").at(0).at("physicalLocation").at("region"); }
std::string uri_of(const Json& result) {
  return result.at("locations").at(0).at("physicalLocation").at("artifactLocation").at("uri");
}

struct Region {
  int start_line, start_column, end_line, end_column;
  friend bool operator==(const Region&, const Region&) = default;
  friend std::ostream& operator<<(std::ostream& os, const Region& r) {
    return os << r.start_line << ':' << r.start_column << '-' << r.end_line << ':' << r.end_column;
  }
};
Region as_region(const Json& region) {
  return {region.at("startLine").get<int>(), region.at("startColumn").get<int>(), region.at("endLine").get<int>(),
          region.at("endColumn").get<int>()};
}

// Everything GitHub code scanning requires or recommends (research integration.md §1.1, §1.2, §1.9).
void check_github_requirements(const Json& sarif) {
  REQUIRE(sarif.at("$schema").get<std::string>().starts_with("https://"));
  CHECK(sarif.at("version") == "2.1.0");
  REQUIRE(sarif.at("runs").size() == 1);  // ≤ 20 runs, and one run per tool and category
  const Json& run = run_of(sarif);
  const Json& driver = run.at("tool").at("driver");
  CHECK(driver.at("name") == "shipshape");
  CHECK_FALSE(driver.at("semanticVersion").get<std::string>().empty());
  CHECK(driver.at("informationUri").get<std::string>().starts_with("https://"));
  CHECK(run.at("columnKind") == "utf16CodeUnits");
  const std::string root = run.at("originalUriBaseIds").at("%SRCROOT%").value("uri", "file:///");
  CHECK(root.starts_with("file:///"));
  CHECK(root.ends_with("/"));
  CHECK(run.at("invocations").at(0).at("executionSuccessful") == true);

  const Json& rules = driver.at("rules");
  CHECK(rules.size() <= 25000);
  std::set<std::string> ids;
  const std::set<std::string> levels{"note", "warning", "error"};
  const std::regex uri_pattern(R"(https?://[^\s<>"]+)");
  for (const Json& rule : rules) {
    const std::string id = rule.at("id");
    CAPTURE(id);
    CHECK(ids.insert(id).second);
    const std::string name = rule.at("name");
    CHECK_FALSE(name.empty());
    CHECK(name.size() <= 255);
    for (const char* field : {"shortDescription", "fullDescription"}) {
      const std::string text = rule.at(field).at("text");
      CHECK_FALSE(text.empty());
      CHECK(text.size() <= 1024);
    }
    CHECK_FALSE(rule.at("help").at("text").get<std::string>().empty());
    CHECK_FALSE(rule.at("help").at("markdown").get<std::string>().empty());
    CHECK(std::regex_match(rule.at("helpUri").get<std::string>(), uri_pattern));
    CHECK(levels.count(rule.at("defaultConfiguration").at("level")) == 1);
    const Json& properties = rule.at("properties");
    CHECK(properties.at("tags").size() <= 20);
    CHECK(std::set<std::string>{"very-high", "high", "medium", "low"}.count(properties.at("precision")) == 1);
    if (properties.contains("security-severity")) {
      const std::string score = properties.at("security-severity");  // a string, not a number
      double value = 0;
      const auto parsed = std::from_chars(score.data(), score.data() + score.size(), value);
      CHECK(parsed.ec == std::errc());
      CHECK(parsed.ptr == score.data() + score.size());
      CHECK(value > 0.0);
      CHECK(value <= 10.0);
      const Json& tags = properties.at("tags");
      CHECK(std::find(tags.begin(), tags.end(), "security") != tags.end());
      CHECK_FALSE(properties.contains("problem.severity"));
    } else {
      CHECK(std::set<std::string>{"error", "warning", "recommendation"}.count(properties.at("problem.severity")) == 1);
    }
  }

  const Json& results = run.at("results");
  CHECK(results.size() <= 25000);
  const std::regex line_hash(R"([0-9a-f]{1,16}:[1-9][0-9]*)");
  for (const Json& result : results) {
    const std::size_t index = result.at("ruleIndex");
    REQUIRE(index < rules.size());
    CHECK(rules.at(index).at("id") == result.at("ruleId"));
    CHECK(levels.count(result.at("level")) == 1);
    CHECK_FALSE(result.at("message").at("text").get<std::string>().empty());
    REQUIRE(result.at("locations").size() == 1);
    const Json& artifact = result.at("locations").at(0).at("physicalLocation").at("artifactLocation");
    const std::string uri = artifact.at("uri");
    CAPTURE(uri);
    CHECK(artifact.at("uriBaseId") == "%SRCROOT%");
    CHECK_FALSE(uri.empty());
    CHECK(uri != "-");
    CHECK(uri.front() != '/');
    CHECK(uri.find("://") == std::string::npos);
    CHECK(uri.find_first_of(" \\:") == std::string::npos);
    const Region r = as_region(region_of(result));
    CAPTURE(r);
    CHECK(r.start_line >= 1);
    CHECK(r.start_column >= 1);
    CHECK(r.end_line >= r.start_line);
    CHECK(r.end_column >= 1);
    CHECK((r.end_line > r.start_line || r.end_column > r.start_column));  // never empty
    CHECK(std::regex_match(result.at("partialFingerprints").at("primaryLocationLineHash").get<std::string>(),
                           line_hash));
  }
}

// ---- reports ----

lint::LintReport suppressed_report() {
  lint::LintReport report = golden_report();
  rules::Finding& baselined = report.files[2].findings.back();
  baselined.suppressed = true;
  baselined.suppression = "baseline";
  report.show_suppressed = true;
  return report;
}

lint::LintReport stdin_report() {
  lint::LintReport report;
  lint::FileReport file = file_with_source("-", "FROM ubuntu:latest\n", lint::FileType::dockerfile);
  file.fs_path.clear();
  file.findings.push_back(make_finding(kLatestTag, find_range(*file.source, "latest"), "latest from stdin"));
  report.files.push_back(std::move(file));
  return report;
}

// One finding per tricky range; the expected regions are listed in the region test.
constexpr std::string_view kOddText = "FROM a\r\n\nRUN \xF0\x9F\x99\x82 x\n";

lint::LintReport odd_ranges_report() {
  lint::LintReport report;
  lint::FileReport file = file_with_source("odd.Dockerfile", std::string(kOddText), lint::FileType::dockerfile);
  const SourceFile& s = *file.source;
  const auto add = [&](Range range) { file.findings.push_back(make_finding(kContinuation, range, "odd range")); };
  add(s.range(0, 0));     // a point before a character
  add(s.range(6, 6));     // a point at the CR of a CRLF line
  add(s.range(8, 8));     // a point on an empty line
  add(s.range(13, 13));   // a point before an emoji (a surrogate pair in UTF-16)
  add(s.range(20, 20));   // a point at the end of the file, after its final line break
  add(s.range(0, 8));     // a whole line with its CRLF
  add(s.range(6, 8));     // only a CRLF
  add(s.range(13, 17));   // the emoji
  add(s.range(4, 12));    // across three lines
  add(Range{Position{100, 9, 9}, Position{200, 9, 9}});  // offsets past the end (a rule bug) are clamped
  add(s.range(15, 16));   // inside the emoji's UTF-8 sequence (a rule bug): the whole character
  report.files.push_back(std::move(file));

  lint::FileReport empty = file_with_source("empty.Dockerfile", "", lint::FileType::dockerfile);
  empty.findings.push_back(make_finding(kContinuation, empty.source->range(0, 0), "empty file"));
  report.files.push_back(std::move(empty));

  lint::FileReport unterminated = file_with_source("short.Dockerfile", "a", lint::FileType::dockerfile);
  unterminated.findings.push_back(make_finding(kContinuation, unterminated.source->range(1, 1), "at the end"));
  report.files.push_back(std::move(unterminated));
  return report;
}

// ---- GitHub's line hash ----

TEST_CASE("output sarif: GitHub line hashes match codeql-action's algorithm") {
  // Expected values computed with codeql-action's algorithm (src/fingerprints.ts) over Node's decoding.
  using V = std::vector<std::string>;
  CHECK(output::github_line_hashes("") == V{"c129715d7a2bc9a3:1"});
  CHECK(output::github_line_hashes("FROM ubuntu:latest\nRUN apt-get update\n") ==
        V{"596925a663580d9b:1", "4fd077e53557f2a7:1", "c129715d7a2bc9a3:1"});
  // Spaces and tabs are skipped; windows differ, so all counters are 1.
  CHECK(output::github_line_hashes("RUN x\nRUN x\nRUN x\n  RUN   x\n") ==
        V{"f3b4356f98a6a0c7:1", "6a3a951901947030:1", "7e30888a674ac8d:1", "642bd1e5138257ee:1",
          "c129715d7a2bc9a3:1"});
  // CRLF, a lone CR and LF each end a line.
  CHECK(output::github_line_hashes("FROM a\r\nRUN b\rRUN c\n\n") ==
        V{"fbd6318abfae417b:1", "6ffa1943adbdbc0c:1", "94a322801f7ee3e7:1", "3c5bef55b72b93c9:1",
          "c129715d7a2bc9a3:1"});
  // Node keeps a byte order mark as a character.
  CHECK(output::github_line_hashes("FROM a\n", true) == V{"b1d04682264d59f5:1", "c129715d7a2bc9a3:1"});
  CHECK(output::github_line_hashes("FROM a\n", false) == V{"64ed687ffdb54cda:1", "c129715d7a2bc9a3:1"});
  // UTF-16 code units (the emoji is a surrogate pair); invalid UTF-8 decodes as Node decodes it.
  CHECK(output::github_line_hashes("RUN echo h\xC3\xA9llo \xF0\x9F\x99\x82\n\xFF\xFE bad\nRUN \xE2\x82") ==
        V{"eb7ff5b8c4a57bf9:1", "49255443c7217a9c:1", "6a2145b0638caf6d:1"});
  // Only the first 100 characters from the line start count, across line breaks.
  CHECK(output::github_line_hashes("RUN " + std::string(150, 'x') + "\nRUN y") ==
        V{"c851f7e3f222d295:1", "92bc9b11bbf45e9:1"});
  // Lines whose 100-character windows are identical are told apart by a counter.
  std::string repeated;
  for (int i = 0; i < 60; ++i) repeated += "a\n";
  const V hashes = output::github_line_hashes(repeated);
  REQUIRE(hashes.size() == 61);
  CHECK(hashes[0] == "83d4df87b9db256:1");
  CHECK(hashes[10] == "83d4df87b9db256:11");
  CHECK(hashes[11] == "83d4df87bc2a422:1");
  CHECK(hashes[60] == "c129715d7a2bc9a3:1");
}

TEST_CASE("output sarif: results carry GitHub's line hash of their start line and our fingerprint") {
  const lint::LintReport report = golden_report();
  const Json sarif = render(report, golden_options());
  const std::vector<std::string> docker_hashes = output::github_line_hashes(kDockerfileText);
  const std::vector<std::string> task_hashes = output::github_line_hashes(kTaskDefinitionText);
  std::size_t checked = 0;
  for (const Json& result : results_of(sarif)) {
    const int line = region_of(result).at("startLine");
    const std::vector<std::string>& hashes = uri_of(result) == "ecs/task.json" ? task_hashes : docker_hashes;
    CHECK(result.at("partialFingerprints").at("primaryLocationLineHash") == hashes.at(line - 1));
    ++checked;
  }
  CHECK(checked == 6);
  // Our own fingerprint, under a versioned key, is the finding's.
  CHECK(results_of(sarif).at(0).at("partialFingerprints").at("shipshape/v1") ==
        report.files[2].findings[1].fingerprint);
}

// ---- schema validation ----

fs::path validator() { return shipshape::testing::source_dir() / "tests" / "tools" / "validate-sarif.mjs"; }

TEST_CASE("output sarif: every kind of report validates against the SARIF 2.1.0 schema") {
  const shipshape::testing::TempDir dir;
  std::vector<std::string> argv{"node", validator().string()};
  const auto add = [&](std::string_view name, const lint::LintReport& report, const output::RenderOptions& options) {
    argv.push_back(dir.write(std::string(name) + ".sarif", output::render_sarif(report, options)).string());
  };
  add("empty-no-root", lint::LintReport{}, output::RenderOptions{});
  add("empty", lint::LintReport{}, golden_options());
  add("golden", golden_report(), golden_options());
  add("suppressed-shown", suppressed_report(), golden_options());
  add("stdin", stdin_report(), golden_options());
  add("odd-ranges", odd_ranges_report(), golden_options());
  output::RenderOptions every_rule = golden_options();
  every_rule.sarif_rules.reset();  // the registered rules, whatever they are today
  every_rule.sarif_category = "dockerfiles";
  every_rule.repository_root = "/shipshape-golden";
  add("every-rule", golden_report(), every_rule);

  const auto result = shipshape::testing::run(argv);
  INFO("validator output:\n" << result.out << result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  const std::size_t valid_lines = static_cast<std::size_t>(std::count(result.out.begin(), result.out.end(), '\n'));
  CHECK(valid_lines == argv.size() - 2);  // "FILE: valid" for each
}

TEST_CASE("output sarif: the schema validator rejects invalid SARIF") {
  const shipshape::testing::TempDir dir;
  Json broken = render(golden_report(), golden_options());
  Json& run = broken["runs"][0];
  run["results"][0]["level"] = "bogus";
  run["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0;
  run["tool"]["driver"].erase("name");
  const fs::path file = dir.write("broken.sarif", broken.dump(2));
  const auto result = shipshape::testing::run({"node", validator().string(), file.string()});
  INFO("validator output:\n" << result.out << result.err);
  CHECK(result.exit_code == 1);
  CHECK(result.err.find("/runs/0/results/0/level") != std::string::npos);
  CHECK(result.err.find("/runs/0/results/0/locations/0/physicalLocation/region/startLine") != std::string::npos);
  CHECK(result.err.find("missingProperty\":\"name\"") != std::string::npos);

  const fs::path not_json = dir.write("truncated.sarif", output::render_sarif(golden_report(), golden_options()).substr(0, 100));
  CHECK(shipshape::testing::run({"node", validator().string(), not_json.string()}).exit_code == 1);
}

// ---- GitHub's requirements ----

TEST_CASE("output sarif: GitHub code scanning requirements hold for every kind of report") {
  check_github_requirements(render(lint::LintReport{}, golden_options()));
  check_github_requirements(render(golden_report(), golden_options()));
  check_github_requirements(render(suppressed_report(), golden_options()));
  check_github_requirements(render(stdin_report(), golden_options()));
  check_github_requirements(render(odd_ranges_report(), golden_options()));
  output::RenderOptions every_rule = golden_options();
  every_rule.sarif_rules.reset();
  check_github_requirements(render(golden_report(), every_rule));
}

TEST_CASE("output sarif: an empty report is a complete run with no results") {
  const Json sarif = render(lint::LintReport{}, golden_options());
  const Json& run = run_of(sarif);
  CHECK(run.at("results").is_array());
  CHECK(run.at("results").empty());
  CHECK(run.at("invocations").at(0) == Json{{"executionSuccessful", true}});
  CHECK(run.at("originalUriBaseIds") == Json{{"%SRCROOT%", {{"uri", "file:///shipshape-golden/repo/"}}}});
  CHECK(run.at("tool").at("driver").at("rules").size() == fixture_rules().size());
  CHECK_FALSE(run.contains("automationDetails"));
}

// ---- regions ----

TEST_CASE("output sarif: regions are exact UTF-16 ranges and never empty") {
  const Json sarif = render(odd_ranges_report(), golden_options());
  std::vector<Region> regions;
  for (const Json& result : results_of(sarif)) regions.push_back(as_region(region_of(result)));
  const std::vector<Region> expected{
      {1, 1, 1, 2},  // a point widens to the character there
      {1, 6, 1, 7},  // a point at the CR widens to the line's last character
      {2, 1, 3, 1},  // a point on an empty line covers its line break
      {3, 5, 3, 7},  // a point before an emoji widens to its two UTF-16 code units
      {3, 8, 3, 9},  // a point at the end of the file moves to the last character of the last line
      {1, 1, 1, 7},  // a range ending after a line break ends at the end of the line
      {1, 6, 1, 7},  // a range of only a line break widens to the last character of the line
      {3, 5, 3, 7},  // the emoji: endColumn is exclusive, in UTF-16 code units
      {1, 5, 3, 4},  // across lines
      {3, 8, 3, 9},  // clamped to the end of the file
      {3, 5, 3, 7},  // the whole emoji
      {1, 1, 1, 2},  // an empty file: the only region there is
      {1, 1, 1, 2},  // a point at the end of a file without a final line break
  };
  CHECK(regions == expected);
}

TEST_CASE("output sarif: any range on any text gives a valid, non-empty region") {
  // Deterministic pseudo-random texts of awkward pieces, with ranges that may split characters or run past
  // the end (as a buggy rule could produce).
  static constexpr std::string_view kPieces[] = {"a", " ", "\t", "\n", "\r\n", "\r", "\xC3\xA9", "\xF0\x9F\x99\x82",
                                                 "\xFF", "\xE2\x82", "\x80", "RUN ", "\\\n"};
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  const auto next = [&](std::uint64_t bound) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return bound == 0 ? 0 : state % bound;
  };
  lint::LintReport report;
  for (int f = 0; f < 200; ++f) {
    std::string text;
    const std::uint64_t pieces = next(40);
    for (std::uint64_t i = 0; i < pieces; ++i) text += kPieces[next(std::size(kPieces))];
    lint::FileReport file = file_with_source(fmt::format("f{}", f), text, lint::FileType::dockerfile);
    for (int k = 0; k < 10; ++k) {
      const auto b = static_cast<std::uint32_t>(next(text.size() + 3));
      const auto e = static_cast<std::uint32_t>(b + next(8));
      file.findings.push_back(make_finding(kContinuation, Range{Position{b, 1, 1}, Position{e, 1, 1}}, "r"));
    }
    report.files.push_back(std::move(file));
  }
  const Json sarif = render(report, golden_options());
  REQUIRE(results_of(sarif).size() == 2000);
  check_github_requirements(sarif);
  std::size_t index = 0;
  for (const lint::FileReport& file : report.files) {
    for (std::size_t k = 0; k < file.findings.size(); ++k, ++index) {
      const Region r = as_region(region_of(results_of(sarif).at(index)));
      CAPTURE(r);
      CHECK(static_cast<std::uint32_t>(r.end_line) <= std::max(1u, file.source->line_count()));
    }
  }
}

TEST_CASE("output sarif: non-ASCII text before a finding shifts UTF-16 columns, not byte columns") {
  const Json sarif = render(golden_report(), golden_options());
  // `RUN echo "héllo 🙂"`: é is one UTF-16 code unit (two bytes), 🙂 two (four bytes).
  const Json& emoji = results_of(sarif).at(2);
  CHECK(emoji.at("message").at("text") == "the emoji \xF0\x9F\x99\x82 in \"h\xC3\xA9llo\" is not ASCII");
  CHECK(as_region(region_of(emoji)) == Region{3, 17, 3, 19});
  // `FROM ubuntu:latest AS büild`: ASCII before the finding.
  CHECK(as_region(region_of(results_of(sarif).at(0))) == Region{2, 13, 2, 19});
  // A multi-line finding ends at the exclusive end of `curl`.
  CHECK(as_region(region_of(results_of(sarif).at(1))) == Region{3, 5, 4, 28});
}

// ---- URIs ----

std::string uri_for(std::string fs_path, const output::RenderOptions& options, std::string shown = {}) {
  lint::LintReport report;
  lint::FileReport file = file_with_source(shown.empty() ? fs_path : shown, "FROM a\n", lint::FileType::dockerfile);
  file.fs_path = fs_path;
  file.findings.push_back(make_finding(kLatestTag, file.source->range(0, 4), "m"));
  report.files.push_back(std::move(file));
  const Json sarif = render(report, options);
  const Json& artifact =
      results_of(sarif).at(0).at("locations").at(0).at("physicalLocation").at("artifactLocation");
  return artifact.value("uriBaseId", "") + "|" + artifact.at("uri").get<std::string>();
}

TEST_CASE("output sarif: artifact URIs are relative to the source root, percent-encoded, never stdin markers") {
  output::RenderOptions options;
  options.working_directory = "/w/repo";
  CHECK(uri_for("Dockerfile", options) == "%SRCROOT%|Dockerfile");
  CHECK(uri_for("dir with space/\xC3\xBC:x#1.Dockerfile", options) ==
        "%SRCROOT%|dir%20with%20space/%C3%BC%3Ax%231.Dockerfile");
  CHECK(uri_for("/w/repo/sub/Dockerfile", options) == "%SRCROOT%|sub/Dockerfile");
  CHECK(uri_for("./a/../b/Dockerfile", options) == "%SRCROOT%|b/Dockerfile");
  CHECK(uri_for("/w/other/Dockerfile", options) == "%SRCROOT%|../other/Dockerfile");
  // Standard input without --stdin-filename has a stable name; with it, the given name.
  CHECK(uri_for("", options, "-") == "%SRCROOT%|stdin");
  CHECK(uri_for("sub/Dockerfile", options) == "%SRCROOT%|sub/Dockerfile");

  // The repository root, when known, is the base.
  options.repository_root = "/w";
  CHECK(uri_for("sub/Dockerfile", options) == "%SRCROOT%|repo/sub/Dockerfile");
  CHECK(render(lint::LintReport{}, options)["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///w/");

  output::RenderOptions spaced;
  spaced.working_directory = "/w/my repo";
  CHECK(render(lint::LintReport{}, spaced)["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] ==
        "file:///w/my%20repo/");

  // Without any root (a caller that sets no working directory), relative paths stay relative.
  CHECK(uri_for("Dockerfile", output::RenderOptions{}) == "%SRCROOT%|Dockerfile");
  CHECK(uri_for("/abs/Dockerfile", output::RenderOptions{}) == "|file:///abs/Dockerfile");
  output::RenderOptions root_only;
  root_only.repository_root = "/w";
  CHECK(uri_for("sub/Dockerfile", root_only) == "%SRCROOT%|sub/Dockerfile");
}

TEST_CASE("output sarif: symbolic links are resolved inside the source root") {
  const shipshape::testing::TempDir repo;
  const shipshape::testing::TempDir elsewhere;
  repo.write("real/Dockerfile", "FROM a\n");
  fs::create_symlink(repo / "real" / "Dockerfile", repo / "link.Dockerfile");
  const fs::path outside = elsewhere.write("Dockerfile", "FROM a\n");
  fs::create_symlink(outside, repo / "outside.Dockerfile");
  output::RenderOptions options;
  options.working_directory = repo.path().string();
  CHECK(uri_for("link.Dockerfile", options) == "%SRCROOT%|real/Dockerfile");
  CHECK(uri_for((repo / "link.Dockerfile").string(), options) == "%SRCROOT%|real/Dockerfile");
  // A link that leads out of the repository keeps its own path, which GitHub can place.
  CHECK(uri_for("outside.Dockerfile", options) == "%SRCROOT%|outside.Dockerfile");
}

// ---- suppressions ----

TEST_CASE("output sarif: suppressed findings appear only when shown, and then every result has suppressions") {
  lint::LintReport report = suppressed_report();
  report.show_suppressed = false;
  const Json hidden = render(report, golden_options());
  CHECK(results_of(hidden).size() == 5);  // the inline and the baseline suppression are left out
  for (const Json& result : results_of(hidden)) CHECK_FALSE(result.contains("suppressions"));

  report.show_suppressed = true;
  const Json shown = render(report, golden_options());
  const Json& results = results_of(shown);
  REQUIRE(results.size() == 7);
  for (const Json& result : results) CHECK(result.at("suppressions").is_array());
  CHECK(results.at(0).at("suppressions") ==
        Json::parse(R"([{"kind": "inSource", "justification": "# shipshape ignore=XT0001"}])"));
  CHECK(results.at(1).at("suppressions") == Json::array());
  CHECK(results.at(5).at("suppressions") ==
        Json::parse(R"([{"kind": "external", "justification": "baseline"}])"));
  CHECK(results.at(6).at("suppressions") == Json::array());
}

// ---- rules ----

TEST_CASE("output sarif: rules list the catalogue sorted by id, then the rules of results it lacks") {
  lint::LintReport report = golden_report();
  output::RenderOptions options = golden_options();
  options.sarif_rules = std::vector<const rules::RuleInfo*>{&kRootUser, &kLatestTag};
  const Json sarif = render(report, options);
  std::vector<std::string> ids;
  for (const Json& rule : run_of(sarif).at("tool").at("driver").at("rules")) ids.push_back(rule.at("id"));
  CHECK(ids == std::vector<std::string>{"XT0001", "XT0003", "XT0002", "XT0101"});
  std::vector<int> indexes;
  for (const Json& result : results_of(sarif)) indexes.push_back(result.at("ruleIndex"));
  CHECK(indexes == std::vector<int>{0, 2, 2, 1, 2, 3});

  // By default: every registered rule, sorted by id, whether or not it has results.
  options.sarif_rules.reset();
  const Json every = render(lint::LintReport{}, options);
  const Json& listed = run_of(every).at("tool").at("driver").at("rules");
  const auto& registered = rules::all_rules();
  REQUIRE(listed.size() == registered.size());
  for (std::size_t i = 0; i < registered.size(); ++i) CHECK(listed.at(i).at("id") == registered[i].info->id);
  const Json with_results = render(report, options);
  CHECK(run_of(with_results).at("tool").at("driver").at("rules").size() == registered.size() + 4);
}

TEST_CASE("output sarif: rule metadata is complete and within GitHub's limits") {
  static const std::string long_rationale = [] {
    std::string text;
    while (text.size() < 2000) text += "Each sentence of this rationale is short. ";
    return text;
  }();
  static const std::string unbroken = [] {
    std::string text;
    for (int i = 0; i < 800; ++i) text += "\xC3\xA9";  // 1600 bytes, no space to cut at
    return text;
  }();
  static constexpr std::string_view kManyTags[] = {"t01", "t02", "t03", "t04", "t05", "t06", "t07", "t08",
                                                   "t09", "t10", "t11", "t12", "t13", "t14", "t15", "t16",
                                                   "t17", "t18", "t19", "t20", "t21", "t22"};
  static constexpr std::string_view kNoSecurityTag[] = {"containers"};
  const rules::RuleInfo verbose{.id = "XT9001", .name = "verbose", .severity = rules::Severity::note,
                                .title = "", .rationale = long_rationale, .fix = "", .tags = kManyTags,
                                .enabled_by_default = false};
  const rules::RuleInfo unbreakable{.id = "XT9002", .name = "unbreakable", .severity = rules::Severity::warning,
                                    .title = "Unbreakable", .rationale = unbroken, .fix = "Fix it."};
  const rules::RuleInfo bad_score{.id = "XT9003", .name = "bad_score", .severity = rules::Severity::error,
                                  .title = "Bad score", .rationale = "Why.", .fix = "How.",
                                  .security_severity = "high"};
  const rules::RuleInfo untagged_security{.id = "XT9004", .name = "untagged", .severity = rules::Severity::error,
                                          .title = "Untagged", .rationale = "Why.", .fix = "How.",
                                          .tags = kNoSecurityTag, .security_severity = "7.0"};
  output::RenderOptions options = golden_options();
  options.sarif_rules = std::vector<const rules::RuleInfo*>{&verbose, &unbreakable, &bad_score, &untagged_security};
  const Json sarif = render(lint::LintReport{}, options);
  check_github_requirements(sarif);
  const Json& rules = run_of(sarif).at("tool").at("driver").at("rules");

  // A long rationale is cut at a sentence end; an empty title falls back to the name.
  const std::string cut = rules.at(0).at("fullDescription").at("text");
  CHECK(cut.size() <= 1024);
  CHECK(cut.ends_with("short."));
  CHECK(long_rationale.starts_with(cut));
  CHECK(rules.at(0).at("shortDescription").at("text") == "verbose");
  CHECK(rules.at(0).at("defaultConfiguration") == Json{{"level", "note"}, {"enabled", false}});
  CHECK(rules.at(0).at("properties").at("tags").size() == 20);
  CHECK(rules.at(0).at("properties").at("problem.severity") == "recommendation");
  // Without a space, the cut falls between characters, with an ellipsis.
  const std::string unbroken_cut = rules.at(1).at("fullDescription").at("text");
  CHECK(unbroken_cut.size() <= 1024);
  CHECK(unbroken_cut.ends_with("\xC3\xA9\xE2\x80\xA6"));
  // A security severity that is not a number is left out; the rule is then an ordinary one.
  CHECK_FALSE(rules.at(2).at("properties").contains("security-severity"));
  CHECK(rules.at(2).at("properties").at("problem.severity") == "error");
  // A security rule always has the `security` tag.
  CHECK(rules.at(3).at("properties").at("tags") == Json::array({"security", "containers"}));
  CHECK(rules.at(3).at("properties").at("security-severity") == "7.0");
}

// ---- run-level details ----

TEST_CASE("output sarif: a category becomes automationDetails.id with GitHub's trailing slash") {
  output::RenderOptions options = golden_options();
  options.sarif_category = "dockerfiles";
  CHECK(run_of(render(lint::LintReport{}, options)).at("automationDetails") == Json{{"id", "dockerfiles/"}});
  options.sarif_category = "ci/shipshape/";
  CHECK(run_of(render(lint::LintReport{}, options)).at("automationDetails") == Json{{"id", "ci/shipshape/"}});
}

TEST_CASE("output sarif: files that could not be linted are tool execution notifications") {
  const Json sarif = render(golden_report(), golden_options());
  const Json& invocation = run_of(sarif).at("invocations").at(0);
  CHECK(invocation.at("executionSuccessful") == true);
  const Json& notifications = invocation.at("toolExecutionNotifications");
  REQUIRE(notifications.size() == 3);
  for (const Json& notification : notifications) CHECK(notification.at("level") == "error");
  CHECK(notifications.at(0).at("message").at("text") == "no such file or directory");
  CHECK(notifications.at(0).at("locations").at(0).at("physicalLocation") ==
        Json::parse(R"({"artifactLocation": {"uri": "missing/Dockerfile", "uriBaseId": "%SRCROOT%"}})"));
  const Json& parse_error = notifications.at(1).at("locations").at(0).at("physicalLocation");
  CHECK(parse_error.at("artifactLocation").at("uri") == "broken.Dockerfile");
  CHECK(as_region(parse_error.at("region")) == Region{2, 5, 2, 10});
  CHECK(notifications.at(1).at("message").at("text").get<std::string>().ends_with(
      "(hint: end the heredoc with a line that holds only `EOF`)"));
  CHECK_FALSE(notifications.at(2).at("locations").at(0).at("physicalLocation").contains("region"));
}

TEST_CASE("output sarif: task-definition findings carry their JSON Pointer as a logical location") {
  const Json sarif = render(golden_report(), golden_options());
  const Json& result = results_of(sarif).at(5);
  CHECK(result.at("ruleId") == "XT0101");
  CHECK(result.at("locations").at(0).at("logicalLocations") ==
        Json::parse(R"([{"fullyQualifiedName": "/containerDefinitions/0/privileged", "kind": "value"}])"));
  CHECK(result.at("properties") == Json{{"jsonPointer", "/containerDefinitions/0/privileged"}});
  CHECK(as_region(region_of(result)) == Region{4, 58, 4, 62});
  CHECK_FALSE(results_of(sarif).at(0).contains("properties"));
}

TEST_CASE("output sarif: above GitHub's 25,000 results per run the most severe are kept") {
  lint::LintReport report;
  std::string text;
  for (int i = 0; i < 10; ++i) text += "RUN x\n";
  lint::FileReport file = file_with_source("big.Dockerfile", text, lint::FileType::dockerfile);
  const Range first = file.source->range(0, 3);
  for (int i = 0; i < 25000; ++i) file.findings.push_back(make_finding(kContinuation, first, "a note"));
  file.findings.push_back(make_finding(kLatestTag, file.source->range(6, 9), "a warning"));
  file.findings.push_back(make_finding(kLatestTag, file.source->range(12, 15), "another warning"));
  file.findings.push_back(make_finding(kRootUser, file.source->range(18, 21), "an error"));
  report.files.push_back(std::move(file));

  const Json sarif = render(report, golden_options());
  const Json& results = results_of(sarif);
  REQUIRE(results.size() == 25000);
  std::map<std::string, int> by_level;
  for (const Json& result : results) ++by_level[result.at("level")];
  CHECK(by_level == std::map<std::string, int>{{"error", 1}, {"warning", 2}, {"note", 24997}});
  // Report order is kept among the results that stay.
  CHECK(results.at(24999).at("message").at("text") == "an error");
  CHECK(results.at(24997).at("message").at("text") == "a warning");
  const Json& notifications = run_of(sarif).at("invocations").at(0).at("toolExecutionNotifications");
  REQUIRE(notifications.size() == 1);
  CHECK(notifications.at(0).at("level") == "warning");
  CHECK(notifications.at(0).at("message").at("text") ==
        "25003 results were found, but GitHub code scanning accepts at most 25000 per run: the 3 least severe "
        "were left out. Lint fewer files per run to see them all.");
  CHECK(run_of(sarif).at("invocations").at(0).at("executionSuccessful") == true);
}

}  // namespace
