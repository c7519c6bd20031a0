#pragma once
// A test client for `shipshape server`: runs the real binary with pipes, writes framed JSON-RPC messages (or
// raw bytes), and reads the server's messages with timeouts, so a hung server fails the test instead of
// hanging it. Its framing parser is deliberately separate from the server's own (lint/lsp/framing.h) and
// strict: every message must be exactly `Content-Length: N\r\n\r\n` + N bytes of JSON.

#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shipshape::testing {

class LspClient {
 public:
  using Json = nlohmann::json;

  // Starts `shipshape <args>` in `cwd` (empty: the current directory).
  explicit LspClient(const std::vector<std::string>& args = {"server"}, const std::filesystem::path& cwd = {});
  ~LspClient();
  LspClient(const LspClient&) = delete;
  LspClient& operator=(const LspClient&) = delete;

  void write_raw(std::string_view bytes);
  void send(const Json& message);  // framed with Content-Length
  void request(const Json& id, std::string_view method, Json params = Json::object());
  void notify(std::string_view method, Json params = Json::object());
  void close_input();

  // The next message from the server; nullopt when none arrives within the timeout or the output ended.
  std::optional<Json> next_message(double timeout_seconds = 10);
  // Reads messages until `wanted` accepts one and returns it (earlier messages go to `skipped()`). Fails the
  // test when none arrives in time.
  Json wait_for(const std::function<bool(const Json&)>& wanted, double timeout_seconds = 10);
  Json response(const Json& id, double timeout_seconds = 10);
  Json diagnostics(std::string_view uri, double timeout_seconds = 10);  // the next publishDiagnostics params

  // Waits for the process to end and returns its exit code (128 + signal when killed); -1 on timeout, after
  // which the process is killed.
  int wait_exit(double timeout_seconds = 10);

  const std::vector<Json>& skipped() const { return skipped_; }
  const std::string& stderr_text() const { return err_; }
  const std::string& unparsed_output() const { return out_; }  // bytes after the last whole message

 private:
  // Moves data between the pipes until `done` holds or the deadline passes; false on timeout.
  bool pump(double timeout_seconds, const std::function<bool()>& done);
  std::optional<Json> take_message();

  pid_t pid_ = -1;
  int in_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string pending_input_;
  std::string out_;
  std::string err_;
  std::vector<Json> skipped_;
  std::optional<int> exit_code_;
};

}  // namespace shipshape::testing
