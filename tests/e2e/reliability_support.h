#pragma once
// Running the built binary the way the reliability tests need it: output into files (a 100 MB run writes a lot),
// peak memory and wall time measured with wait4, a closed standard input, an unprivileged child (so that file
// permissions apply even when the tests run as root), and a reader that closes the pipe early.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace shipshape::testing::reliability {

struct Measured {
  int exit_code = -1;  // the exit status; -1 when a signal killed the process
  int signal = 0;      // the signal that killed it; 0 when it exited
  std::string out;     // standard output
  std::string err;     // standard error
  long max_rss_kb = 0; // peak resident set size (ru_maxrss of wait4)
  double seconds = 0;  // wall time
  bool timed_out = false;
};

struct MeasureOptions {
  std::filesystem::path cwd;                   // empty: the current directory
  std::optional<std::filesystem::path> stdin_file;  // nullopt: /dev/null
  bool close_stdin = false;                    // start with file descriptor 0 closed
  bool unprivileged = false;                   // when root, run as nobody (uid/gid 65534)
  std::optional<std::filesystem::path> stdout_file;  // nullopt: captured (Measured::out); else written there
  std::map<std::string, std::string> env;      // added to the inherited environment
  double timeout_seconds = 300;
  long stack_limit_bytes = 0;                  // RLIMIT_STACK of the child (also its threads' stacks); 0: inherited
  long file_size_limit_bytes = 0;              // RLIMIT_FSIZE (writes past it fail with EFBIG); 0: inherited
};

bool running_as_root();

// Runs the built shipshape binary with `args`.
Measured run_measured(const std::vector<std::string>& args, const MeasureOptions& options = {});

// Runs shipshape with its standard output into a pipe whose reader takes `read_bytes` bytes and closes it, as
// `shipshape ... | head -c N` does. `read` receives what was read.
Measured run_into_closed_pipe(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                              std::size_t read_bytes, std::string* read = nullptr);

// A Dockerfile with one finding whatever rules exist: SS001 on an ignore comment naming a rule that does not exist.
inline constexpr const char* kDockerfileWithFinding = "# shipshape ignore=XX9999\nFROM alpine:3.20\n";
inline constexpr const char* kFindingRule = "SS001";

}  // namespace shipshape::testing::reliability
