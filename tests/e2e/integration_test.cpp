// Where users run shipshape: pre-commit hooks, the GitHub Action, and the project's own container image.

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/support/support.h"

namespace {

namespace fs = std::filesystem;
using shipshape::testing::read_file;
using shipshape::testing::run;
using shipshape::testing::run_shipshape;
using shipshape::testing::RunOptions;
using shipshape::testing::source_dir;
using shipshape::testing::TempDir;

constexpr std::string_view kBadDockerfile = "FROM ubuntu:latest\nUSER root\n";
constexpr std::string_view kGoodDockerfile =
    "FROM debian:12.5@sha256:0000000000000000000000000000000000000000000000000000000000000000\n"
    "RUN useradd --uid 10001 app\nUSER 10001\n";
constexpr std::string_view kBadTaskDefinition = R"({
  "family": "web",
  "networkMode": "awsvpc",
  "containerDefinitions": [{"name": "web", "image": "nginx:latest", "privileged": true}]
})";

// A scratch git repository with the given files added (pre-commit works on tracked files).
void init_repository(const TempDir& dir) {
  REQUIRE(run({"git", "init", "-q", dir.path().string()}).exit_code == 0);
  RunOptions in_repo{.cwd = dir.path()};
  run({"git", "config", "user.email", "test@example.com"}, in_repo);
  run({"git", "config", "user.name", "test"}, in_repo);
}

shipshape::testing::RunResult pre_commit(const TempDir& repo, const TempDir& home, const std::string& hook,
                                         const std::vector<std::string>& files) {
  REQUIRE(run({"git", "add", "-A"}, RunOptions{.cwd = repo.path()}).exit_code == 0);
  RunOptions options{.cwd = repo.path()};
  options.env["PRE_COMMIT_HOME"] = home.path().string();
  options.env["PATH"] = shipshape::testing::shipshape_binary().parent_path().string() + ":" + std::getenv("PATH");
  options.timeout_seconds = 300;
  std::vector<std::string> argv{"pre-commit", "try-repo", source_dir().string(), hook, "--files"};
  argv.insert(argv.end(), files.begin(), files.end());
  return run(argv, options);
}

}  // namespace

TEST_CASE("integration: the pre-commit hooks fail on a bad Dockerfile and pass on a good one") {
  TempDir repo, home;
  init_repository(repo);
  repo.write("Dockerfile", kBadDockerfile);
  repo.write("services/api/Dockerfile.prod", kGoodDockerfile);
  repo.write("package.json", R"({"name": "x", "version": "1.0.0"})");
  repo.write("deploy/task-definition.json", kBadTaskDefinition);

  const auto bad = pre_commit(repo, home, "shipshape", {"Dockerfile"});
  INFO(bad.out << bad.err);
  CHECK(bad.exit_code == 1);
  CHECK(bad.out.find("DL3007") != std::string::npos);
  CHECK(bad.out.find("Failed") != std::string::npos);

  const auto good = pre_commit(repo, home, "shipshape", {"services/api/Dockerfile.prod"});
  INFO(good.out << good.err);
  CHECK(good.exit_code == 0);
  CHECK(good.out.find("Passed") != std::string::npos);

  // The task-definition hook sees every JSON file, and lints only task definitions.
  const auto json_only = pre_commit(repo, home, "shipshape-ecs", {"package.json"});
  INFO(json_only.out << json_only.err);
  CHECK(json_only.exit_code == 0);
  const auto task = pre_commit(repo, home, "shipshape-ecs", {"package.json", "deploy/task-definition.json"});
  INFO(task.out << task.err);
  CHECK(task.exit_code == 1);
  CHECK(task.out.find("ECS102") != std::string::npos);
}

TEST_CASE("integration: the Dockerfile hook's file pattern matches Dockerfile names and nothing else") {
  // The same regex as .pre-commit-hooks.yaml, checked with Python's re as pre-commit uses it.
  const std::string hooks = read_file(source_dir() / ".pre-commit-hooks.yaml");
  const std::size_t at = hooks.find("files: '");
  REQUIRE(at != std::string::npos);
  const std::size_t begin = at + 8;
  const std::string pattern = hooks.substr(begin, hooks.find('\'', begin) - begin);
  const std::string script =
      "import re, sys\np = re.compile(sys.argv[1])\nfor name in sys.argv[2:]:\n"
      "    print(name, bool(p.search(name)))\n";
  const auto result = run({"python3", "-c", script, pattern, "Dockerfile", "a/b/Dockerfile.prod", "Containerfile",
                           "x/api.Dockerfile", "worker.dockerfile", "dockerfile", "Dockerfile.dev.arm64",
                           "Dockerfile-notes.txt", "docs/Dockerfiles.md", "package.json", "Dockerfiles/x.json",
                           "mydockerfile"});
  REQUIRE(result.exit_code == 0);
  CHECK(result.out ==
        "Dockerfile True\na/b/Dockerfile.prod True\nContainerfile True\nx/api.Dockerfile True\n"
        "worker.dockerfile True\ndockerfile True\nDockerfile.dev.arm64 True\nDockerfile-notes.txt False\n"
        "docs/Dockerfiles.md False\npackage.json False\nDockerfiles/x.json False\nmydockerfile False\n");
}

TEST_CASE("integration: the GitHub Action writes schema-valid SARIF for the examples") {
  TempDir out;
  RunOptions options{.cwd = source_dir()};
  options.env["SHIPSHAPE_BINARY"] = shipshape::testing::shipshape_binary().string();
  options.env["INPUT_PATH"] = "examples";
  options.env["INPUT_OUTPUT"] = (out / "shipshape.sarif").string();
  options.env["INPUT_CATEGORY"] = "shipshape";
  options.env["GITHUB_OUTPUT"] = (out / "github-output").string();
  const auto action = run({"bash", (source_dir() / "scripts" / "github-action").string()}, options);
  INFO(action.out << action.err);
  CHECK(action.exit_code == 0);  // SARIF output never fails the step by default: code scanning decides
  CHECK(read_file(out / "github-output") == "sarif-file=" + (out / "shipshape.sarif").string() + "\n");
  const auto sarif = nlohmann::json::parse(read_file(out / "shipshape.sarif"));
  CHECK(sarif["runs"][0]["automationDetails"]["id"] == "shipshape/");
  CHECK(sarif["runs"][0]["results"].size() >= 10);
  for (const auto& result : sarif["runs"][0]["results"]) {
    const std::string uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    CHECK(uri.rfind("examples/", 0) == 0);  // relative to the repository root
  }
  const auto validation =
      run({"node", (source_dir() / "tests" / "tools" / "validate-sarif.mjs").string(), (out / "shipshape.sarif").string()});
  INFO(validation.out << validation.err);
  CHECK(validation.exit_code == 0);
}

TEST_CASE("integration: the project's own Dockerfile is clean") {
  const auto result = run_shipshape({"--format", "json", "Dockerfile"}, RunOptions{.cwd = source_dir()});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  const auto report = nlohmann::json::parse(result.out);
  CHECK(report["findings"].empty());
  CHECK(report["files"].size() == 1);
}
