// End to end with the built binary: the workflows a team lives with. Parallel runs give the same bytes as
// serial ones, inline and pointer suppressions, unused-suppression reports, and the baseline round trip.

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "tests/support/support.h"

namespace {

namespace fs = std::filesystem;
using shipshape::testing::run_shipshape;
using shipshape::testing::RunOptions;
using shipshape::testing::RunResult;
using shipshape::testing::source_dir;
using shipshape::testing::TempDir;

// A scratch repository: its own .git, so that no configuration file above it is found.
struct Repository {
  TempDir dir;
  Repository() { fs::create_directory(dir / ".git"); }
  RunResult run(std::vector<std::string> args) const {
    RunOptions options;
    options.cwd = dir.path();
    options.env.emplace("NO_COLOR", "1");
    return run_shipshape(args, options);
  }
};

// The (rule, line) of every reported finding in --format json output, in output order.
std::vector<std::pair<std::string, int>> findings_of(const RunResult& result) {
  std::vector<std::pair<std::string, int>> out;
  const auto report = nlohmann::json::parse(result.out);
  for (const auto& finding : report.at("findings")) {
    out.emplace_back(finding.at("rule").get<std::string>(), finding.at("range").at("start").at("line").get<int>());
  }
  return out;
}

constexpr std::string_view kDockerfile = R"(FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
COPY . /app
CMD ["python", "/app/main.py"]
)";

constexpr std::string_view kTaskDefinition = R"({
  "family": "web",
  "networkMode": "awsvpc",
  "containerDefinitions": [
    {"name": "web", "image": "nginx:1.27", "essential": true, "user": "101", "privileged": true}
  ]
}
)";

}  // namespace

TEST_CASE("workflow: --jobs 1 and --jobs 4 give byte-identical output in every format") {
  // Every fixture and example: hundreds of findings over many files of both kinds, plus files that fail to parse.
  const std::vector<std::string> inputs{"examples", "fixtures/dockerfile", "fixtures/ecs"};
  RunOptions options;
  options.cwd = source_dir();
  options.env.emplace("NO_COLOR", "1");
  for (const char* format : {"tty", "json", "sarif", "gnu", "checkstyle", "github", "codeclimate"}) {
    CAPTURE(format);
    std::vector<std::string> serial_args{"--isolated", "--format", format, "--jobs", "1", "--show-suppressed"};
    std::vector<std::string> parallel_args = serial_args;
    parallel_args[4] = "4";
    serial_args.insert(serial_args.end(), inputs.begin(), inputs.end());
    parallel_args.insert(parallel_args.end(), inputs.begin(), inputs.end());
    const RunResult serial = run_shipshape(serial_args, options);
    const RunResult parallel = run_shipshape(parallel_args, options);
    CHECK(serial.exit_code == 2);  // ECS fixtures with expectations in comments are not strict JSON
    CHECK(serial.out.size() > 10000);  // real findings, not an empty report
    CHECK(parallel.exit_code == serial.exit_code);
    CHECK(parallel.out == serial.out);
    CHECK(parallel.err == serial.err);
  }
}

TEST_CASE("workflow: inline suppressions silence one instruction or the whole file, and unused ones are reported") {
  Repository repo;
  repo.dir.write("Dockerfile", kDockerfile);
  const auto before = findings_of(repo.run({"--format", "json", "Dockerfile"}));
  const auto has = [](const auto& findings, std::string_view rule, int line) {
    return std::find(findings.begin(), findings.end(), std::pair<std::string, int>(rule, line)) != findings.end();
  };
  REQUIRE(has(before, "DL3009", 2));  // apt lists left behind
  REQUIRE(has(before, "DF101", 1));   // never drops root (reported at the final stage)

  // On the line before the instruction: only that rule, only that instruction.
  repo.dir.write("Dockerfile", R"(FROM python:3.12-slim
# shipshape ignore=DL3009 -- the image is rebuilt nightly
RUN apt-get update && apt-get install -y --no-install-recommends curl
COPY . /app
CMD ["python", "/app/main.py"]
)");
  RunResult result = repo.run({"--format", "json", "Dockerfile"});
  auto after = findings_of(result);
  CHECK_FALSE(has(after, "DL3009", 3));
  CHECK(after.size() == before.size() - 1);
  // --show-suppressed brings it back, marked.
  result = repo.run({"--format", "json", "--show-suppressed", "Dockerfile"});
  const auto report = nlohmann::json::parse(result.out);
  bool shown = false;
  for (const auto& finding : report["findings"]) {
    if (finding["rule"] == "DL3009") shown = finding.contains("suppression");
  }
  CHECK(shown);

  // ignore-file, and a hadolint pragma for a DL rule.
  repo.dir.write("Dockerfile", R"(# shipshape ignore-file=DF101
FROM python:3.12-slim
# hadolint ignore=DL3009
RUN apt-get update && apt-get install -y --no-install-recommends curl
COPY . /app
CMD ["python", "/app/main.py"]
)");
  after = findings_of(repo.run({"--format", "json", "Dockerfile"}));
  CHECK(std::none_of(after.begin(), after.end(), [](const auto& f) { return f.first == "DL3009" || f.first == "DF101"; }));

  // A suppression that matches nothing is SS001, at the comment, and fails the run.
  repo.dir.write("Dockerfile", R"(FROM python:3.12-slim
USER 10001
# shipshape ignore=DL3007
RUN echo hello
)");
  result = repo.run({"Dockerfile"});
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("[SS001]") != std::string::npos);
  CHECK(result.out.find("--> Dockerfile:3:") != std::string::npos);
  // ... unless SS001 is turned off.
  CHECK(repo.run({"--ignore", "SS001", "Dockerfile"}).exit_code == 0);
}

