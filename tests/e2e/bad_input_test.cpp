// The bad-input matrix: the built binary meets files and situations that are not what it expects. For each, the
// run must say clearly what is wrong (the file, and the line and column where that means something), exit with
// the right code (2 when an input cannot be read or parsed), still lint the other files of the run (a valid
// Dockerfile with a known finding sits next to every bad input), and neither crash, hang nor write a partial
// report: the JSON and SARIF reports parse (and the SARIF validates against its schema).
//
// Decisions documented in docs/reliability.md: UTF-16/UTF-32 files are refused with "only UTF-8 is supported";
// a NUL byte or CR-only line endings make a Dockerfile unreadable; invalid UTF-8 is linted as BuildKit reads it
// (bytes), and every report stays valid UTF-8.

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <filesystem>
#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

#include "tests/e2e/reliability_support.h"
#include "tests/support/support.h"

namespace {

namespace fs = std::filesystem;
namespace reliability = shipshape::testing::reliability;
using shipshape::testing::TempDir;

constexpr const char* kCompanion = "ok/Dockerfile";  // the valid Dockerfile linted with every bad input

struct ExpectedError {
  std::string path;     // as the report shows it
  std::string message;  // a piece of the message
  unsigned line = 0;    // 0: no meaningful position (the file could not be read at all)
  unsigned column = 0;  // in characters, as the JSON report counts
};

struct ExpectedFinding {
  std::string path;
  std::string rule;
  unsigned line = 0;
  unsigned column = 0;
};

struct Case {
  std::string name;
  std::function<void(const TempDir&)> setup;  // writes the bad input(s); the companion is written for every case
  std::vector<std::string> paths;             // named on the command line (the companion is added)
  int exit_code = 2;
  std::vector<ExpectedError> errors;          // exactly these errors, in this order
  std::vector<ExpectedFinding> findings = {};  // findings that must be reported besides the companion's
  reliability::MeasureOptions options = {};
  std::vector<std::string> flags = {};        // extra command-line flags
};

std::string utf16le_with_bom(std::string_view ascii) {
  std::string out = "\xFF\xFE";
  for (const char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

std::string utf16be_with_bom(std::string_view ascii) {
  std::string out = "\xFE\xFF";
  for (const char c : ascii) {
    out += '\0';
    out += c;
  }
  return out;
}

// Joins pieces (GCC 12 warns wrongly about chains of std::string operator+ at -O2).
std::string concat(std::initializer_list<std::string_view> pieces) {
  std::string out;
  for (const std::string_view piece : pieces) out.append(piece);
  return out;
}

constexpr std::string_view kTaskDefinition = R"({
  "family": "web",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "essential": true}]
})";

