// The stdio loop around Server: read what the client sent, answer each message, and lint changed documents
// once the input is drained, so that a burst of edits is linted once, at its latest version.

#include <fmt/format.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "lint/lsp/server.h"
#include "shipshape/version.h"

namespace shipshape::lsp {

namespace {

// Writes all of `data`, waiting when the descriptor is non-blocking and full. False when the client is gone.
bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t written = ::write(fd, data.data(), data.size());
    if (written > 0) {
      data.remove_prefix(static_cast<std::size_t>(written));
      continue;
    }
    if (written < 0 && errno == EINTR) continue;
    if (written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd writable{fd, POLLOUT, 0};
      ::poll(&writable, 1, -1);
      continue;
    }
    return false;
  }
  return true;
}

bool send(int fd, std::vector<Json>& messages) {
  std::string frames;
  for (const Json& message : messages) {
    // Document text may hold invalid UTF-8 that reaches a message; replace it rather than fail.
    frames += encode_frame(message.dump(-1, ' ', false, Json::error_handler_t::replace));
  }
  messages.clear();
  return write_all(fd, frames);
}

// Whether input can be read without blocking (true at the end of input too: read() then returns 0).
bool input_ready(int fd, int timeout_ms) {
  pollfd readable{fd, POLLIN, 0};
  for (;;) {
    const int ready = ::poll(&readable, 1, timeout_ms);
    if (ready < 0 && errno == EINTR) continue;
    return ready != 0;  // an error is reported by the read that follows
  }
}

}  // namespace

int serve(int input_fd, int output_fd, Server::Logger log) {
  Server server(log);
  const auto report = [&](std::string_view message) {
    if (log) {
      log(message);
    } else {
      fmt::print(stderr, "shipshape server: {}\n", message);
    }
  };
  FrameDecoder decoder;
  std::vector<Json> outgoing;
  std::string buffer(64 * 1024, '\0');
  const auto end_code = [&] { return server.shutdown_received() ? 0 : 1; };
  // When input keeps coming, lint anyway after this long, so diagnostics never fall far behind.
  constexpr auto kMaxLintDelay = std::chrono::milliseconds(100);
  std::optional<std::chrono::steady_clock::time_point> unlinted_since;
  for (;;) {
    while (std::optional<Frame> frame = decoder.next()) {
      if (!unlinted_since) unlinted_since = std::chrono::steady_clock::now();
      if (frame->kind == Frame::Kind::message) {
        server.handle(frame->body, outgoing);
      } else {
        report(frame->error);
        server.framing_error(*frame, outgoing);
      }
      if (!send(output_fd, outgoing)) return end_code();
      if (const std::optional<int> code = server.exit_code()) return *code;
    }
    const bool more_input = input_ready(input_fd, 0);
    if (!more_input || (unlinted_since && std::chrono::steady_clock::now() - *unlinted_since > kMaxLintDelay)) {
      // Nothing more queued (or linting is overdue): lint what changed, at its latest version.
      server.flush(outgoing);
      unlinted_since.reset();
      if (!send(output_fd, outgoing)) return end_code();
      if (!more_input) input_ready(input_fd, -1);  // wait for the client
    }
    const ssize_t count = ::read(input_fd, buffer.data(), buffer.size());
    if (count < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (count <= 0) {
      if (count < 0) report(fmt::format("cannot read input: {}", std::strerror(errno)));
      if (decoder.mid_message()) report("input ended in the middle of a message");
      return end_code();
    }
    decoder.feed(std::string_view(buffer.data(), static_cast<std::size_t>(count)));
  }
}

int serve(std::FILE* input, std::FILE* output) {
  std::fflush(output);
  return serve(::fileno(input), ::fileno(output));
}

int run_server(const std::vector<std::string_view>& args) {
  for (const std::string_view arg : args) {
    if (arg == "--stdio") continue;  // what LSP clients pass to say "standard input and output"
    if (arg == "-h" || arg == "--help") {
      fmt::print(
          "Usage: shipshape server [--stdio]\n\n"
          "Runs shipshape as a Language Server Protocol server on standard input and output: open Dockerfiles\n"
          "and ECS task definitions are linted as you type, with quick fixes. See docs/editors.md.\n");
      return 0;
    }
    if (arg == "-V" || arg == "--version") {
      fmt::print("shipshape {}\n", kVersion);
      return 0;
    }
    fmt::print(stderr, "shipshape server: unknown argument '{}'; usage: shipshape server [--stdio]\n", arg);
    return 2;
  }
  return serve(stdin, stdout);
}

}  // namespace shipshape::lsp
