#pragma once
// `shipshape server`: a Language Server Protocol server over standard input and output. It lints open
// Dockerfiles and task definitions as they are edited, publishes the findings as diagnostics, and offers
// quick fixes (a rule's own fix, and suppression comments in Dockerfiles). See docs/editors.md.
//
// Server is the protocol logic without I/O: it takes message bodies and returns the messages to send, so it
// is tested in-process; serve() is the stdio loop around it.

#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lint/config_loader.h"
#include "lint/engine.h"
#include "lint/lsp/framing.h"
#include "lint/lsp/positions.h"

namespace shipshape::lsp {

using Json = nlohmann::json;

// JSON-RPC and LSP error codes.
namespace error_code {
inline constexpr int parse_error = -32700;
inline constexpr int invalid_request = -32600;
inline constexpr int method_not_found = -32601;
inline constexpr int invalid_params = -32602;
inline constexpr int internal_error = -32603;
inline constexpr int server_not_initialized = -32002;
}  // namespace error_code

// Settings a client may pass in `initializationOptions` or `workspace/didChangeConfiguration`
// (`{"shipshape": {...}}`): the command line's --config, --isolated, --select, --extend-select, --ignore.
struct ClientSettings {
  std::optional<std::string> config_file;
  bool isolated = false;
  lint::RuleSettings rules;
};

class Server {
 public:
  using Logger = std::function<void(std::string_view)>;
  // Lints one document (lint::lint_source by default; tests substitute synthetic findings).
  using Linter =
      std::function<lint::FileReport(std::shared_ptr<const SourceFile>, lint::FileType, const lint::EffectiveConfig&,
                                     const lint::ConfigFile&, const lint::EngineOptions&)>;
  // `log` receives human-readable problems (malformed notifications, ...); by default they go to stderr.
  explicit Server(Logger log = {}, Linter linter = {});

  // Handles one message body; messages to send are appended to `out`.
  void handle(std::string_view body, std::vector<Json>& out);
  // Reports a framing error of the input as a JSON-RPC error response with a null id.
  void framing_error(const Frame& frame, std::vector<Json>& out);
  // Lints every document changed since it was last linted and appends their diagnostics.
  void flush(std::vector<Json>& out);

  // Set once `exit` has arrived: 0 after `shutdown`, 1 otherwise.
  std::optional<int> exit_code() const { return exit_code_; }
  bool shutdown_received() const { return shutdown_; }
  PositionEncoding position_encoding() const { return encoding_; }

 private:
  struct Document {
    std::string uri;
    std::string language_id;
    std::int64_t version = 0;
    std::string text;
    std::optional<std::filesystem::path> path;  // for file: URIs
    bool dirty = true;                          // changed since last linted
    lint::FileReport report;                    // the last lint of `text` (no type: not linted)
    std::uint32_t bom_bytes = 0;                // a BOM the text starts with (SourceFile drops it)
  };
  struct Reply {
    Json result;
    int error = 0;  // nonzero: an error response with this code
    std::string message;
  };

  void dispatch(const Json& message, std::vector<Json>& out);
  Reply request(std::string_view method, const Json& params, std::vector<Json>& out);
  void notification(std::string_view method, const Json& params, std::vector<Json>& out);

  Reply initialize(const Json& params);
  Reply code_action(const Json& params, std::vector<Json>& out);
  void did_open(const Json& params);
  void did_change(const Json& params);
  void did_save(const Json& params);
  void did_close(const Json& params, std::vector<Json>& out);
  void did_change_configuration(const Json& params);
  void did_change_watched_files(const Json& params);
  void did_change_workspace_folders(const Json& params);
  void initialized(std::vector<Json>& out);

  void apply_settings(const Json& settings);
  void reload_configuration();  // forget cached config files and re-lint every open document
  void lint(Document& document, std::vector<Json>& out);
  void publish_config_errors(std::vector<Json>& out);
  std::filesystem::path config_lookup_path(const Document& document) const;
  Json diagnostics(const Document& document) const;
  Json workspace_edit(const Document& document, const Json& edits) const;
  void log(std::string_view message) const;

  Logger log_;
  Linter linter_;
  bool initialized_ = false;  // `initialize` answered
  bool shutdown_ = false;
  std::optional<int> exit_code_;
  PositionEncoding encoding_ = PositionEncoding::utf16;
  bool document_changes_ = false;             // client applies versioned `documentChanges`
  bool watch_registration_ = false;           // client lets us register file watchers
  std::vector<std::filesystem::path> roots_;  // workspace folders
  ClientSettings settings_;
  std::unique_ptr<lint::ConfigLoader> configs_;
  lint::EngineOptions engine_options_;
  std::map<std::string, Document, std::less<>> documents_;
  std::map<std::string, std::string, std::less<>> config_diagnostics_;  // config URI -> last published list
  int next_request_id_ = 1;
};

// Runs the server on the two file descriptors until `exit` or the end of input. Returns the exit code:
// 0 after `shutdown`, else 1 (also when the input ends or the output fails before `shutdown`).
int serve(int input_fd, int output_fd, Server::Logger log = {});
int serve(std::FILE* input, std::FILE* output);

// `shipshape server [--stdio]`: `args` are the arguments after `server`.
int run_server(const std::vector<std::string_view>& args);

}  // namespace shipshape::lsp
