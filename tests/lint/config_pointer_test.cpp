// JSON Pointer ignores: pattern matching, suppressing findings, usage tracking across threads, and the reports of
// configuration files (their errors and SS001 for unused entries).

#include <doctest/doctest.h>

#include <thread>

#include "lint/config_loader.h"
#include "lint/suppressions.h"
#include "tests/lint/config_test_rules.h"
#include "tests/support/support.h"

namespace {

namespace fs = std::filesystem;
using shipshape::lint::ConfigLoader;
using shipshape::lint::FileReport;
using shipshape::lint::pointer_matches;
using shipshape::rules::Finding;
using shipshape::rules::RuleInfo;
using shipshape::rules::Severity;
using shipshape::testing::error_lines;
using shipshape::testing::parse_test_config;
using shipshape::testing::TempDir;
using Strings = std::vector<std::string>;

const RuleInfo& test_rule(std::string_view id) {
  for (const auto& rule : shipshape::testing::config_test_rules()) {
    if (rule.info->id == id) return *rule.info;
  }
  FAIL("no test rule " << std::string(id));
  throw 0;  // unreachable: FAIL throws
}

Finding finding(std::string_view rule, std::string pointer, std::uint32_t offset = 0) {
  Finding out;
  out.message = std::string(rule) + " finding";
  out.rule = &test_rule(rule);
  out.severity = out.rule->severity;
  out.pointer = std::move(pointer);
  out.range.begin.offset = offset;
  out.range.end.offset = offset + 1;
  return out;
}

FileReport report_with(std::vector<Finding> findings) {
  FileReport report;
  report.path = "task.json";
  report.findings = std::move(findings);
  return report;
}

}  // namespace

TEST_CASE("pointer ignores: a pattern matches its pointer and everything below it") {
  CHECK(pointer_matches("/containerDefinitions/0/user", "/containerDefinitions/0/user"));
  CHECK(pointer_matches("/containerDefinitions/0", "/containerDefinitions/0/user"));
  CHECK(pointer_matches("/containerDefinitions", "/containerDefinitions/3/environment/2/value"));
  CHECK_FALSE(pointer_matches("/containerDefinitions/0/user", "/containerDefinitions/0"));
  CHECK_FALSE(pointer_matches("/containerDefinitions/0", "/containerDefinitions/01"));
  CHECK_FALSE(pointer_matches("/containerDefinitions/0/user", "/containerDefinitions/1/user"));
  CHECK_FALSE(pointer_matches("/container", "/containerDefinitions"));
  // The empty pattern is the whole document, including findings about the document itself.
  CHECK(pointer_matches("", "/family"));
  CHECK(pointer_matches("", ""));
  CHECK_FALSE(pointer_matches("/family", ""));
  // "/" names the key "" (RFC 6901), not the root.
  CHECK(pointer_matches("/", "/"));
  CHECK(pointer_matches("/", "//x"));
  CHECK_FALSE(pointer_matches("/", "/family"));
}

TEST_CASE("pointer ignores: * matches exactly one segment") {
  CHECK(pointer_matches("/containerDefinitions/*/user", "/containerDefinitions/0/user"));
  CHECK(pointer_matches("/containerDefinitions/*/user", "/containerDefinitions/12/user"));
  CHECK(pointer_matches("/containerDefinitions/*", "/containerDefinitions/12/privileged"));
  CHECK_FALSE(pointer_matches("/containerDefinitions/*/user", "/containerDefinitions/0/linuxParameters/user"));
  CHECK_FALSE(pointer_matches("/containerDefinitions/*/user", "/containerDefinitions/user"));
  CHECK_FALSE(pointer_matches("/*", ""));
  CHECK(pointer_matches("/*/*", "/a/b"));
  CHECK_FALSE(pointer_matches("/*/*", "/a"));
}