std::vector<Case> make_cases() {
  std::vector<Case> cases;
  cases.push_back({.name = "empty file",
                   .setup = [](const TempDir& d) { d.write("empty/Dockerfile", ""); },
                   .paths = {"empty/Dockerfile"},
                   .errors = {{"empty/Dockerfile", "file with no instructions", 1, 1}}});
  cases.push_back({.name = "empty task definition",
                   .setup = [](const TempDir& d) { d.write("empty/task-definition.json", ""); },
                   .paths = {"empty/task-definition.json"},
                   .errors = {{"empty/task-definition.json", "", 1, 1}}});
  cases.push_back({.name = "only comments",
                   .setup = [](const TempDir& d) { d.write("comments/Dockerfile", "# a comment\n# another one\n"); },
                   .paths = {"comments/Dockerfile"},
                   .errors = {{"comments/Dockerfile", "file with no instructions", 3, 1}}});
  cases.push_back({.name = "binary file named Dockerfile",
                   .setup =
                       [](const TempDir& d) {
                         std::string elf("\x7F" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3E\0", 20);
                         for (int i = 0; i < 4000; ++i) elf += static_cast<char>((i * 37 + 11) % 256);
                         d.write("bin/Dockerfile", elf);
                       },
                   .paths = {"bin/Dockerfile"},
                   .errors = {{"bin/Dockerfile", "NUL byte", 1, 8}}});
  cases.push_back({.name = "NUL bytes",
                   .setup =
                       [](const TempDir& d) {
                         d.write("nul/Dockerfile", std::string("FROM alpine:3.20\nRUN echo a") + '\0' + "b\n");
                         d.write("nul/task-definition.json",
                                 std::string("{\"containerDefinitions\": [{\"name\": \"a") + '\0' + "b\"}]}");
                       },
                   .paths = {"nul/Dockerfile", "nul/task-definition.json"},
                   .errors = {{"nul/Dockerfile", "NUL byte", 2, 11},
                              {"nul/task-definition.json", "NUL byte inside a string", 1, 38}}});
  cases.push_back({.name = "invalid UTF-8",
                   .setup =
                       [](const TempDir& d) {
                         // BuildKit reads bytes: the Dockerfile is linted (its comment names the rule in Latin-1).
                         d.write("latin1/Dockerfile", "FROM alpine:3.20\nRUN echo caf\xE9 \xFF\xFE\xC3\n"
                                                      "# shipshape ignore=caf\xE9\nUSER nobody\n");
                         d.write("latin1/task-definition.json",
                                 "{\"containerDefinitions\": [{\"name\": \"caf\xE9\", \"image\": \"nginx:1\"}]}");
                       },
                   .paths = {"latin1/Dockerfile", "latin1/task-definition.json"},
                   .errors = {{"latin1/task-definition.json", "invalid UTF-8 byte 0xE9", 1, 40}},
                   .findings = {{"latin1/Dockerfile", "SS001", 3, 20}}});
  cases.push_back({.name = "UTF-16 with BOM",
                   .setup =
                       [](const TempDir& d) {
                         d.write("utf16/Dockerfile", utf16le_with_bom("FROM alpine:3.20\nRUN echo hi\n"));
                         d.write("utf16/task-definition.json", utf16be_with_bom(kTaskDefinition));
                       },
                   .paths = {"utf16/Dockerfile", "utf16/task-definition.json"},
                   .errors = {{"utf16/Dockerfile", "the file is UTF-16", 1, 1},
                              {"utf16/task-definition.json", "the file is UTF-16", 1, 1}}});
  cases.push_back({.name = "UTF-32 with BOM",
                   .setup = [](const TempDir& d) { d.write("utf32/Dockerfile", std::string("\xFF\xFE\0\0F\0\0\0", 8)); },
                   .paths = {"utf32/Dockerfile"},
                   .errors = {{"utf32/Dockerfile", "the file is UTF-32", 1, 1}}});
  cases.push_back({.name = "CRLF line endings",
                   .setup =
                       [](const TempDir& d) {
                         d.write("crlf/Dockerfile",
                                 "# shipshape ignore=XX9999\r\nFROM alpine:3.20\r\nRUN echo a \\\r\n  b\r\n"
                                 "# shipshape ignore=YY9999\r\nUSER nobody\r\n");
                         std::string task;
                         for (const char c : kTaskDefinition) {
                           if (c == '\n') task += '\r';
                           task += c;
                         }
                         d.write("crlf/task-definition.json", task);
                       },
                   .paths = {"crlf/Dockerfile", "crlf/task-definition.json"},
                   .exit_code = 1,
                   .errors = {},
                   .findings = {{"crlf/Dockerfile", "SS001", 1, 20}, {"crlf/Dockerfile", "SS001", 5, 20}}});
  cases.push_back({.name = "lone CR line endings",
                   .setup =
                       [](const TempDir& d) {
                         d.write("cr/Dockerfile", "FROM alpine:3.20\rRUN echo hi\rUSER nobody\r");
                         // A CR inside a line of an LF file is just a byte (BuildKit splits at LF only).
                         d.write("cr-inside/Dockerfile",
                                 "FROM alpine:3.20\nRUN echo \"a\rb\"\n# shipshape ignore=XX9999\nUSER nobody\n");
                       },
                   .paths = {"cr/Dockerfile", "cr-inside/Dockerfile"},
                   .errors = {{"cr/Dockerfile", "CR line endings", 1, 17}},
                   .findings = {{"cr-inside/Dockerfile", "SS001", 3, 20}}});
  cases.push_back({.name = "a 1 MB single line",
                   .setup =
                       [](const TempDir& d) {
                         d.write("long/Dockerfile", "FROM alpine:3.20\nRUN echo " + std::string(1 << 20, 'x') + "\n");
                         // One line is how tools write JSON: a minified 1 MB task definition is fine.
                         std::string env;
                         for (int i = 0; i < 20000; ++i) {
                           env += (i ? "," : "") + std::string(R"({"name":"VARIABLE_)") + std::to_string(i) +
                                  R"(","value":"some value of fifty characters, more or less...."})";
                         }
                         d.write("long/task-definition.json",
                                 R"({"family":"web","containerDefinitions":[{"name":"web","image":"nginx:1.27",)"
                                 R"("essential":true,"environment":[)" + env + "]}]}");
                       },
                   .paths = {"long/Dockerfile", "long/task-definition.json"},
                   .errors = {{"long/Dockerfile", "line greater than max allowed size of 65535", 2, 1}}});
  cases.push_back({.name = "100,000 continuation lines",
                   .setup =
                       [](const TempDir& d) {
                         std::string text = "FROM alpine:3.20\nRUN echo \\\n";
                         for (int i = 0; i < 100000; ++i) text += "  a \\\n";
                         text += "  done\n# shipshape ignore=XX9999\nUSER nobody\n";
                         d.write("continued/Dockerfile", text);
                       },
                   .paths = {"continued/Dockerfile"},
                   .exit_code = 1,
                   .errors = {},
                   .findings = {{"continued/Dockerfile", "SS001", 100004, 20}}});
  cases.push_back({.name = "unterminated heredoc",
                   .setup = [](const TempDir& d) { d.write("heredoc/Dockerfile", "FROM alpine:3.20\nRUN cat <<EOF\nhello\n"); },
                   .paths = {"heredoc/Dockerfile"},
                   .errors = {{"heredoc/Dockerfile", "unterminated heredoc", 2, 9}}});
  cases.push_back({.name = "10,000-deep JSON nesting",
                   .setup =
                       [](const TempDir& d) {
                         d.write("deep/task-definition.json", concat({"{\"containerDefinitions\": ", std::string(10000, '['),
                                                                     std::string(10000, ']'), "}"}));
                       },
                   .paths = {"deep/task-definition.json"},
                   .errors = {{"deep/task-definition.json", "nesting is deeper than 512 levels", 1, 537}}});
  cases.push_back({.name = "huge numbers",
                   .setup =
                       [](const TempDir& d) {
                         d.write("numbers/task-definition.json",
                                 concat({R"({"family": "web", "cpu": 1)", std::string(400, '0'), R"(, "memory": 1e999999,
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "essential": true,
    "memory": 99999999999999999999999999, "cpu": -1e308, "memoryReservation": 1e-99999,
    "portMappings": [{"containerPort": 18446744073709551616, "hostPort": -9223372036854775809}],
    "ulimits": [{"name": "nofile", "softLimit": 4.5e15, "hardLimit": 1)",
                                         std::string(5000, '0'), R"(}]}]})"}));
                       },
                   .paths = {"numbers/task-definition.json"},
                   .exit_code = 1,
                   .errors = {}});
  cases.push_back({.name = "duplicate keys",
                   .setup =
                       [](const TempDir& d) {
                         d.write("dup/task-definition.json", R"({"family": "a", "family": "b",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "image": "nginx:1.27", "essential": true}],
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "essential": true}]})");
                       },
                   .paths = {"dup/task-definition.json"},
                   .exit_code = 1,
                   .errors = {}});
  cases.push_back({.name = "a directory named Dockerfile",
                   .setup =
                       [](const TempDir& d) {
                         fs::create_directories(d / "dir" / "Dockerfile");
                         fs::create_directories(d / "walked" / "Dockerfile");
                         d.write("walked/Dockerfile/Dockerfile.prod", "# shipshape ignore=XX9999\nFROM alpine:3.20\n");
                       },
                   // Named: said plainly. Walked into: a directory like any other (its Dockerfile.prod is linted).
                   .paths = {"dir/Dockerfile", "walked"},
                   .errors = {{"dir/Dockerfile", "is a directory"}},
                   .findings = {{"walked/Dockerfile/Dockerfile.prod", "SS001", 1, 20}}});
  cases.push_back({.name = "a symlink loop",
                   .setup =
                       [](const TempDir& d) {
                         fs::create_symlink("self.Dockerfile", d / "self.Dockerfile");
                         fs::create_directories(d / "tree" / "sub");
                         fs::create_symlink("b/Dockerfile", d / "tree" / "sub" / "Dockerfile");  // dangling
                         fs::create_symlink("Containerfile", d / "tree" / "Containerfile");      // a loop in a walk
                         fs::create_symlink("..", d / "tree" / "sub" / "up");                    // a directory cycle
                         d.write("tree/sub/real.Dockerfile", "# shipshape ignore=XX9999\nFROM alpine:3.20\n");
                       },
                   .paths = {"self.Dockerfile", "tree"},
                   .errors = {{"self.Dockerfile", "symbolic link loop"},
                              {"tree/Containerfile", "symbolic link loop"},
                              {"tree/sub/Dockerfile", "broken symbolic link"}},
                   .findings = {{"tree/sub/real.Dockerfile", "SS001", 1, 20}}});
  cases.push_back({.name = "an unreadable file",
                   .setup =
                       [](const TempDir& d) {
                         d.write("locked/Dockerfile", "FROM alpine:3.20\n");
                         fs::permissions(d / "locked" / "Dockerfile", fs::perms::none);
                         d.write("closed/sub/Dockerfile", "FROM alpine:3.20\n");
                         fs::permissions(d / "closed" / "sub", fs::perms::none);
                       },
                   .paths = {"locked/Dockerfile", "closed"},
                   .errors = {{"closed/sub", "cannot read directory"},
                              {"locked/Dockerfile", "cannot read file: permission denied"}},
                   // As root, permissions do not stop reads: the run drops to nobody (uid 65534) first.
                   .options = {.unprivileged = true}});
  cases.push_back({.name = "a path that does not exist",
                   .setup = [](const TempDir&) {},
                   .paths = {"missing/Dockerfile"},
                   .errors = {{"missing/Dockerfile", "no such file or directory"}}});
  cases.push_back({.name = "stdin closed",
                   .setup = [](const TempDir&) {},
                   .paths = {"-"},
                   .errors = {{"-", "cannot read standard input: standard input is closed"}},
                   .options = {.close_stdin = true}});
  cases.push_back({.name = "stdin empty",
                   .setup = [](const TempDir& d) { d.write("stdin-content", ""); },
                   .paths = {"-"},
                   .errors = {{"Dockerfile", "file with no instructions", 1, 1}},
                   .flags = {"--stdin-filename", "Dockerfile"}});
  return cases;
}

