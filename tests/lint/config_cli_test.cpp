// End to end with the built binary: config discovery, --config, --isolated, per-path overrides, invalid configs
// (exit code 2 with file:line:col), --show-config, exclude, and SS001 for unused pointer ignores.

#include <doctest/doctest.h>

#include "tests/support/support.h"

namespace {

namespace fs = std::filesystem;
using shipshape::testing::RunOptions;
using shipshape::testing::RunResult;
using shipshape::testing::TempDir;

constexpr const char* kTaskDefinition = R"({"family": "web", "networkMode": "awsvpc", "containerDefinitions": []}
)";

// A scratch repository (its own .git, so that no configuration above the temp directory is found).
struct Repository {
  TempDir dir;
  Repository() { fs::create_directory(dir / ".git"); }

  RunResult run(std::vector<std::string> args) const {
    RunOptions options;
    options.cwd = dir.path();
    options.env.emplace("NO_COLOR", "1");
    options.timeout_seconds = 60;
    return shipshape::testing::run_shipshape(args, options);
  }
};

// The `"config"` member of --show-config's output (the path, or "null").
std::string config_of(const RunResult& result) {
  const std::string key = "\"config\": ";
  const std::size_t at = result.out.find(key);
  if (at == std::string::npos) return "<no config member in: " + result.out + result.err + ">";
  const std::size_t begin = at + key.size();
  std::string value = result.out.substr(begin, result.out.find('\n', begin) - begin);
  if (!value.empty() && value.back() == ',') value.pop_back();
  if (value.size() >= 2 && value.front() == '"') value = value.substr(1, value.size() - 2);
  return value;
}

}  // namespace

