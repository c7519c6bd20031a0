// ConfigLoader: which configuration applies to a file (nearest .shipshape.yaml walking up, stopping at the root of a
// git repository; --config; --isolated), and that each file is read once.

#include "lint/config_loader.h"

#include <doctest/doctest.h>

#include "tests/support/support.h"

namespace {

namespace fs = std::filesystem;
using shipshape::lint::ConfigLoader;
using shipshape::testing::TempDir;

// A repository with nested configuration files.
struct Repository {
  TempDir dir;
  Repository() {
    fs::create_directory(dir / ".git");
    dir.write(".shipshape.yaml", "fail-level: error\n");
    dir.write("services/api/.shipshape.yml", "fail-level: note\n");
    dir.write("services/web/.shipshape.yaml", "target: yaml-wins\n");
    dir.write("services/web/.shipshape.yml", "target: yml-loses\n");
    dir.write("services/api/deep/er/Dockerfile", "FROM scratch\n");
  }
};

}  // namespace

TEST_CASE("config discovery: the nearest configuration file walking up from the file wins") {
  Repository repo;
  ConfigLoader loader({});
  CHECK(loader.for_file(repo.dir / "Dockerfile")->config.path == repo.dir / ".shipshape.yaml");
  CHECK(loader.for_file(repo.dir / "services/Dockerfile")->config.path == repo.dir / ".shipshape.yaml");
  const auto api = loader.for_file(repo.dir / "services/api/deep/er/Dockerfile");
  CHECK(api->config.path == repo.dir / "services/api/.shipshape.yml");
  CHECK(api->config.root == repo.dir / "services/api");
  CHECK(api->config.fail_level == shipshape::rules::Severity::note);
  // .shipshape.yaml is looked for before .shipshape.yml in the same directory.
  const auto web = loader.for_file(repo.dir / "services/web/task.json");
  CHECK(web->config.path == repo.dir / "services/web/.shipshape.yaml");
  CHECK(web->config.target == "yaml-wins");
  // Configuration files do not merge: the nearest one is the whole configuration.
  CHECK_FALSE(web->config.fail_level.has_value());
}

TEST_CASE("config discovery: relative paths and files that do not exist (stdin names) are resolved too") {
  Repository repo;
  ConfigLoader loader({});
  const fs::path cwd = fs::current_path();
  fs::current_path(repo.dir / "services");
  const auto relative = loader.for_file("api/not-there/Dockerfile");
  fs::current_path(cwd);
  CHECK(relative->config.path == repo.dir / "services/api/.shipshape.yml");
}

TEST_CASE("config discovery: the search stops at the root of a git repository") {
  TempDir dir;
  dir.write(".shipshape.yaml", "target: outside\n");
  fs::create_directory(dir / "repo");
  fs::create_directory(dir / "repo/.git");
  dir.write("repo/sub/Dockerfile", "FROM scratch\n");
  dir.write("worktree/.git", "gitdir: ../repo/.git\n");  // a worktree or submodule has a .git file
  ConfigLoader loader({});
  const auto inside = loader.for_file(dir / "repo/sub/Dockerfile");
  CHECK(inside->config.path.empty());
  CHECK(inside->errors.empty());
  CHECK(inside->config.root == fs::current_path());
  CHECK(loader.for_file(dir / "worktree/Dockerfile")->config.path.empty());
  CHECK(loader.for_file(dir / "other/Dockerfile")->config.path == dir / ".shipshape.yaml");
  CHECK(loader.loaded().size() == 1);
}

TEST_CASE("config discovery: --config names the one configuration for every file, relative to its directory") {
  Repository repo;
  repo.dir.write("ci/strict.yaml", "fail-level: note\n");
  ConfigLoader::Options options;
  options.explicit_file = repo.dir / "ci/strict.yaml";
  ConfigLoader loader(options);
  for (const char* file : {"Dockerfile", "services/api/deep/er/Dockerfile", "services/web/task.json"}) {
    const auto loaded = loader.for_file(repo.dir / file);
    CHECK(loaded->config.path == repo.dir / "ci/strict.yaml");
    CHECK(loaded->config.root == repo.dir / "ci");
  }
  CHECK(loader.loaded().size() == 1);
}

TEST_CASE("config discovery: --isolated ignores every configuration file") {
  Repository repo;
  ConfigLoader::Options options;
  options.isolated = true;
  options.explicit_file = repo.dir / ".shipshape.yaml";  // --isolated wins over --config
  ConfigLoader loader(options);
  const auto loaded = loader.for_file(repo.dir / "services/api/Dockerfile");
  CHECK(loaded->config.path.empty());
  CHECK(loaded->errors.empty());
  CHECK(loader.loaded().empty());
}

TEST_CASE("config discovery: each configuration file is read and parsed once") {
  Repository repo;
  ConfigLoader loader({});
  const auto first = loader.for_file(repo.dir / "services/api/deep/er/Dockerfile");
  const auto second = loader.for_file(repo.dir / "services/api/other.json");
  CHECK(first.get() == second.get());
  const auto root_first = loader.for_file(repo.dir / "a/Dockerfile");
  const auto root_second = loader.for_file(repo.dir / "b/c/Dockerfile");
  CHECK(root_first.get() == root_second.get());
  CHECK(loader.loaded().size() == 2);
  // loaded() is sorted by path.
  CHECK(loader.loaded()[0]->config.path == repo.dir / ".shipshape.yaml");
}

TEST_CASE("config discovery: a configuration file that cannot be read is an error") {
  TempDir dir;
  fs::create_directory(dir / ".git");
  fs::create_directory(dir / "missing");
  ConfigLoader::Options options;
  options.explicit_file = dir / "missing/.shipshape.yaml";
  ConfigLoader loader(options);
  const auto loaded = loader.for_file(dir / "Dockerfile");
  REQUIRE(loaded->errors.size() == 1);
  CHECK(loaded->errors[0].message.rfind("cannot read configuration file: ", 0) == 0);
  CHECK(loaded->config.path == dir / "missing/.shipshape.yaml");
}