const Case& find_case(std::string_view name) {
  static const std::vector<Case> cases = make_cases();
  for (const Case& c : cases) {
    if (c.name == name) return c;
  }
  FAIL("no bad-input case named " << name);
  return cases.front();
}

// Writes the case's files and the companion into `dir`.
void prepare(const Case& c, const TempDir& dir) {
  dir.write(kCompanion, reliability::kDockerfileWithFinding);
  c.setup(dir);
}

reliability::Measured run_case(const Case& c, const TempDir& dir, std::string_view format) {
  std::vector<std::string> args{"--format", std::string(format)};
  args.insert(args.end(), c.flags.begin(), c.flags.end());
  args.insert(args.end(), c.paths.begin(), c.paths.end());
  args.push_back(kCompanion);
  reliability::MeasureOptions options = c.options;
  options.cwd = dir.path();
  options.timeout_seconds = 120;
  if (!options.close_stdin && !options.stdin_file && fs::exists(dir / "stdin-content")) {
    options.stdin_file = dir / "stdin-content";
  }
  return reliability::run_measured(args, options);
}

// The parts of a run every format must get right: it ended by itself, with the expected code.
void check_process(const Case& c, const reliability::Measured& run) {
  CHECK_FALSE(run.timed_out);
  CHECK(run.signal == 0);
  CHECK(run.exit_code == c.exit_code);
}