TEST_CASE("pointer ignores: ** matches any number of segments, none included") {
  CHECK(pointer_matches("/**/user", "/user"));
  CHECK(pointer_matches("/**/user", "/containerDefinitions/0/user"));
  CHECK(pointer_matches("/**/user", "/containerDefinitions/0/user/extra"));
  CHECK_FALSE(pointer_matches("/**/user", "/containerDefinitions/0/username"));
  CHECK(pointer_matches("/containerDefinitions/**/value", "/containerDefinitions/0/environment/2/value"));
  CHECK(pointer_matches("/containerDefinitions/**", "/containerDefinitions"));
  CHECK(pointer_matches("/**", ""));
  CHECK(pointer_matches("/**", "/anything/at/all"));
  CHECK(pointer_matches("/**/environment/*/value", "/containerDefinitions/1/environment/0/value"));
  CHECK_FALSE(pointer_matches("/**/environment/*/value", "/containerDefinitions/1/environment/value"));
  // Backtracking: the first `b` is not the one that lets the rest match.
  CHECK(pointer_matches("/a/**/b/c", "/a/b/x/b/c"));
  CHECK(pointer_matches("/**/a/**/b", "/x/a/y/z/b"));
  CHECK_FALSE(pointer_matches("/**/a/**/b", "/x/b/y/a"));
}

TEST_CASE("pointer ignores: escaped segments compare as written, and only whole segments are wildcards") {
  CHECK(pointer_matches("/dockerLabels/com.example~1team", "/dockerLabels/com.example~1team"));
  CHECK_FALSE(pointer_matches("/dockerLabels/com.example~1team", "/dockerLabels/com.example/team"));
  CHECK(pointer_matches("/a~0b", "/a~0b/c"));
  CHECK_FALSE(pointer_matches("/con*", "/containerDefinitions"));
  CHECK(pointer_matches("/con*", "/con*"));
  CHECK_FALSE(pointer_matches("/a", "a"));  // not a pointer
}

TEST_CASE("pointer ignores: matching findings are suppressed with the entry and its reason") {
  const auto loaded = parse_test_config(R"(ignore:
  - rule: ECS101
    path: "deploy/*.json"
    pointer: "/containerDefinitions/*/user"
    reason: sidecar runs as root by design
  - {rule: ECS, pointer: /containerDefinitions/1}
  - {rule: DL3007, pointer: ""}
)");
  REQUIRE(loaded.errors.empty());
  const auto& config = loaded.config;
  const auto effective = shipshape::lint::resolve(config, "deploy/task.json", {});
  REQUIRE(effective.pointer_ignores.size() == 3);
  FileReport report = report_with({
      finding("ECS101", "/containerDefinitions/0/user", 1),
      finding("ECS102", "/containerDefinitions/0/privileged", 2),
      finding("ECS102", "/containerDefinitions/1/privileged", 3),
      finding("ECS101", "/containerDefinitions/2/image", 4),
  });
  shipshape::lint::apply_pointer_ignores(effective, report);
  const std::string where = shipshape::lint::display_path("/repo/.shipshape.yaml");
  CHECK(report.findings[0].suppressed);
  CHECK(report.findings[0].suppression == "config ignore in " + where + ":2: sidecar runs as root by design");
  CHECK_FALSE(report.findings[1].suppressed);
  CHECK(report.findings[1].suppression.empty());
  CHECK(report.findings[2].suppressed);
  CHECK(report.findings[2].suppression == "config ignore in " + where + ":6");
  CHECK_FALSE(report.findings[3].suppressed);
  for (const auto& entry : config.ignores) CHECK(entry.applied.get());
  CHECK(config.ignores[0].used.get());
  CHECK(config.ignores[1].used.get());
  CHECK_FALSE(config.ignores[2].used.get());  // no DL3007 finding in a task definition
}

TEST_CASE("pointer ignores: only entries whose path covers the file apply, relative to the config directory") {
  const auto loaded = parse_test_config(R"(ignore:
  - {path: "deploy/*.json", pointer: /a}
  - {path: [task.json, "prod/**"], pointer: /b}
  - {pointer: /c}
)");
  REQUIRE(loaded.errors.empty());
  const auto paths_of = [&](const std::string& relative) {
    Strings pointers;
    for (const auto* entry : shipshape::lint::resolve(loaded.config, relative, {}).pointer_ignores) {
      pointers.push_back(entry->pointer);
    }
    return pointers;
  };
  CHECK(paths_of("deploy/web.json") == Strings{"/a", "/c"});
  CHECK(paths_of("deploy/sub/web.json") == Strings{"/c"});
  CHECK(paths_of("task.json") == Strings{"/b", "/c"});
  CHECK(paths_of("services/api/task.json") == Strings{"/b", "/c"});  // a glob without '/' matches the name
  CHECK(paths_of("prod/eu/west/task-def.json") == Strings{"/b", "/c"});
  CHECK(paths_of("other.json") == Strings{"/c"});
}

