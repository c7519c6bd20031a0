#pragma once
// Helpers shared by the tests: paths, files, scratch directories, and running the built binary.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shipshape::testing {

std::filesystem::path source_dir();
std::filesystem::path binary_dir();
std::filesystem::path shipshape_binary();
// The shared corpus (../shared/corpus beside the repository). Fails the calling test when it is absent:
// a corpus test that silently passes without its corpus would prove nothing.
std::filesystem::path corpus_dir();

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, std::string_view content);
// Every regular file under `dir` (recursively), sorted.
std::vector<std::filesystem::path> files_under(const std::filesystem::path& dir);

// A fresh directory under the system temp dir, removed with its content on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }
  // Writes `content` to `relative` inside the directory, creating parent directories.
  std::filesystem::path write(std::string_view relative, std::string_view content) const;

 private:
  std::filesystem::path path_;
};

struct RunResult {
  int exit_code = -1;      // the exit status, or 128 + signal number when killed by a signal
  std::string out;         // standard output
  std::string err;         // standard error
  bool timed_out = false;
};

struct RunOptions {
  std::optional<std::string> stdin_data;  // nullopt: stdin is /dev/null
  std::filesystem::path cwd;              // empty: the current directory
  std::map<std::string, std::string> env; // added to (or replacing in) the inherited environment
  std::vector<std::string> unset_env;     // removed from the inherited environment
  double timeout_seconds = 120;
  bool close_stdin = false;               // start the child with fd 0 closed
};

// Runs `argv[0]` (a path, or a name looked up in PATH) with the arguments and captures its output.
RunResult run(const std::vector<std::string>& argv, const RunOptions& options = {});
// Runs the built shipshape binary with `args`.
RunResult run_shipshape(const std::vector<std::string>& args, const RunOptions& options = {});

}  // namespace shipshape::testing