bool has_finding(const nlohmann::json& report, const ExpectedFinding& expected) {
  for (const auto& finding : report.at("findings")) {
    if (finding.at("path") == expected.path && finding.at("rule") == expected.rule &&
        (expected.line == 0 || (finding["range"]["start"]["line"] == expected.line &&
                                finding["range"]["start"]["column"] == expected.column))) {
      return true;
    }
  }
  return false;
}

void check_json(const Case& c, const TempDir& dir) {
  const reliability::Measured run = run_case(c, dir, "json");
  INFO("stderr: " << run.err);
  check_process(c, run);
  const nlohmann::json report = nlohmann::json::parse(run.out, nullptr, false);
  REQUIRE_MESSAGE(!report.is_discarded(), "the JSON report does not parse: " << run.out.substr(0, 2000));
  const auto& errors = report.at("errors");
  CHECK(errors.size() == c.errors.size());
  for (std::size_t i = 0; i < std::min(errors.size(), c.errors.size()); ++i) {
    const ExpectedError& expected = c.errors[i];
    const auto& error = errors[i];
    INFO("error " << i << ": " << error.dump());
    CHECK(error.at("path") == expected.path);
    CHECK(error.at("message").get<std::string>().find(expected.message) != std::string::npos);
    if (expected.line != 0) {
      REQUIRE(error.contains("range"));
      CHECK(error["range"]["start"]["line"] == expected.line);
      CHECK(error["range"]["start"]["column"] == expected.column);
    }
  }
  CHECK_MESSAGE(has_finding(report, {kCompanion, reliability::kFindingRule, 1, 20}),
                "the valid Dockerfile next to the bad input was not linted");
  for (const ExpectedFinding& finding : c.findings) {
    CHECK_MESSAGE(has_finding(report, finding), finding.path << " " << finding.rule << " " << finding.line);
  }
}

