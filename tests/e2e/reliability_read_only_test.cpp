// Read-only by default: linting never modifies a linted file (content, modification time, inode), and the files
// shipshape does write (--output, --write-baseline) are replaced through a temporary file and an atomic rename, so
// a reader sees the old complete content or the new complete content, never a partial one, and no temporary file
// is left behind, whether the write succeeded or failed.

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/e2e/reliability_support.h"
#include "tests/support/support.h"

namespace {

namespace fs = std::filesystem;
namespace reliability = shipshape::testing::reliability;
using shipshape::testing::read_file;
using shipshape::testing::TempDir;

struct FileState {
  std::string content;
  ino_t inode = 0;
  timespec modified{};
  mode_t mode = 0;
  bool operator==(const FileState& other) const {
    return content == other.content && inode == other.inode && modified.tv_sec == other.modified.tv_sec &&
           modified.tv_nsec == other.modified.tv_nsec && mode == other.mode;
  }
};

std::map<std::string, FileState> snapshot(const fs::path& root) {
  std::map<std::string, FileState> out;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    struct stat info {};
    REQUIRE(::stat(entry.path().c_str(), &info) == 0);
    out[fs::relative(entry.path(), root).generic_string()] =
        FileState{read_file(entry.path()), info.st_ino, info.st_mtim, info.st_mode};
  }
  return out;
}

std::vector<std::string> temporary_files(const fs::path& root) {
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const std::string name = entry.path().filename().string();
    if (name.find(".shipshape-") != std::string::npos || name.ends_with(".tmp")) found.push_back(name);
  }
  return found;
}

// A project with every kind of input: Dockerfiles with findings that have fixes, a task definition, a config file.
void write_project(const TempDir& dir) {
  dir.write("Dockerfile", "# shipshape ignore=XX9999\nFROM alpine:3.20\nRUN echo hi\n");
  dir.write("svc/api.Dockerfile", "FROM debian:12.5\n# shipshape ignore=YY1234\nUSER app\n");
  dir.write("deploy/task-definition.json", R"({
  "family": "web",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "essential": true}]
})");
  dir.write(".shipshape.yaml", "fail-level: warning\n");
  // Times in the past, so that any write (even of identical bytes) shows.
  for (const auto& entry : fs::recursive_directory_iterator(dir.path())) {
    if (entry.is_regular_file()) fs::last_write_time(entry.path(), fs::file_time_type::clock::now() - std::chrono::hours(48));
  }
}

}  // namespace

TEST_CASE("read-only: linting never modifies the linted files") {
  const TempDir dir;
  write_project(dir);
  const auto before = snapshot(dir.path());
  const reliability::MeasureOptions in_dir{.cwd = dir.path()};
  for (const char* format : {"tty", "json", "sarif", "gnu", "checkstyle", "github", "codeclimate"}) {
    const auto run = reliability::run_measured({"--format", format, "--show-suppressed", "."}, in_dir);
    CHECK(run.exit_code == 1);
  }
  const auto stdin_run = reliability::run_measured({"--stdin-filename", "Dockerfile", "-"},
                                                    {.cwd = dir.path(), .stdin_file = dir / "Dockerfile"});
  CHECK(stdin_run.exit_code == 1);
  CHECK(reliability::run_measured({"--show-config", "Dockerfile"}, in_dir).exit_code == 0);
  CHECK(snapshot(dir.path()) == before);

  // --write-baseline and --output add exactly their own files.
  const TempDir out;
  CHECK(reliability::run_measured({"--write-baseline", (out / "baseline.json").string(), "--output",
                                   (out / "report.sarif").string(), "--format", "sarif", "."},
                                  in_dir)
            .exit_code == 0);  // writing a baseline accepts the findings it records
  CHECK(reliability::run_measured({"--baseline", (out / "baseline.json").string(), "."}, in_dir).exit_code == 0);
  CHECK(snapshot(dir.path()) == before);
  CHECK(snapshot(out.path()).size() == 2);
  CHECK(temporary_files(out.path()).empty());
}