TEST_CASE("workflow: pointer ignores in the configuration suppress task-definition findings") {
  Repository repo;
  repo.dir.write("deploy/task.json", kTaskDefinition);
  const auto before = findings_of(repo.run({"--format", "json", "deploy/task.json"}));
  REQUIRE(std::count_if(before.begin(), before.end(), [](const auto& f) { return f.first == "ECS102"; }) == 1);
  repo.dir.write(".shipshape.yaml", R"(ignore:
  - rule: ECS102
    path: "deploy/*.json"
    pointer: /containerDefinitions/*/privileged
    reason: the log router needs the host's devices
)");
  const RunResult result = repo.run({"--format", "json", "deploy/task.json"});
  const auto after = findings_of(result);
  CHECK(std::none_of(after.begin(), after.end(), [](const auto& f) { return f.first == "ECS102"; }));
  CHECK(after.size() == before.size() - 1);
  // The reason travels with the suppressed finding.
  const RunResult shown = repo.run({"--format", "sarif", "--show-suppressed", "deploy/task.json"});
  CHECK(shown.out.find("the log router needs the host's devices") != std::string::npos);
}

TEST_CASE("workflow: baseline round trip: write, rerun clean, then only the new problem") {
  Repository repo;
  repo.dir.write("Dockerfile", kDockerfile);
  repo.dir.write("deploy/task.json", kTaskDefinition);
  const RunResult initial = repo.run({"--format", "json", "."});
  CHECK(initial.exit_code == 1);
  const std::size_t initial_count = findings_of(initial).size();
  REQUIRE(initial_count >= 4);

  const RunResult written = repo.run({"--write-baseline", ".shipshape-baseline.json", "."});
  CHECK(written.exit_code == 0);
  CHECK(written.err == "shipshape: recorded " + std::to_string(initial_count) + " findings in .shipshape-baseline.json\n");
  CHECK(fs::exists(repo.dir / ".shipshape-baseline.json"));
  // The baseline holds fingerprints and rule ids, never a source excerpt that could carry a secret.
  const auto baseline = nlohmann::json::parse(shipshape::testing::read_file(repo.dir / ".shipshape-baseline.json"));
  CHECK(baseline.is_object());

  const RunResult clean = repo.run({"--baseline", ".shipshape-baseline.json", "--format", "json", "."});
  CHECK(clean.exit_code == 0);
  CHECK(findings_of(clean).empty());

  // Unrelated edits that move lines keep the old findings matched.
  repo.dir.write("Dockerfile", std::string("# syntax=docker/dockerfile:1\n\n# The API image.\n") + std::string(kDockerfile));
  CHECK(repo.run({"--baseline", ".shipshape-baseline.json", "."}).exit_code == 0);

  // A new problem: exit 1, and it is the only finding.
  repo.dir.write("Dockerfile", std::string("# syntax=docker/dockerfile:1\n\n# The API image.\n") +
                                   std::string(kDockerfile) + "ENV AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY\n");
  const RunResult regressed = repo.run({"--baseline", ".shipshape-baseline.json", "--format", "json", "."});
  CHECK(regressed.exit_code == 1);
  const auto findings = findings_of(regressed);
  REQUIRE(findings.size() >= 1);
  for (const auto& [rule, line] : findings) {
    CHECK(line == 8);
    CHECK((rule == "DL3064" || rule == "DF105"));  // the secret, by name and by shape
  }
  CHECK(regressed.out.find("wJalrXUtnFEMI/K7MDENG") == std::string::npos);

  // A problem fixed since the baseline was written is simply gone: nothing to report.
  repo.dir.write("deploy/task.json", R"({"family": "web", "networkMode": "awsvpc", "containerDefinitions": [
    {"name": "web", "image": "nginx:1.27", "essential": true, "user": "101", "readonlyRootFilesystem": true}]})");
  CHECK(repo.run({"--baseline", ".shipshape-baseline.json", "deploy/task.json"}).exit_code == 0);
}

TEST_CASE("workflow: RUNs no enabled rule reads are not parsed, and the findings do not change") {
  // The engine parses a RUN as shell only when an enabled rule (or the secret masking) reads it. Selecting one
  // RUN rule must give that rule exactly the findings it has when every rule is on.
  RunOptions options;
  options.cwd = source_dir();
  const auto rule_findings = [&](const std::vector<std::string>& select, std::string_view rule) {
    const RunResult result = run_shipshape(
        {"--isolated", "--format", "json", "--select", select.front(), "--type", "dockerfile", "fixtures/dockerfile"},
        options);
    std::vector<std::pair<std::string, int>> out;
    for (const auto& f : findings_of(result)) {
      if (f.first == rule) out.push_back(f);
    }
    return out;
  };
  for (const char* rule : {"DL3009", "DL3019", "DL3042", "DL3060", "DF105"}) {
    CAPTURE(rule);
    const auto alone = rule_findings({rule}, rule);
    CHECK_FALSE(alone.empty());
    CHECK(alone == rule_findings({"ALL"}, rule));
  }
}
