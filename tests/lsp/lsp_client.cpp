#include "tests/lsp/lsp_client.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "tests/support/support.h"

extern char** environ;

namespace shipshape::testing {

namespace {

void set_nonblocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

}  // namespace

LspClient::LspClient(const std::vector<std::string>& args, const std::filesystem::path& cwd) {
  signal(SIGPIPE, SIG_IGN);  // a server that exits early must not kill the test runner
  int in_pipe[2], out_pipe[2], err_pipe[2];
  REQUIRE(pipe2(in_pipe, O_CLOEXEC) == 0);
  REQUIRE(pipe2(out_pipe, O_CLOEXEC) == 0);
  REQUIRE(pipe2(err_pipe, O_CLOEXEC) == 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t default_signals;
  sigemptyset(&default_signals);
  sigaddset(&default_signals, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &default_signals);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);

  const std::string binary = shipshape_binary().string();
  std::vector<char*> argv{const_cast<char*>(binary.c_str())};
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  const int spawn_error = posix_spawn(&pid_, binary.c_str(), &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  in_ = in_pipe[1];
  out_fd_ = out_pipe[0];
  err_fd_ = err_pipe[0];
  REQUIRE_MESSAGE(spawn_error == 0, "cannot run " << binary << ": " << std::strerror(spawn_error));
  set_nonblocking(in_);
  set_nonblocking(out_fd_);
  set_nonblocking(err_fd_);
}

LspClient::~LspClient() {
  if (in_ >= 0) close(in_);
  if (!exit_code_ && pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (out_fd_ >= 0) close(out_fd_);
  if (err_fd_ >= 0) close(err_fd_);
}

bool LspClient::pump(double timeout_seconds, const std::function<bool()>& done) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::microseconds(static_cast<long>(timeout_seconds * 1e6));
  char buffer[65536];
  while (!done()) {
    const auto remaining =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (remaining <= 0) return false;
    std::vector<pollfd> fds;
    if (out_fd_ >= 0) fds.push_back({out_fd_, POLLIN, 0});
    if (err_fd_ >= 0) fds.push_back({err_fd_, POLLIN, 0});
    if (in_ >= 0 && !pending_input_.empty()) fds.push_back({in_, POLLOUT, 0});
    if (fds.empty()) {
      // Nothing left to move: only the process's end can still change anything.
      usleep(1000);
      if (!exit_code_) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
          exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
      }
      continue;
    }
    if (poll(fds.data(), fds.size(), static_cast<int>(std::min<long>(remaining, 20))) < 0 && errno != EINTR) {
      return false;
    }
    for (const pollfd& p : fds) {
      if (p.revents == 0) continue;
      if (p.fd == in_) {
        const ssize_t n = write(in_, pending_input_.data(), pending_input_.size());
        if (n > 0) pending_input_.erase(0, static_cast<std::size_t>(n));
        if (n < 0 && errno != EAGAIN && errno != EINTR) pending_input_.clear();  // the server is gone
        continue;
      }
      const ssize_t n = read(p.fd, buffer, sizeof buffer);
      if (n > 0) {
        (p.fd == out_fd_ ? out_ : err_).append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        int& fd = p.fd == out_fd_ ? out_fd_ : err_fd_;
        close(fd);
        fd = -1;
      }
    }
  }
  return true;
}

void LspClient::write_raw(std::string_view bytes) {
  REQUIRE(in_ >= 0);
  pending_input_.append(bytes);
  pump(10, [&] { return pending_input_.empty(); });
}

void LspClient::send(const Json& message) {
  const std::string body = message.dump();
  write_raw("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
}

void LspClient::request(const Json& id, std::string_view method, Json params) {
  send(Json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
}

void LspClient::notify(std::string_view method, Json params) {
  send(Json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
}

void LspClient::close_input() {
  pump(10, [&] { return pending_input_.empty(); });
  if (in_ >= 0) close(in_);
  in_ = -1;
}

std::optional<LspClient::Json> LspClient::take_message() {
  constexpr std::string_view kPrefix = "Content-Length: ";
  const std::size_t header_end = out_.find("\r\n\r\n");
  if (header_end == std::string::npos) return std::nullopt;
  const std::string header = out_.substr(0, header_end);
  REQUIRE_MESSAGE(header.starts_with(kPrefix), "unexpected header from the server: " << header);
  const std::string digits = header.substr(kPrefix.size());
  REQUIRE_MESSAGE((!digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos),
                  "unexpected header from the server: " << header);
  const std::size_t length = std::stoul(digits);
  if (out_.size() < header_end + 4 + length) return std::nullopt;
  Json message = Json::parse(out_.substr(header_end + 4, length), nullptr, false);
  REQUIRE_MESSAGE(!message.is_discarded(), "the server sent invalid JSON: " << out_.substr(header_end + 4, length));
  out_.erase(0, header_end + 4 + length);
  return message;
}

std::optional<LspClient::Json> LspClient::next_message(double timeout_seconds) {
  std::optional<Json> message = take_message();
  pump(timeout_seconds, [&] {
    if (!message) message = take_message();
    return message.has_value() || out_fd_ < 0;
  });
  if (!message) message = take_message();
  return message;
}

LspClient::Json LspClient::wait_for(const std::function<bool(const Json&)>& wanted, double timeout_seconds) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::microseconds(static_cast<long>(timeout_seconds * 1e6));
  for (;;) {
    const double remaining = std::chrono::duration<double>(deadline - std::chrono::steady_clock::now()).count();
    std::optional<Json> message = next_message(std::max(0.0, remaining));
    if (!message) {
      FAIL("no expected message from the server; stderr: " << err_ << "; skipped: " << Json(skipped_).dump());
      return {};
    }
    if (wanted(*message)) return *message;
    skipped_.push_back(std::move(*message));
  }
}

LspClient::Json LspClient::response(const Json& id, double timeout_seconds) {
  return wait_for([&](const Json& m) { return m.contains("id") && m["id"] == id && !m.contains("method"); },
                  timeout_seconds);
}

LspClient::Json LspClient::diagnostics(std::string_view uri, double timeout_seconds) {
  return wait_for(
      [&](const Json& m) {
        return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"].value("uri", "") == uri;
      },
      timeout_seconds)["params"];
}

int LspClient::wait_exit(double timeout_seconds) {
  const bool ended = pump(timeout_seconds, [&] {
    if (!exit_code_) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
    }
    return exit_code_.has_value() && out_fd_ < 0 && err_fd_ < 0;
  });
  if (!ended && !exit_code_) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    exit_code_ = -1;
  }
  return *exit_code_;
}

}  // namespace shipshape::testing