// SARIF: parses, the companion's finding is a result, every error is a notification naming its file.
std::string check_sarif(const Case& c, const TempDir& dir) {
  const reliability::Measured run = run_case(c, dir, "sarif");
  INFO("stderr: " << run.err);
  check_process(c, run);
  const nlohmann::json sarif = nlohmann::json::parse(run.out, nullptr, false);
  REQUIRE_MESSAGE(!sarif.is_discarded(), "the SARIF report does not parse");
  const auto& sarif_run = sarif.at("runs").at(0);
  bool companion = false;
  for (const auto& result : sarif_run.at("results")) {
    const auto& location = result["locations"][0]["physicalLocation"];
    if (result["ruleId"] == reliability::kFindingRule &&
        location["artifactLocation"]["uri"].get<std::string>().find(kCompanion) != std::string::npos &&
        location["region"]["startLine"] == 1) {
      companion = true;
    }
  }
  CHECK(companion);
  const auto& invocation = sarif_run.at("invocations").at(0);
  const std::size_t notifications =
      invocation.contains("toolExecutionNotifications") ? invocation["toolExecutionNotifications"].size() : 0;
  CHECK(notifications == c.errors.size());
  return run.out;
}

// The terminal format: every error and the companion's finding are on screen.
void check_tty(const Case& c, const TempDir& dir) {
  const reliability::Measured run = run_case(c, dir, "tty");
  check_process(c, run);
  CHECK(run.out.find(kCompanion) != std::string::npos);
  CHECK(run.out.find(reliability::kFindingRule) != std::string::npos);
  for (const ExpectedError& error : c.errors) {
    CHECK_MESSAGE(run.out.find(error.message) != std::string::npos, error.message);
  }
}

void check_case(std::string_view name) {
  const Case& c = find_case(name);
  const TempDir dir;
  prepare(c, dir);
  INFO("case: " << c.name);
  check_json(c, dir);
  check_sarif(c, dir);
  check_tty(c, dir);
}

}  // namespace

TEST_CASE("bad input: empty file") {
  check_case("empty file");
  check_case("empty task definition");
}
TEST_CASE("bad input: only comments") { check_case("only comments"); }
TEST_CASE("bad input: binary file named Dockerfile") { check_case("binary file named Dockerfile"); }
TEST_CASE("bad input: NUL bytes") { check_case("NUL bytes"); }
TEST_CASE("bad input: invalid UTF-8") { check_case("invalid UTF-8"); }
TEST_CASE("bad input: UTF-16 and UTF-32 with a byte order mark are refused as not UTF-8") {
  check_case("UTF-16 with BOM");
  check_case("UTF-32 with BOM");
}
TEST_CASE("bad input: CRLF line endings") { check_case("CRLF line endings"); }
TEST_CASE("bad input: lone CR line endings") { check_case("lone CR line endings"); }
TEST_CASE("bad input: a 1 MB single line") { check_case("a 1 MB single line"); }
TEST_CASE("bad input: 100,000 continuation lines") { check_case("100,000 continuation lines"); }
TEST_CASE("bad input: unterminated heredoc") { check_case("unterminated heredoc"); }
TEST_CASE("bad input: 10,000-deep JSON nesting") { check_case("10,000-deep JSON nesting"); }
TEST_CASE("bad input: huge numbers") { check_case("huge numbers"); }
TEST_CASE("bad input: duplicate keys") { check_case("duplicate keys"); }
TEST_CASE("bad input: a directory named Dockerfile") { check_case("a directory named Dockerfile"); }
TEST_CASE("bad input: a symlink loop") { check_case("a symlink loop"); }
TEST_CASE("bad input: an unreadable file") { check_case("an unreadable file"); }
TEST_CASE("bad input: a path that does not exist") { check_case("a path that does not exist"); }
TEST_CASE("bad input: stdin closed") {
  check_case("stdin closed");
  check_case("stdin empty");
}