TEST_CASE("pointer ignores: already suppressed findings stay as they are, overlapping entries all count as used") {
  const auto loaded = parse_test_config("ignore:\n  - {pointer: /a}\n  - {pointer: /a/b}\n  - {pointer: /z}\n");
  REQUIRE(loaded.errors.empty());
  const auto effective = shipshape::lint::resolve(loaded.config, "t.json", {});
  FileReport report = report_with({finding("ECS101", "/a/b/c"), finding("ECS102", "/z")});
  report.findings[1].suppressed = true;
  report.findings[1].suppression = "baseline";
  shipshape::lint::apply_pointer_ignores(effective, report);
  CHECK(report.findings[0].suppression.find(":2") != std::string::npos);  // the first matching entry is named
  CHECK(report.findings[1].suppression == "baseline");
  CHECK(loaded.config.ignores[0].used.get());
  CHECK(loaded.config.ignores[1].used.get());
  CHECK_FALSE(loaded.config.ignores[2].used.get());
}

TEST_CASE("pointer ignores: usage recorded from many threads is the same as from one") {
  const auto loaded = parse_test_config("ignore:\n  - {pointer: /used}\n  - {pointer: /unused}\n  - {path: x, pointer: /}\n");
  REQUIRE(loaded.errors.empty());
  const auto effective = shipshape::lint::resolve(loaded.config, "t.json", {});
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&effective, t] {
      for (int i = 0; i < 200; ++i) {
        FileReport report = report_with({finding("ECS101", (t + i) % 2 == 0 ? "/used/x" : "/other")});
        shipshape::lint::apply_pointer_ignores(effective, report);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const auto& ignores = loaded.config.ignores;
  CHECK(ignores[0].applied.get());
  CHECK(ignores[0].used.get());
  CHECK(ignores[1].applied.get());
  CHECK_FALSE(ignores[1].used.get());
  CHECK_FALSE(ignores[2].applied.get());  // its path covers no linted file
  // Copies keep the flags (the config is a value type).
  const shipshape::lint::ConfigFile copy = loaded.config;
  CHECK(copy.ignores[0].used.get());
  CHECK_FALSE(copy.ignores[1].used.get());
}

TEST_CASE("config reports: errors, and SS001 at each applied entry that suppressed nothing") {
  TempDir dir;
  fs::create_directory(dir / ".git");
  dir.write(".shipshape.yaml", "ignore:\n  - {pointer: /used}\n  - pointer: /unused\n    reason: old\n"
                               "  - {path: other/*.json, pointer: /elsewhere}\n");
  ConfigLoader loader({});
  const auto loaded = loader.for_file(dir / "task.json");
  REQUIRE(loaded->errors.empty());
  const auto& config = loaded->config;
  const auto effective = shipshape::lint::resolve(config, "task.json", {});
  FileReport report = report_with({finding("ECS101", "/used/0")});
  shipshape::lint::apply_pointer_ignores(effective, report);

  const auto reports = shipshape::lint::config_reports(loader);
  REQUIRE(reports.size() == 1);
  const FileReport& config_report = reports[0];
  CHECK(config_report.path == shipshape::lint::display_path(dir / ".shipshape.yaml"));
  CHECK(config_report.fs_path == dir / ".shipshape.yaml");
  REQUIRE(config_report.source != nullptr);
  CHECK(config_report.errors.empty());
  REQUIRE(config_report.findings.size() == 1);
  const Finding& unused = config_report.findings[0];
  CHECK(unused.rule->id == "SS001");
  CHECK(unused.severity == Severity::warning);
  CHECK(unused.message == "this ignore entry matched no finding in the task definitions it covers (pointer `/unused`)");
  CHECK(unused.range.begin.line == 3);
  CHECK(unused.range.begin.column == 5);
  CHECK(unused.range.end.line == 4);
  CHECK(unused.range.end.column == 16);
  CHECK(unused.fingerprint.size() == 16);
  CHECK_FALSE(unused.suppressed);
}

TEST_CASE("config reports: SS001 follows the config file's own settings and the command line") {
  TempDir dir;
  fs::create_directory(dir / ".git");
  const auto unused_findings = [&](const std::string& config_text, shipshape::lint::RuleSettings command_line) {
    dir.write(".shipshape.yaml", config_text);
    ConfigLoader::Options options;
    options.command_line = std::move(command_line);
    ConfigLoader loader(options);
    const auto loaded = loader.for_file(dir / "task.json");
    INFO(doctest::toString(error_lines(*loaded)));
    REQUIRE(loaded->errors.empty());
    FileReport report = report_with({});
    shipshape::lint::apply_pointer_ignores(shipshape::lint::resolve(loaded->config, "task.json", {}), report);
    std::vector<std::pair<std::string, Severity>> out;
    for (const FileReport& config_report : shipshape::lint::config_reports(loader)) {
      for (const Finding& f : config_report.findings) out.emplace_back(std::string(f.rule->id), f.severity);
    }
    return out;
  };
  using Found = std::vector<std::pair<std::string, Severity>>;
  CHECK(unused_findings("ignore: [{pointer: /a}]\n", {}) == Found{{"SS001", Severity::warning}});
  CHECK(unused_findings("ignore: [SS001, {pointer: /a}]\n", {}).empty());
  CHECK(unused_findings("ignore: [{pointer: /a}]\nrules: {SS001: {severity: error}}\n", {}) ==
        Found{{"SS001", Severity::error}});
  CHECK(unused_findings("ignore: [{pointer: /a}]\nrules: {SS001: {enabled: false}}\n", {}).empty());
  // An override naming the configuration file applies to it like to any file.
  CHECK(unused_findings("ignore: [{pointer: /a}]\noverrides: [{files: .shipshape.yaml, rules: {SS001: "
                        "{severity: note}}}]\n",
                        {}) == Found{{"SS001", Severity::note}});
  shipshape::lint::RuleSettings ignore_ss001;
  ignore_ss001.ignore = {"SS001"};
  CHECK(unused_findings("ignore: [{pointer: /a}]\n", ignore_ss001).empty());
  shipshape::lint::RuleSettings select_ss001;
  select_ss001.select = Strings{"SS"};
  CHECK(unused_findings("select: []\nignore: [{pointer: /a}]\n", select_ss001) == Found{{"SS001", Severity::warning}});
}

TEST_CASE("config reports: a config with errors is reported; a clean one that was fully used is not") {
  TempDir dir;
  fs::create_directory(dir / ".git");
  dir.write("bad/.shipshape.yaml", "selct: [SS001]\n");
  dir.write("good/.shipshape.yaml", "ignore: [{pointer: /a}]\n");
  dir.write("unread/.shipshape.yaml", "ignore: [{pointer: /a}]\n");
  ConfigLoader loader({});
  loader.for_file(dir / "bad/task.json");
  loader.for_file(dir / "unread/Dockerfile");  // loaded, but no task definition under it was linted
  const auto good = loader.for_file(dir / "good/task.json");
  FileReport report = report_with({finding("ECS101", "/a")});
  shipshape::lint::apply_pointer_ignores(shipshape::lint::resolve(good->config, "task.json", {}), report);
  const auto reports = shipshape::lint::config_reports(loader);
  REQUIRE(reports.size() == 1);
  CHECK(reports[0].fs_path == dir / "bad/.shipshape.yaml");
  CHECK(reports[0].findings.empty());
  CHECK(error_lines(*loader.for_file(dir / "bad/task.json")) ==
        Strings{"1:1: unknown key `selct` (did you mean `select`?)"});
  REQUIRE(reports[0].errors.size() == 1);
  CHECK(reports[0].errors[0].range.begin.line == 1);
}