TEST_CASE("config cli: --show-config prints the settings that apply to a file") {
  Repository repo;
  repo.dir.write(".shipshape.yaml", R"(fail-level: error
inline-suppressions: false
select: [SS001]
rules:
  SS001: {severity: note}
ignore:
  - {rule: SS, path: "deploy/*.json", pointer: "/containerDefinitions/*/user", reason: "sidecar runs as root"}
  - {path: "other/*.json", pointer: /x}
)");
  const RunResult result = repo.run({"--show-config", "deploy/task.json"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(result.out == R"({
  "file": "deploy/task.json",
  "config": ")" + (repo.dir / ".shipshape.yaml").string() +
                          R"(",
  "fail_level": "error",
  "inline_suppressions": false,
  "rules": [
    {
      "id": "SS001",
      "severity": "note"
    }
  ],
  "ignore": [
    {
      "pointer": "/containerDefinitions/*/user",
      "rules": [
        "SS"
      ],
      "reason": "sidecar runs as root"
    }
  ]
}
)");
  // Command-line selection is layered over the file.
  const RunResult ignored = repo.run({"--show-config", "deploy/task.json", "--ignore", "SS001"});
  CHECK(ignored.exit_code == 0);
  CHECK(ignored.out.find("\"rules\": [],") != std::string::npos);
}

TEST_CASE("config cli: the nearest configuration file wins, and the search stops at a .git directory") {
  Repository repo;
  repo.dir.write(".shipshape.yaml", "fail-level: error\n");
  repo.dir.write("services/api/.shipshape.yaml", "fail-level: note\n");
  fs::create_directories(repo.dir / "vendored/lib/.git");
  const std::string root = (repo.dir / ".shipshape.yaml").string();
  const std::string api = (repo.dir / "services/api/.shipshape.yaml").string();
  CHECK(config_of(repo.run({"--show-config", "Dockerfile"})) == root);
  CHECK(config_of(repo.run({"--show-config", "services/Dockerfile"})) == root);
  CHECK(config_of(repo.run({"--show-config", "services/api/Dockerfile"})) == api);
  CHECK(config_of(repo.run({"--show-config", "services/api/deep/task.json"})) == api);
  CHECK(config_of(repo.run({"--show-config", "vendored/lib/Dockerfile"})) == "null");
  CHECK(repo.run({"--show-config", "services/api/Dockerfile"}).out.find("\"fail_level\": \"note\"") !=
        std::string::npos);
}

TEST_CASE("config cli: --config replaces discovery and --isolated ignores configuration files") {
  Repository repo;
  repo.dir.write(".shipshape.yaml", "selct: [SS001]\n");  // invalid: never read in this test
  repo.dir.write("ci/strict.yaml", "fail-level: note\n");
  repo.dir.write("Dockerfile", "FROM scratch\nUSER 65532\n");
  const std::string strict = (repo.dir / "ci/strict.yaml").string();
  CHECK(config_of(repo.run({"--config", "ci/strict.yaml", "--show-config", "Dockerfile"})) == strict);
  CHECK(config_of(repo.run({"-c", "ci/strict.yaml", "--show-config", "sub/task.json"})) == strict);
  CHECK(config_of(repo.run({"--isolated", "--show-config", "Dockerfile"})) == "null");
  CHECK(repo.run({"--config", "ci/strict.yaml", "Dockerfile"}).exit_code == 0);
  CHECK(repo.run({"--isolated", "Dockerfile"}).exit_code == 0);
  // Without either, the invalid file is found and the run fails.
  CHECK(repo.run({"Dockerfile"}).exit_code == 2);
}

TEST_CASE("config cli: overrides apply per path") {
  Repository repo;
  repo.dir.write(".shipshape.yaml", R"(select: [SS001]
rules: {SS001: {severity: note}}
overrides:
  - files: ["legacy/**"]
    rules: {SS001: {severity: error}}
  - files: ["generated/*.json"]
    ignore: [SS001]
)");
  const auto rules_of = [&](const std::string& file) {
    const std::string out = repo.run({"--show-config", file}).out;
    const std::size_t begin = out.find("\"rules\": ");
    return out.substr(begin, out.find("\"ignore\"") - begin);
  };
  CHECK(rules_of("app/Dockerfile") ==
        "\"rules\": [\n    {\n      \"id\": \"SS001\",\n      \"severity\": \"note\"\n    }\n  ],\n  ");
  CHECK(rules_of("legacy/a/b/Dockerfile") ==
        "\"rules\": [\n    {\n      \"id\": \"SS001\",\n      \"severity\": \"error\"\n    }\n  ],\n  ");
  CHECK(rules_of("generated/task.json") == "\"rules\": [],\n  ");
  CHECK(rules_of("generated/sub/task.json") ==
        "\"rules\": [\n    {\n      \"id\": \"SS001\",\n      \"severity\": \"note\"\n    }\n  ],\n  ");
}

TEST_CASE("config cli: an invalid configuration exits with code 2 and says file:line:col") {
  Repository repo;
  repo.dir.write(".shipshape.yaml", "select: [SS001]\nrules:\n  SS001: {severity: fatal}\n");
  repo.dir.write("Dockerfile", "FROM scratch\nUSER 65532\n");
  const RunResult lint = repo.run({"Dockerfile"});
  CHECK(lint.exit_code == 2);
  CHECK(lint.out.find("error: `rules.SS001.severity`: invalid severity `fatal`; expected error, warning or note\n"
                      " --> .shipshape.yaml:3:21\n") != std::string::npos);
  const RunResult json = repo.run({"--format", "json", "Dockerfile"});
  CHECK(json.exit_code == 2);
  CHECK(json.out.find("\"path\": \".shipshape.yaml\",\n      \"message\": \"`rules.SS001.severity`: invalid severity "
                      "`fatal`; expected error, warning or note\",\n      \"range\": {\n        \"start\": {\n"
                      "          \"line\": 3,\n          \"column\": 21,") != std::string::npos);
  const RunResult show = repo.run({"--show-config", "Dockerfile"});
  CHECK(show.exit_code == 2);
  CHECK(show.out.empty());
  CHECK(show.err == "shipshape: " + (repo.dir / ".shipshape.yaml").string() +
                        ":3:21: `rules.SS001.severity`: invalid severity `fatal`; expected error, warning or note\n");
  // Invalid YAML too.
  repo.dir.write(".shipshape.yaml", "select: [SS001\n");
  const RunResult yaml = repo.run({"Dockerfile"});
  CHECK(yaml.exit_code == 2);
  CHECK(yaml.out.find("error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line "
                      "1, column 9)\n --> .shipshape.yaml:2:1\n") != std::string::npos);
}

TEST_CASE("config cli: exclude skips paths in directory walks") {
  Repository repo;
  repo.dir.write(".shipshape.yaml", "exclude: [\"vendor/**\", \"testdata/\", \"*.generated.json\"]\n");
  repo.dir.write("Dockerfile", "FROM scratch\nUSER 65532\n");
  repo.dir.write("app/Dockerfile", "FROM scratch\nUSER 65532\n");
  repo.dir.write("vendor/lib/Dockerfile", "FROM scratch\nUSER 65532\n");
  repo.dir.write("testdata/Dockerfile", "FROM scratch\nUSER 65532\n");
  repo.dir.write("deploy/task.json", kTaskDefinition);
  repo.dir.write("deploy/task.generated.json", kTaskDefinition);
  const RunResult result = repo.run({"--format", "json", "."});
  CHECK(result.exit_code == 0);
  CHECK(result.out.find(R"("files": [
    {
      "path": "Dockerfile",
      "type": "dockerfile"
    },
    {
      "path": "app/Dockerfile",
      "type": "dockerfile"
    },
    {
      "path": "deploy/task.json",
      "type": "ecs"
    }
  ],)") != std::string::npos);
  // A file named on the command line is linted even when a glob excludes it.
  const RunResult named = repo.run({"--format", "json", "vendor/lib/Dockerfile"});
  CHECK(named.exit_code == 0);
  CHECK(named.out.find("\"path\": \"vendor/lib/Dockerfile\",\n      \"type\": \"dockerfile\"") != std::string::npos);
}

TEST_CASE("config cli: an unused pointer ignore is reported as SS001 in the configuration file") {
  Repository repo;
  repo.dir.write(".shipshape.yaml", R"(# ignores for task definitions
ignore:
  - path: "deploy/*.json"
    pointer: "/containerDefinitions/*/user"
    reason: sidecar runs as root
)");
  repo.dir.write("deploy/task.json", kTaskDefinition);
  repo.dir.write("Dockerfile", "FROM scratch\nUSER 65532\n");
  const RunResult result = repo.run({"."});
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("warning[SS001]: this ignore entry matched no finding in the task definitions it covers "
                        "(pointer `/containerDefinitions/*/user`, path `deploy/*.json`)\n"
                        " --> .shipshape.yaml:3:5\n") != std::string::npos);
  // Only task definitions the entry covers count: linting the Dockerfile alone says nothing about the entry.
  const RunResult dockerfile_only = repo.run({"Dockerfile"});
  CHECK(dockerfile_only.exit_code == 0);
  CHECK(dockerfile_only.out.find("SS001") == std::string::npos);
  // The file's fail-level and its own rule settings apply to SS001 like to any rule.
  repo.dir.write(".shipshape.yaml", "fail-level: error\nignore: [{pointer: /containerDefinitions/0}]\n");
  const RunResult not_failing = repo.run({"."});
  CHECK(not_failing.exit_code == 0);
  CHECK(not_failing.out.find("warning[SS001]") != std::string::npos);
  repo.dir.write(".shipshape.yaml", "ignore: [SS001, {pointer: /containerDefinitions/0}]\n");
  const RunResult turned_off = repo.run({"."});
  CHECK(turned_off.exit_code == 0);
  CHECK(turned_off.out.find("SS001") == std::string::npos);
}

TEST_CASE("config cli: --config is reported under its own path") {
  Repository repo;
  repo.dir.write("ci/shipshape.yaml", "ignore: [{path: '../deploy/*.json', pointer: /x}]\n");
  repo.dir.write("deploy/task.json", kTaskDefinition);
  const RunResult result = repo.run({"--config", "ci/shipshape.yaml", "--format", "json", "deploy/task.json"});
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("\"path\": \"ci/shipshape.yaml\",\n      \"rule\": \"SS001\"") != std::string::npos);
}