TEST_CASE("bad input: the SARIF report of every bad input validates against the SARIF 2.1.0 schema") {
  const TempDir reports;
  std::vector<std::string> argv{"node", (shipshape::testing::source_dir() / "tests/tools/validate-sarif.mjs").string()};
  for (const Case& c : make_cases()) {
    INFO(c.name);
    const TempDir dir;
    prepare(c, dir);
    const std::string file = "case-" + std::to_string(argv.size()) + ".sarif";
    argv.push_back(reports.write(file, check_sarif(c, dir)).string());
  }
  const auto validated = shipshape::testing::run(argv);
  INFO(validated.out << validated.err);
  CHECK(validated.exit_code == 0);
}

TEST_CASE("bad input: output file unwritable") {
  const TempDir dir;
  dir.write(kCompanion, reliability::kDockerfileWithFinding);
  const auto lint_to = [&](const std::string& output, reliability::MeasureOptions options = {}) {
    options.cwd = dir.path();
    return reliability::run_measured({"--format", "json", "--output", output, kCompanion}, options);
  };
  const auto check_refused = [](const reliability::Measured& run, std::string_view path, std::string_view reason) {
    INFO("stderr: " << run.err);
    CHECK(run.signal == 0);
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK(run.err == "shipshape: cannot write " + std::string(path) + ": " + std::string(reason) + "\n");
  };
  // A directory that does not exist; a "directory" that is a regular file (root cannot write there either).
  check_refused(lint_to("no/such/dir/report.json"), "no/such/dir/report.json", "no such file or directory");
  check_refused(lint_to("ok/Dockerfile/report.json"), "ok/Dockerfile/report.json", "Not a directory");
  // The output path is a directory: the rename fails, and the temporary file is removed.
  fs::create_directory(dir / "report-dir");
  check_refused(lint_to("report-dir"), "report-dir", "is a directory");
  // A directory the user may not write to (the run drops to nobody when the tests run as root).
  fs::create_directory(dir / "read-only");
  fs::permissions(dir / "read-only", fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                         fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
  check_refused(lint_to("read-only/report.json", {.unprivileged = true}), "read-only/report.json", "permission denied");
  // The disk fills up (a file size limit makes write() fail with EFBIG): the old report stays whole.
  dir.write("report.json", "the previous report\n");
  check_refused(lint_to("report.json", {.file_size_limit_bytes = 256}), "report.json", "File too large");
  CHECK(shipshape::testing::read_file(dir / "report.json") == "the previous report\n");
  // No temporary file is left behind by any of these failures.
  for (const auto& entry : fs::recursive_directory_iterator(dir.path())) {
    CHECK_MESSAGE(entry.path().filename().string().find(".shipshape-") == std::string::npos, entry.path().string());
  }
  // Standard output on a full device: an error and exit code 2, never a silent partial report.
  const reliability::Measured full =
      reliability::run_measured({"--format", "json", kCompanion}, {.cwd = dir.path(), .stdout_file = "/dev/full"});
  CHECK(full.signal == 0);
  CHECK(full.exit_code == 2);
  CHECK(full.err == "shipshape: cannot write the report to standard output: No space left on device\n");
}

TEST_CASE("bad input: SIGPIPE when piped into head") {
  // A report far larger than a pipe's buffer, read by a `head` that goes away after 100 bytes.
  const TempDir dir;
  std::string many;
  for (int i = 0; i < 5000; ++i) many += "# shipshape ignore=XX" + std::to_string(1000 + i) + "\n";
  many += "FROM alpine:3.20\n";
  dir.write("Dockerfile", many);
  for (const char* format : {"tty", "json", "sarif", "gnu"}) {
    INFO(format);
    std::string head;
    const reliability::Measured run =
        reliability::run_into_closed_pipe({"--format", format, "Dockerfile"}, dir.path(), 100, &head);
    CHECK(head.size() == 100);
    CHECK(run.signal == 0);     // not killed by SIGPIPE (nor anything else)
    CHECK(run.exit_code == 1);  // the findings' exit code, as if the whole report had been read
    CHECK(run.err.empty());     // no "broken pipe" message
  }
}
