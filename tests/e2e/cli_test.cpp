// End-to-end tests of the command-line contract: they run the built binary.

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

#include "tests/support/support.h"

namespace {

using shipshape::testing::run_shipshape;
using shipshape::testing::RunOptions;
using shipshape::testing::TempDir;

constexpr std::string_view kTaskDefinition = R"({
  "family": "web",
  "networkMode": "awsvpc",
  "containerDefinitions": [
    {"name": "web", "image": "nginx:1.27", "essential": true, "user": "101", "readonlyRootFilesystem": true}
  ]
})";

std::vector<std::string> linted_paths(const std::string& json_output) {
  const auto report = nlohmann::json::parse(json_output);
  std::vector<std::string> paths;
  for (const auto& file : report.at("files")) paths.push_back(file.at("path").get<std::string>());
  return paths;
}

}  // namespace

TEST_CASE("cli: --version and --help exit 0") {
  const auto version = run_shipshape({"--version"});
  CHECK(version.exit_code == 0);
  CHECK(version.out.rfind("shipshape ", 0) == 0);
  const auto help = run_shipshape({"--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("Usage: shipshape") != std::string::npos);
  for (const char* flag : {"--format", "--output", "--select", "--ignore", "--fail-level", "--list-rules", "--explain",
                           "--jobs", "--no-color", "--stdin-filename", "--type", "--exclude", "--config",
                           "--isolated", "--show-config", "--baseline", "--write-baseline", "--build-arg",
                           "--target", "--show-suppressed", "--exit-zero"}) {
    CHECK_MESSAGE(help.out.find(flag) != std::string::npos, flag);
  }
}

TEST_CASE("cli: an unknown flag exits 2 with a one-line hint") {
  const auto result = run_shipshape({"--formt", "json"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
  CHECK(result.err.find("did you mean '--format'") != std::string::npos);
}

TEST_CASE("cli: bad flag values exit 2") {
  CHECK(run_shipshape({"--format", "xml", "."}).exit_code == 2);
  CHECK(run_shipshape({"--fail-level", "fatal", "."}).exit_code == 2);
  CHECK(run_shipshape({"--select", "NOPE999", "."}).exit_code == 2);
  CHECK(run_shipshape({"--jobs", "0", "."}).exit_code == 2);
  CHECK(run_shipshape({"--explain", "NOPE999"}).exit_code == 2);
}

TEST_CASE("cli: a path that does not exist exits 2 and the other files are still linted") {
  TempDir dir;
  dir.write("Dockerfile", "FROM alpine:3.20\nUSER 10001\n");
  const auto result = run_shipshape({"--format", "json", "missing-file", "Dockerfile"}, RunOptions{.cwd = dir.path()});
  CHECK(result.exit_code == 2);
  const auto report = nlohmann::json::parse(result.out);
  CHECK(linted_paths(result.out) == std::vector<std::string>{"Dockerfile"});
  REQUIRE(report.at("errors").size() == 1);
  CHECK(report["errors"][0]["path"] == "missing-file");
}

TEST_CASE("cli: directory walks find Dockerfiles by name and task definitions by content, nothing else") {
  TempDir dir;
  for (const char* name : {"Dockerfile", "svc/Containerfile", "svc/api.Dockerfile", "svc/worker.dockerfile",
                           "deep/a/b/Dockerfile.prod", "deep/Containerfile.arm64", ".hidden/Dockerfile"}) {
    dir.write(name, "FROM alpine:3.20\nUSER 10001\n");
  }
  dir.write("deploy/task.json", kTaskDefinition);
  dir.write("deploy/described.json", std::string(R"({"taskDefinition": )") + std::string(kTaskDefinition) + "}");
  dir.write("package.json", R"({"name": "x", "version": "1.0.0"})");
  dir.write("tsconfig.json", R"({"compilerOptions": {}})");
  dir.write("README.md", "FROM alpine\n");
  dir.write("Dockerfile-notes.txt", "FROM alpine\n");
  dir.write("node_modules/pkg/Dockerfile", "FROM alpine:3.20\nUSER 10001\n");
  dir.write(".git/Dockerfile", "FROM alpine:3.20\nUSER 10001\n");
  dir.write("vendor/Dockerfile", "FROM alpine:3.20\nUSER 10001\n");
  std::filesystem::create_directory(dir / "Dockerfile.d");  // a directory with a Dockerfile-like name

  const auto result = run_shipshape({"--format", "json", "--exclude", "vendor"}, RunOptions{.cwd = dir.path()});
  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK(linted_paths(result.out) == std::vector<std::string>{
                                       ".hidden/Dockerfile", "Dockerfile", "deep/Containerfile.arm64",
                                       "deep/a/b/Dockerfile.prod", "deploy/described.json", "deploy/task.json",
                                       "svc/Containerfile", "svc/api.Dockerfile", "svc/worker.dockerfile"});
}

TEST_CASE("cli: a file named explicitly is linted whatever its name") {
  TempDir dir;
  dir.write("build/prod-image", "FROM alpine:3.20\nUSER 10001\n");
  dir.write("td", kTaskDefinition);
  const auto result = run_shipshape({"--format", "json", "build/prod-image", "td"}, RunOptions{.cwd = dir.path()});
  CHECK(result.exit_code == 0);
  const auto report = nlohmann::json::parse(result.out);
  REQUIRE(report["files"].size() == 2);
  CHECK(report["files"][0]["type"] == "dockerfile");
  CHECK(report["files"][1]["type"] == "ecs");
}

TEST_CASE("cli: standard input with --stdin-filename") {
  const auto dockerfile = run_shipshape({"--format", "json", "-", "--stdin-filename", "Dockerfile"},
                                        RunOptions{.stdin_data = std::string("FROM alpine:3.20\nUSER 10001\n")});
  CHECK(dockerfile.exit_code == 0);
  auto report = nlohmann::json::parse(dockerfile.out);
  REQUIRE(report["files"].size() == 1);
  CHECK(report["files"][0]["path"] == "Dockerfile");
  CHECK(report["files"][0]["type"] == "dockerfile");

  const auto task = run_shipshape({"--format", "json", "--stdin-filename", "deploy/task.json", "-"},
                                  RunOptions{.stdin_data = std::string(kTaskDefinition)});
  CHECK(task.exit_code == 0);
  report = nlohmann::json::parse(task.out);
  REQUIRE(report["files"].size() == 1);
  CHECK(report["files"][0]["path"] == "deploy/task.json");
  CHECK(report["files"][0]["type"] == "ecs");
}

TEST_CASE("cli: --output writes the report to a file; an unwritable output exits 2") {
  TempDir dir;
  dir.write("Dockerfile", "FROM alpine:3.20\nUSER 10001\n");
  const auto ok = run_shipshape({"--format", "json", "--output", "report.json", "Dockerfile"},
                                RunOptions{.cwd = dir.path()});
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.empty());
  CHECK(nlohmann::json::parse(shipshape::testing::read_file(dir / "report.json"))["files"].size() == 1);
  const auto bad = run_shipshape({"--output", "no/such/dir/report.txt", "Dockerfile"}, RunOptions{.cwd = dir.path()});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("no/such/dir/report.txt") != std::string::npos);
}

TEST_CASE("cli: colours only when asked or on a terminal, never with NO_COLOR") {
  TempDir dir;
  dir.write("Dockerfile", "FROM alpine:3.20\nUSER 10001\n");
  const RunOptions in_dir{.cwd = dir.path()};
  CHECK(run_shipshape({"Dockerfile"}, in_dir).out.find('\x1b') == std::string::npos);
  CHECK(run_shipshape({"--color", "always", "Dockerfile"}, in_dir).out.find('\x1b') != std::string::npos);
  CHECK(run_shipshape({"--color", "always", "--no-color", "Dockerfile"}, in_dir).out.find('\x1b') == std::string::npos);
  RunOptions no_color = in_dir;
  no_color.env["NO_COLOR"] = "1";
  no_color.env["FORCE_COLOR"] = "1";
  CHECK(shipshape::testing::run({shipshape::testing::shipshape_binary().string(), "Dockerfile"}, no_color)
            .out.find('\x1b') == std::string::npos);
}

TEST_CASE("cli: --list-rules lists every rule and --explain shows a rule's page") {
  const auto list = run_shipshape({"--list-rules"});
  CHECK(list.exit_code == 0);
  CHECK(list.out.rfind("ID", 0) == 0);
  const auto json_list = run_shipshape({"--list-rules", "--format", "json"});
  CHECK(json_list.exit_code == 0);
  for (const auto& rule : nlohmann::json::parse(json_list.out)) {
    const std::string id = rule.at("id").get<std::string>();
    CHECK_MESSAGE(list.out.find(id) != std::string::npos, id);
    const auto explained = run_shipshape({"--explain", id});
    CHECK(explained.exit_code == 0);
    CHECK(explained.out.rfind("# " + id, 0) == 0);
  }
}

TEST_CASE("cli: the binary needs no library beyond the C and C++ runtimes") {
  const auto ldd = shipshape::testing::run({"ldd", shipshape::testing::shipshape_binary().string()});
  if (ldd.out.find("not a dynamic executable") != std::string::npos ||
      ldd.err.find("not a dynamic executable") != std::string::npos) {
    return;  // the Release build links statically
  }
  // Sanitized builds link dynamically: then only the system's runtimes (and the sanitizers') may appear.
  std::istringstream lines(ldd.out);
  for (std::string line; std::getline(lines, line);) {
    const std::size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos) continue;
    const std::string name = line.substr(start, line.find_first_of(" \t", start) - start);
    CAPTURE(name);
    const bool system = name.rfind("linux-vdso", 0) == 0 || name.find("ld-linux") != std::string::npos ||
                        name.rfind("libc.so", 0) == 0 || name.rfind("libm.so", 0) == 0 ||
                        name.rfind("libstdc++.so", 0) == 0 || name.rfind("libgcc_s.so", 0) == 0 ||
                        name.rfind("libpthread.so", 0) == 0 || name.rfind("libdl.so", 0) == 0 ||
                        name.rfind("librt.so", 0) == 0 || name.rfind("libasan.so", 0) == 0 ||
                        name.rfind("libubsan.so", 0) == 0;
    CHECK(system);
  }
}

TEST_CASE("cli: the README's quick start shows real findings for examples/, and none for examples/fixed/") {
  RunOptions options{.cwd = shipshape::testing::source_dir()};
  options.env.emplace("NO_COLOR", "1");
  const auto bad = run_shipshape({"examples/"}, options);
  CHECK(bad.exit_code == 1);
  for (const char* expected : {"examples/Dockerfile:", "examples/task-definition.json:", "[DF101]", "[DL3007]",
                               "[ECS102]", "[ECS104]"}) {
    CHECK_MESSAGE(bad.out.find(expected) != std::string::npos, expected);
  }
  const auto fixed = run_shipshape({"examples/fixed/"}, options);
  CHECK(fixed.exit_code == 0);
  CHECK(fixed.out == "No problems found in 2 files.\n");
}
