#include "tests/e2e/reliability_support.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "tests/support/support.h"

extern char** environ;

namespace shipshape::testing::reliability {

namespace fs = std::filesystem;

namespace {

constexpr uid_t kNobody = 65534;

std::vector<std::string> child_environment(const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view item(*entry);
    const auto eq = item.find('=');
    if (eq != std::string_view::npos) env[std::string(item.substr(0, eq))] = std::string(item.substr(eq + 1));
  }
  env.erase("NO_COLOR");
  for (const auto& [name, value] : extra) env[name] = value;
  std::vector<std::string> out;
  for (const auto& [name, value] : env) out.push_back(name + "=" + value);
  return out;
}

struct ChildSetup {
  std::vector<std::string> argv;
  std::vector<std::string> env;
  fs::path cwd;
  int stdin_fd = -1;   // -1 with close_stdin: closed; else dup2'ed to 0
  bool close_stdin = false;
  int stdout_fd = -1;
  int stderr_fd = -1;
  bool drop_privileges = false;
  long stack_limit_bytes = 0;
  long file_size_limit_bytes = 0;
};

// Forks and execs; only async-signal-safe calls in the child.
pid_t start_child(const ChildSetup& setup) {
  std::vector<char*> argv;
  for (const std::string& a : setup.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (const std::string& e : setup.env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  const std::string cwd = setup.cwd.string();
  const pid_t pid = fork();
  if (pid != 0) return pid;
  // The child.
  signal(SIGPIPE, SIG_DFL);  // whatever the test runner set
  if (setup.close_stdin) {
    close(0);
  } else if (setup.stdin_fd >= 0) {
    dup2(setup.stdin_fd, 0);
  }
  if (setup.stdout_fd >= 0) dup2(setup.stdout_fd, 1);
  if (setup.stderr_fd >= 0) dup2(setup.stderr_fd, 2);
  if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(125);
  if (setup.stack_limit_bytes > 0) {
    const rlimit limit{static_cast<rlim_t>(setup.stack_limit_bytes), static_cast<rlim_t>(setup.stack_limit_bytes)};
    if (setrlimit(RLIMIT_STACK, &limit) != 0) _exit(125);
  }
  if (setup.file_size_limit_bytes > 0) {
    // Ignored signals stay ignored across exec: a write past the limit then fails with EFBIG instead of killing.
    signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{static_cast<rlim_t>(setup.file_size_limit_bytes),
                       static_cast<rlim_t>(setup.file_size_limit_bytes)};
    if (setrlimit(RLIMIT_FSIZE, &limit) != 0) _exit(125);
  }
  if (setup.drop_privileges) {
    if (setgroups(0, nullptr) != 0 || setgid(kNobody) != 0 || setuid(kNobody) != 0) _exit(126);
  }
  execve(argv[0], argv.data(), envp.data());
  _exit(127);
}

// Waits for the child with a deadline; fills exit code, signal, rusage and time.
void wait_child(pid_t pid, double timeout_seconds, std::chrono::steady_clock::time_point start, Measured& result) {
  const auto deadline = start + std::chrono::milliseconds(static_cast<long>(timeout_seconds * 1000));
  int status = 0;
  rusage usage{};
  while (true) {
    const pid_t done = wait4(pid, &status, WNOHANG, &usage);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) {
      FAIL("wait4 failed: " << std::strerror(errno));
      return;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      result.timed_out = true;
      kill(pid, SIGKILL);
      wait4(pid, &status, 0, &usage);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.max_rss_kb = usage.ru_maxrss;
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
}

}  // namespace

bool running_as_root() { return geteuid() == 0; }

Measured run_measured(const std::vector<std::string>& args, const MeasureOptions& options) {
  const TempDir capture;
  const fs::path out_path = capture / "stdout";
  const fs::path err_path = capture / "stderr";
  ChildSetup setup;
  setup.argv.push_back(shipshape_binary().string());
  setup.argv.insert(setup.argv.end(), args.begin(), args.end());
  setup.env = child_environment(options.env);
  setup.cwd = options.cwd;
  setup.close_stdin = options.close_stdin;
  setup.drop_privileges = options.unprivileged && running_as_root();
  setup.stack_limit_bytes = options.stack_limit_bytes;
  setup.file_size_limit_bytes = options.file_size_limit_bytes;
  setup.stdin_fd = open(options.stdin_file ? options.stdin_file->c_str() : "/dev/null", O_RDONLY | O_CLOEXEC);
  setup.stdout_fd = options.stdout_file ? open(options.stdout_file->c_str(), O_WRONLY | O_CLOEXEC)
                                        : open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  setup.stderr_fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  REQUIRE(setup.stdin_fd >= 0);
  REQUIRE(setup.stdout_fd >= 0);
  REQUIRE(setup.stderr_fd >= 0);
  Measured result;
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = start_child(setup);
  close(setup.stdin_fd);
  close(setup.stdout_fd);
  close(setup.stderr_fd);
  REQUIRE(pid > 0);
  wait_child(pid, options.timeout_seconds, start, result);
  if (!options.stdout_file) result.out = read_file(out_path);
  result.err = read_file(err_path);
  // 125-127 are the child's own failures before shipshape ran.
  REQUIRE_MESSAGE(result.exit_code < 125, "could not start shipshape (exit " << result.exit_code << ")");
  return result;
}

Measured run_into_closed_pipe(const std::vector<std::string>& args, const fs::path& cwd, std::size_t read_bytes,
                              std::string* read) {
  const TempDir capture;
  const fs::path err_path = capture / "stderr";
  int out_pipe[2];
  REQUIRE(pipe2(out_pipe, O_CLOEXEC) == 0);
  ChildSetup setup;
  setup.argv.push_back(shipshape_binary().string());
  setup.argv.insert(setup.argv.end(), args.begin(), args.end());
  setup.env = child_environment({});
  setup.cwd = cwd;
  setup.stdin_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  setup.stdout_fd = out_pipe[1];
  setup.stderr_fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  Measured result;
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = start_child(setup);
  close(setup.stdin_fd);
  close(setup.stderr_fd);
  close(out_pipe[1]);
  REQUIRE(pid > 0);
  // Read what `head` would read, then go away.
  std::string got;
  char buffer[4096];
  while (got.size() < read_bytes) {
    const ssize_t n = ::read(out_pipe[0], buffer, std::min(sizeof buffer, read_bytes - got.size()));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got.append(buffer, static_cast<std::size_t>(n));
  }
  close(out_pipe[0]);
  wait_child(pid, 120, start, result);
  result.err = read_file(err_path);
  if (read != nullptr) *read = std::move(got);
  return result;
}

}  // namespace shipshape::testing::reliability