TEST_CASE("read-only: --output and --write-baseline replace the file atomically") {
  const TempDir dir;
  // Two inputs whose reports differ and are large enough (about 1 MB) for a non-atomic write to be caught halfway.
  std::string first, second;
  for (int i = 0; i < 4000; ++i) {
    first += "# shipshape ignore=XX" + std::to_string(10000 + i) + "\n";
    second += "# shipshape ignore=YY" + std::to_string(10000 + i) + "\n";
  }
  dir.write("a/Dockerfile", first + "FROM alpine:3.20\n");
  dir.write("b/Dockerfile", second + "FROM alpine:3.20\n");
  const std::string old_content = "the previous report\n";

  for (const char* flag : {"--output", "--write-baseline"}) {
    INFO(std::string(flag));
    const int expected_exit = std::string_view(flag) == "--output" ? 1 : 0;  // a baseline accepts its findings
    dir.write("out/report", old_content);
    struct stat old_info {};
    REQUIRE(::stat((dir / "out/report").c_str(), &old_info) == 0);
    const ino_t old_inode = old_info.st_ino;
    // The complete reports, written once each to a side file.
    std::map<std::string, std::string> complete;
    for (const char* input : {"a/Dockerfile", "b/Dockerfile"}) {
      REQUIRE(reliability::run_measured({"--format", "json", flag, "out/complete", input}, {.cwd = dir.path()})
                  .exit_code == expected_exit);
      complete[input] = read_file(dir / "out/complete");
      REQUIRE(complete[input].size() > 500'000);
    }
    fs::remove(dir / "out/complete");

    // One run replaces the file by a rename (a new inode), not by rewriting it in place. (Checked after one run
    // only: freed inode numbers come back.)
    REQUIRE(reliability::run_measured({"--format", "json", flag, "out/report", "b/Dockerfile"}, {.cwd = dir.path()})
                .exit_code == expected_exit);
    struct stat new_info {};
    REQUIRE(::stat((dir / "out/report").c_str(), &new_info) == 0);
    CHECK(new_info.st_ino != old_inode);
    CHECK(read_file(dir / "out/report") == complete["b/Dockerfile"]);
    dir.write("out/report", old_content);

    // A reader polls the file while runs replace it, alternating inputs.
    std::atomic<bool> done{false};
    std::set<std::string> seen_kinds;
    std::size_t reads = 0, partial = 0;
    std::thread reader([&] {
      while (!done.load()) {
        std::ifstream in(dir / "out/report", std::ios::binary);
        const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        ++reads;
        if (content == old_content) {
          seen_kinds.insert("old");
        } else if (content == complete["a/Dockerfile"]) {
          seen_kinds.insert("a");
        } else if (content == complete["b/Dockerfile"]) {
          seen_kinds.insert("b");
        } else {
          ++partial;
        }
      }
    });
    for (int run = 0; run < 10; ++run) {
      const char* input = run % 2 == 0 ? "a/Dockerfile" : "b/Dockerfile";
      CHECK(reliability::run_measured({"--format", "json", flag, "out/report", input}, {.cwd = dir.path()})
                .exit_code == expected_exit);
    }
    done = true;
    reader.join();
    MESSAGE(std::string(flag) << ": " << reads << " reads while 10 runs replaced the file");
    CHECK(partial == 0);
    CHECK(seen_kinds.count("b") == 1);  // the last run's report was seen complete
    CHECK(read_file(dir / "out/report") == complete["b/Dockerfile"]);
    CHECK(temporary_files(dir.path()).empty());
  }
}

TEST_CASE("read-only: a failed write leaves the previous file whole and no temporary file") {
  const TempDir dir;
  write_project(dir);
  dir.write("out/report.json", "the previous report\n");
  dir.write("out/baseline.json", "{\"findings\": []}\n");
  // The write fails halfway (a file size limit: write() returns EFBIG once the temporary file reaches 4 KiB).
  std::string many;
  for (int i = 0; i < 500; ++i) many += "# shipshape ignore=XX" + std::to_string(1000 + i) + "\n";
  dir.write("big/Dockerfile", many + "FROM alpine:3.20\n");
  for (const char* flag : {"--output", "--write-baseline"}) {
    INFO(std::string(flag));
    const std::string target = std::string(flag) == "--output" ? "out/report.json" : "out/baseline.json";
    const std::string before = read_file(dir / target);
    const auto run = reliability::run_measured({"--format", "json", flag, target, "big/Dockerfile"},
                                               {.cwd = dir.path(), .file_size_limit_bytes = 4096});
    CHECK(run.signal == 0);
    CHECK(run.exit_code == 2);
    CHECK(run.err == "shipshape: cannot write " + target + ": File too large\n");
    CHECK(read_file(dir / target) == before);
    CHECK(temporary_files(dir.path()).empty());
  }
}
