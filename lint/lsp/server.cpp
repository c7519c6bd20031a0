#include "lint/lsp/server.h"

#include <fmt/format.h>

#include <algorithm>
#include <exception>

#include "lint/config_file.h"
#include "lint/discovery.h"
#include "lint/lsp/edits.h"
#include "lint/lsp/uri.h"
#include "parsers/dockerfile/document.h"
#include "parsers/dockerfile/parse.h"
#include "parsers/ecs/load.h"
#include "parsers/text.h"
#include "rules/registry.h"
#include "shipshape/version.h"

namespace shipshape::lsp {

namespace {

namespace fs = std::filesystem;

// ---- reading client JSON without exceptions (a malformed message never throws out of a handler) ----

const Json* member(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

const Json* member(const Json* object, const char* key) { return object ? member(*object, key) : nullptr; }

const std::string* string_member(const Json* object, const char* key) {
  const Json* value = member(object, key);
  return value && value->is_string() ? value->get_ptr<const std::string*>() : nullptr;
}

bool true_member(const Json* object, const char* key) {
  const Json* value = member(object, key);
  return value && value->is_boolean() && value->get<bool>();
}

std::optional<std::int64_t> integer_member(const Json* object, const char* key) {
  const Json* value = member(object, key);
  if (value == nullptr) return std::nullopt;
  if (value->is_number_unsigned()) {
    const auto number = value->get<std::uint64_t>();
    if (number > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<std::int64_t>(number);
  }
  if (value->is_number_integer()) return value->get<std::int64_t>();
  return std::nullopt;
}

std::optional<std::uint32_t> uint32_member(const Json* object, const char* key) {
  const std::optional<std::int64_t> value = integer_member(object, key);
  if (!value || *value < 0 || *value > static_cast<std::int64_t>(UINT32_MAX)) return std::nullopt;
  return static_cast<std::uint32_t>(*value);
}

std::optional<LspPosition> parse_position(const Json* value) {
  const auto line = uint32_member(value, "line");
  const auto character = uint32_member(value, "character");
  if (!line || !character) return std::nullopt;
  return LspPosition{*line, *character};
}

std::optional<LspRange> parse_range(const Json* value) {
  const auto start = parse_position(member(value, "start"));
  const auto end = parse_position(member(value, "end"));
  if (!start || !end) return std::nullopt;
  return LspRange{*start, *end};
}

// ---- building messages ----

Json position_json(LspPosition p) { return Json{{"line", p.line}, {"character", p.character}}; }
Json range_json(const LspRange& r) { return Json{{"start", position_json(r.start)}, {"end", position_json(r.end)}}; }

Json edits_json(const std::vector<TextEdit>& edits) {
  Json out = Json::array();
  for (const TextEdit& edit : edits) out.push_back(Json{{"range", range_json(edit.range)}, {"newText", edit.new_text}});
  return out;
}

Json error_response(const Json& id, int code, std::string message) {
  return Json{{"jsonrpc", "2.0"}, {"id", id}, {"error", Json{{"code", code}, {"message", std::move(message)}}}};
}

Json result_response(const Json& id, Json result) {
  return Json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

Json notification_message(std::string_view method, Json params) {
  return Json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

int lsp_severity(rules::Severity severity) {
  switch (severity) {
    case rules::Severity::error:
      return 1;
    case rules::Severity::warning:
      return 2;
    case rules::Severity::note:
      return 3;  // Information
  }
  return 2;
}

bool is_config_file_name(std::string_view name) {
  return std::any_of(std::begin(lint::kConfigFileNames), std::end(lint::kConfigFileNames),
                     [&](const char* config_name) { return name == config_name; });
}

// Rule selectors from a setting: an array of strings or one comma-separated string. Unknown selectors are
// dropped (and logged), as the command line refuses them.
std::vector<std::string> selectors(const Json& value, std::string_view setting,
                                   const std::function<void(std::string_view)>& log) {
  std::vector<std::string> raw;
  if (value.is_string()) {
    for (const std::string_view part : text::split(value.get_ref<const std::string&>(), ',')) {
      raw.emplace_back(text::trim(part));
    }
  } else if (value.is_array()) {
    for (const Json& item : value) {
      if (item.is_string()) raw.push_back(item.get<std::string>());
    }
  } else {
    log(fmt::format("setting {}: expected a list of rule ids", setting));
  }
  std::vector<std::string> out;
  for (std::string& selector : raw) {
    if (selector.empty()) continue;
    if (rules::match_rules(selector).empty()) {
      log(fmt::format("setting {}: {} matches no rule id, id prefix or name", setting, selector));
      continue;
    }
    out.push_back(std::move(selector));
  }
  return out;
}

// The first line of the instruction holding `offset` (0: none), for a finding whose anchor the engine left unset.
std::uint32_t instruction_start_line(const dockerfile::Document& document, std::uint32_t offset) {
  for (const dockerfile::Instruction& instruction : document.instructions()) {
    if (instruction.range.begin.offset <= offset && offset <= instruction.range.end.offset) {
      return instruction.start_line;
    }
  }
  return 0;
}

constexpr std::string_view kKindQuickfix = "quickfix";

// Whether `context.only` (absent: everything) admits quick fixes.
bool wants_quickfix(const Json* only) {
  if (only == nullptr || !only->is_array()) return true;
  for (const Json& kind : *only) {
    if (!kind.is_string()) continue;
    const std::string& name = kind.get_ref<const std::string&>();
    if (name.empty() || name == kKindQuickfix || kKindQuickfix.starts_with(name + ".")) return true;
  }
  return false;
}

}  // namespace

Server::Server(Logger log, Linter linter) : log_(std::move(log)), linter_(std::move(linter)) {
  if (!linter_) linter_ = lint::lint_source;
  configs_ = std::make_unique<lint::ConfigLoader>(lint::ConfigLoader::Options{});
}

void Server::log(std::string_view message) const {
  if (log_) {
    log_(message);
  } else {
    fmt::print(stderr, "shipshape server: {}\n", message);
  }
}

void Server::framing_error(const Frame& frame, std::vector<Json>& out) {
  const int code = frame.kind == Frame::Kind::too_large ? error_code::invalid_request : error_code::parse_error;
  const std::string_view prefix = code == error_code::parse_error ? "Parse error" : "Invalid Request";
  out.push_back(error_response(nullptr, code, fmt::format("{}: {}", prefix, frame.error)));
}

void Server::handle(std::string_view body, std::vector<Json>& out) {
  const Json message = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded()) {
    out.push_back(error_response(nullptr, error_code::parse_error, "Parse error: the message is not valid JSON"));
    return;
  }
  // Handlers read JSON defensively; this only guards against a bug turning into a dead server.
  try {
    dispatch(message, out);
  } catch (const std::exception& e) {
    log(fmt::format("internal error: {}", e.what()));
    const Json* id = member(message, "id");
    if (id != nullptr && member(message, "method") != nullptr && (id->is_number() || id->is_string())) {
      out.push_back(error_response(*id, error_code::internal_error, fmt::format("Internal error: {}", e.what())));
    }
  }
}

void Server::dispatch(const Json& message, std::vector<Json>& out) {
  if (!message.is_object()) {
    out.push_back(error_response(nullptr, error_code::invalid_request, "Invalid Request: a message must be an object"));
    return;
  }
  const Json* id = member(message, "id");
  if (id != nullptr && !id->is_string() && !id->is_number() && !id->is_null()) {
    out.push_back(
        error_response(nullptr, error_code::invalid_request, "Invalid Request: id must be a number, a string or null"));
    return;
  }
  const Json reply_id = id != nullptr ? *id : Json(nullptr);
  const Json* method = member(message, "method");
  if (method == nullptr) {
    // A response to a request of ours (client/registerCapability): nothing to do.
    if (id != nullptr && (member(message, "result") != nullptr || member(message, "error") != nullptr)) return;
    out.push_back(error_response(reply_id, error_code::invalid_request, "Invalid Request: no method"));
    return;
  }
  const std::string* version = string_member(&message, "jsonrpc");
  if (!method->is_string() || version == nullptr || *version != "2.0") {
    const std::string problem = method->is_string() ? "jsonrpc must be \"2.0\"" : "method must be a string";
    if (id != nullptr) {
      out.push_back(error_response(reply_id, error_code::invalid_request, "Invalid Request: " + problem));
    } else {
      log("ignored a notification: " + problem);
    }
    return;
  }
  const std::string& name = method->get_ref<const std::string&>();
  static const Json no_params;
  const Json* params = member(message, "params");
  if (params != nullptr && params->is_null()) params = nullptr;  // `"params": null` as if absent
  if (params != nullptr && !params->is_object() && !params->is_array()) {
    if (id != nullptr) {
      out.push_back(error_response(reply_id, error_code::invalid_params, "Invalid params: params must be an object"));
    } else {
      log(fmt::format("ignored {}: params must be an object", name));
    }
    return;
  }
  if (id == nullptr) {
    notification(name, params ? *params : no_params, out);
    return;
  }
  Reply reply = request(name, params ? *params : no_params, out);
  out.push_back(reply.error != 0 ? error_response(reply_id, reply.error, std::move(reply.message))
                                 : result_response(reply_id, std::move(reply.result)));
}

Server::Reply Server::request(std::string_view method, const Json& params, std::vector<Json>& out) {
  if (shutdown_) return Reply{{}, error_code::invalid_request, "Invalid Request: the server is shutting down"};
  if (method == "initialize") {
    if (initialized_) return Reply{{}, error_code::invalid_request, "Invalid Request: already initialized"};
    return initialize(params);
  }
  if (!initialized_) {
    return Reply{{}, error_code::server_not_initialized, "Server not initialized: send initialize first"};
  }
  if (method == "shutdown") {
    shutdown_ = true;
    return Reply{nullptr};
  }
  if (method == "textDocument/codeAction") return code_action(params, out);
  return Reply{{}, error_code::method_not_found, fmt::format("Method not found: {}", method)};
}

void Server::notification(std::string_view method, const Json& params, std::vector<Json>& out) {
  if (method == "exit") {
    exit_code_ = shutdown_ ? 0 : 1;
    return;
  }
  if (!initialized_ || shutdown_) return;  // dropped, as LSP asks
  if (method == "textDocument/didOpen") {
    did_open(params);
  } else if (method == "textDocument/didChange") {
    did_change(params);
  } else if (method == "textDocument/didSave") {
    did_save(params);
  } else if (method == "textDocument/didClose") {
    did_close(params, out);
  } else if (method == "initialized") {
    initialized(out);
  } else if (method == "workspace/didChangeConfiguration") {
    did_change_configuration(params);
  } else if (method == "workspace/didChangeWatchedFiles") {
    did_change_watched_files(params);
  } else if (method == "workspace/didChangeWorkspaceFolders") {
    did_change_workspace_folders(params);
  }
  // Anything else, `$/cancelRequest` and `$/setTrace` included, needs nothing from us.
}

// ---- lifecycle ----

Server::Reply Server::initialize(const Json& params) {
  if (!params.is_object()) return Reply{{}, error_code::invalid_params, "Invalid params: expected InitializeParams"};
  const Json* capabilities = member(params, "capabilities");
  encoding_ = PositionEncoding::utf16;
  if (const Json* offered = member(member(capabilities, "general"), "positionEncodings");
      offered != nullptr && offered->is_array()) {
    // The client lists the encodings it supports, most preferred first.
    for (const Json& name : *offered) {
      if (!name.is_string()) continue;
      if (const auto encoding = parse_position_encoding(name.get_ref<const std::string&>())) {
        encoding_ = *encoding;
        break;
      }
    }
  }
  const Json* workspace = member(capabilities, "workspace");
  document_changes_ = true_member(member(workspace, "workspaceEdit"), "documentChanges");
  watch_registration_ = true_member(member(workspace, "didChangeWatchedFiles"), "dynamicRegistration");

  roots_.clear();
  if (const Json* folders = member(params, "workspaceFolders"); folders != nullptr && folders->is_array()) {
    for (const Json& folder : *folders) {
      const std::string* uri = string_member(&folder, "uri");
      if (uri == nullptr) continue;
      if (auto path = file_uri_to_path(*uri)) roots_.emplace_back(std::move(*path));
    }
  }
  if (roots_.empty()) {
    if (const std::string* uri = string_member(&params, "rootUri")) {
      if (auto path = file_uri_to_path(*uri)) roots_.emplace_back(std::move(*path));
    } else if (const std::string* path = string_member(&params, "rootPath")) {
      roots_.emplace_back(*path);
    }
  }
  if (const Json* options = member(params, "initializationOptions")) apply_settings(*options);
  reload_configuration();
  initialized_ = true;

  Json capabilities_out{
      {"positionEncoding", to_string(encoding_)},
      {"textDocumentSync", Json{{"openClose", true}, {"change", 2}, {"save", Json{{"includeText", false}}}}},
      {"codeActionProvider", Json{{"codeActionKinds", Json::array({kKindQuickfix})}}},
      {"workspace", Json{{"workspaceFolders", Json{{"supported", true}, {"changeNotifications", true}}}}},
  };
  return Reply{Json{{"capabilities", std::move(capabilities_out)},
                    {"serverInfo", Json{{"name", "shipshape"}, {"version", kVersion}}}}};
}

void Server::initialized(std::vector<Json>& out) {
  if (!watch_registration_) return;
  // Ask the client to tell us when configuration files change on disk.
  Json watcher{{"globPattern", "**/.shipshape.{yaml,yml}"}};
  Json registration{{"id", "shipshape-config-files"},
                    {"method", "workspace/didChangeWatchedFiles"},
                    {"registerOptions", Json{{"watchers", Json::array({std::move(watcher)})}}}};
  out.push_back(Json{{"jsonrpc", "2.0"},
                     {"id", fmt::format("shipshape-{}", next_request_id_++)},
                     {"method", "client/registerCapability"},
                     {"params", Json{{"registrations", Json::array({std::move(registration)})}}}});
}

// ---- configuration ----

void Server::apply_settings(const Json& settings) {
  if (!settings.is_object()) return;
  const Json* section = member(settings, "shipshape");
  const Json& values = section != nullptr && section->is_object() ? *section : settings;
  static constexpr const char* kKeys[] = {"configFile", "isolated", "select", "extendSelect", "ignore"};
  if (std::none_of(std::begin(kKeys), std::end(kKeys), [&](const char* key) { return values.contains(key); })) {
    return;  // settings for other tools
  }
  const auto logger = [this](std::string_view message) { log(message); };
  ClientSettings next;
  if (const Json* config = member(values, "configFile"); config != nullptr && !config->is_null()) {
    if (config->is_string() && !config->get_ref<const std::string&>().empty()) {
      next.config_file = config->get<std::string>();
    } else if (!config->is_string()) {
      log("setting configFile: expected a path");
    }
  }
  if (const Json* isolated = member(values, "isolated"); isolated != nullptr) {
    if (isolated->is_boolean()) {
      next.isolated = isolated->get<bool>();
    } else {
      log("setting isolated: expected true or false");
    }
  }
  if (const Json* select = member(values, "select"); select != nullptr && !select->is_null()) {
    // An empty selection would turn every rule off; without a valid selector, keep the default one.
    std::vector<std::string> selected = selectors(*select, "select", logger);
    if (!selected.empty()) next.rules.select = std::move(selected);
  }
  if (const Json* extend = member(values, "extendSelect"))
    next.rules.extend_select = selectors(*extend, "extendSelect", logger);
  if (const Json* ignore = member(values, "ignore")) next.rules.ignore = selectors(*ignore, "ignore", logger);
  settings_ = std::move(next);
}

void Server::reload_configuration() {
  lint::ConfigLoader::Options options;
  if (settings_.config_file) {
    fs::path file = *settings_.config_file;
    if (file.is_relative() && !roots_.empty()) file = roots_.front() / file;
    options.explicit_file = std::move(file);
  }
  options.isolated = settings_.isolated;
  configs_ = std::make_unique<lint::ConfigLoader>(std::move(options));
  for (auto& [uri, document] : documents_) document.dirty = true;
}

void Server::did_change_configuration(const Json& params) {
  if (const Json* settings = member(params, "settings")) apply_settings(*settings);
  reload_configuration();
}

void Server::did_change_watched_files(const Json& params) {
  const Json* changes = member(params, "changes");
  if (changes == nullptr || !changes->is_array()) {
    log("ignored workspace/didChangeWatchedFiles: no changes");
    return;
  }
  for (const Json& change : *changes) {
    const std::string* uri = string_member(&change, "uri");
    if (uri != nullptr && is_config_file_name(uri_file_name(*uri))) {
      reload_configuration();
      return;
    }
  }
}

void Server::did_change_workspace_folders(const Json& params) {
  const Json* event = member(params, "event");
  const auto paths_of = [&](const char* key) {
    std::vector<fs::path> paths;
    if (const Json* list = member(event, key); list != nullptr && list->is_array()) {
      for (const Json& folder : *list) {
        const std::string* uri = string_member(&folder, "uri");
        if (uri == nullptr) continue;
        if (auto path = file_uri_to_path(*uri)) paths.emplace_back(std::move(*path));
      }
    }
    return paths;
  };
  for (const fs::path& removed : paths_of("removed")) std::erase(roots_, removed);
  for (fs::path& added : paths_of("added")) roots_.push_back(std::move(added));
  reload_configuration();
}

fs::path Server::config_lookup_path(const Document& document) const {
  if (document.path) return *document.path;
  // An unsaved buffer: as if it were a file at the top of the workspace.
  const std::string name = uri_file_name(document.uri);
  const fs::path base = roots_.empty() ? fs::path() : roots_.front();
  return base / (name.empty() ? std::string("untitled") : name);
}

void Server::publish_config_errors(std::vector<Json>& out) {
  std::map<std::string, std::string, std::less<>> current;
  for (const auto& loaded : configs_->loaded()) {
    if (loaded->config.path.empty() || loaded->errors.empty()) continue;
    const std::string_view text = loaded->source ? loaded->source->text() : std::string_view();
    const LineIndex index(text);
    Json list = Json::array();
    for (const Diagnostic& error : loaded->errors) {
      list.push_back(Json{{"range", range_json(to_lsp_range(index, error.range, encoding_))},
                          {"severity", 1},
                          {"source", "shipshape"},
                          {"message", error.hint.empty() ? error.message : error.message + "\n" + error.hint}});
    }
    current[path_to_file_uri(loaded->config.path.string())] = list.dump();
  }
  for (const auto& [uri, list] : config_diagnostics_) {
    if (current.count(uri) == 0) {
      out.push_back(
          notification_message("textDocument/publishDiagnostics", Json{{"uri", uri}, {"diagnostics", Json::array()}}));
    }
  }
  for (const auto& [uri, list] : current) {
    const auto previous = config_diagnostics_.find(uri);
    if (previous != config_diagnostics_.end() && previous->second == list) continue;
    out.push_back(notification_message("textDocument/publishDiagnostics",
                                       Json{{"uri", uri}, {"diagnostics", Json::parse(list)}}));
  }
  config_diagnostics_ = std::move(current);
}

// ---- documents ----

void Server::did_open(const Json& params) {
  const Json* item = member(params, "textDocument");
  const std::string* uri = string_member(item, "uri");
  const std::string* text = string_member(item, "text");
  const std::optional<std::int64_t> version = integer_member(item, "version");
  if (uri == nullptr || text == nullptr || !version) {
    log("ignored textDocument/didOpen: expected textDocument with uri, version and text");
    return;
  }
  const std::string* language = string_member(item, "languageId");
  Document document;
  document.uri = *uri;
  document.language_id = language ? *language : std::string();
  document.version = *version;
  document.text = *text;
  if (auto path = file_uri_to_path(*uri)) document.path = fs::path(std::move(*path));
  documents_.insert_or_assign(*uri, std::move(document));
}

void Server::did_change(const Json& params) {
  const Json* identifier = member(params, "textDocument");
  const std::string* uri = string_member(identifier, "uri");
  const Json* changes = member(params, "contentChanges");
  if (uri == nullptr || changes == nullptr || !changes->is_array()) {
    log("ignored textDocument/didChange: expected textDocument.uri and contentChanges");
    return;
  }
  const auto found = documents_.find(*uri);
  if (found == documents_.end()) {
    log(fmt::format("ignored textDocument/didChange for {}: the document is not open", *uri));
    return;
  }
  // Check every change before applying any, so a malformed message leaves the document as it was.
  for (const Json& change : *changes) {
    const Json* range = member(change, "range");
    if (string_member(&change, "text") == nullptr || (range != nullptr && !parse_range(range))) {
      log(fmt::format("ignored textDocument/didChange for {}: malformed content change", *uri));
      return;
    }
  }
  Document& document = found->second;
  for (const Json& change : *changes) {
    const std::string& text = *string_member(&change, "text");
    const std::optional<LspRange> range = parse_range(member(change, "range"));
    if (!range) {
      document.text = text;
      continue;
    }
    const LineIndex index(document.text);
    std::uint32_t begin = index.offset(range->start, encoding_);
    std::uint32_t end = index.offset(range->end, encoding_);
    if (end < begin) std::swap(begin, end);
    document.text.replace(begin, end - begin, text);
  }
  if (const auto version = integer_member(identifier, "version")) document.version = *version;
  document.dirty = true;
}

void Server::did_save(const Json& params) {
  const std::string* uri = string_member(member(params, "textDocument"), "uri");
  if (uri == nullptr) {
    log("ignored textDocument/didSave: expected textDocument.uri");
    return;
  }
  if (is_config_file_name(uri_file_name(*uri))) {
    reload_configuration();
    return;
  }
  const auto found = documents_.find(*uri);
  if (found == documents_.end()) return;
  if (const std::string* text = string_member(&params, "text")) found->second.text = *text;
  found->second.dirty = true;
}

void Server::did_close(const Json& params, std::vector<Json>& out) {
  const std::string* uri = string_member(member(params, "textDocument"), "uri");
  if (uri == nullptr) {
    log("ignored textDocument/didClose: expected textDocument.uri");
    return;
  }
  const auto found = documents_.find(*uri);
  if (found == documents_.end()) return;
  documents_.erase(found);
  out.push_back(
      notification_message("textDocument/publishDiagnostics", Json{{"uri", *uri}, {"diagnostics", Json::array()}}));
}

void Server::flush(std::vector<Json>& out) {
  bool linted = false;
  // Front ends and rules do not throw by design; this keeps the server alive should a bug make one do so.
  try {
    for (auto& [uri, document] : documents_) {
      if (!document.dirty) continue;
      linted = true;
      lint(document, out);
    }
    if (linted) publish_config_errors(out);
  } catch (const std::exception& e) {
    log(fmt::format("internal error while linting: {}", e.what()));
  }
}

void Server::lint(Document& document, std::vector<Json>& out) {
  document.dirty = false;
  document.report = lint::FileReport{};
  document.bom_bytes = std::string_view(document.text).starts_with("\xEF\xBB\xBF") ? 3 : 0;
  const std::string name = document.path ? document.path->filename().string() : uri_file_name(document.uri);
  std::optional<lint::FileType> type;
  if (document.language_id == "dockerfile" || lint::is_dockerfile_name(name)) {
    type = lint::FileType::dockerfile;
  } else if (text::iends_with(name, ".json") || document.language_id == "json" || document.language_id == "jsonc") {
    // JSON is ours only when it is a task definition.
    if (ecs::looks_like_task_definition(document.text)) type = lint::FileType::ecs;
  }
  if (!type && is_config_file_name(name)) return;  // its diagnostics are the configuration's errors
  if (type) {
    const fs::path lookup = config_lookup_path(document);
    const std::shared_ptr<const lint::ConfigLoadResult> loaded = configs_->for_file(lookup);
    const lint::ConfigFile& config_file = loaded->config;
    std::error_code ec;
    const std::string relative =
        fs::absolute(lookup, ec).lexically_normal().lexically_relative(config_file.root).generic_string();
    if (!lint::is_excluded(relative, config_file.exclude)) {
      const lint::EffectiveConfig effective = lint::resolve(config_file, relative, settings_.rules);
      auto source = std::make_shared<const SourceFile>(lookup.string(), document.text);
      document.report = linter_(std::move(source), *type, effective, config_file, engine_options_);
    }
  }
  out.push_back(notification_message(
      "textDocument/publishDiagnostics",
      Json{{"uri", document.uri}, {"version", document.version}, {"diagnostics", diagnostics(document)}}));
}

Json Server::diagnostics(const Document& document) const {
  Json list = Json::array();
  if (!document.report.source) return list;
  const LineIndex index(document.text);
  for (const Diagnostic& error : document.report.errors) {
    list.push_back(Json{{"range", range_json(to_lsp_range(index, error.range, encoding_, document.bom_bytes))},
                        {"severity", 1},
                        {"source", "shipshape"},
                        {"message", error.hint.empty() ? error.message : error.message + "\n" + error.hint}});
  }
  for (const rules::Finding& finding : document.report.findings) {
    if (finding.suppressed) continue;
    Json diagnostic{{"range", range_json(to_lsp_range(index, finding.range, encoding_, document.bom_bytes))},
                    {"severity", lsp_severity(finding.severity)},
                    {"code", finding.rule->id},
                    {"source", "shipshape"},
                    {"message", finding.message}};
    const std::string href = rules::help_uri(*finding.rule);
    if (!href.empty()) diagnostic["codeDescription"] = Json{{"href", href}};
    Json data{{"fingerprint", finding.fingerprint}};
    if (finding.fix) {
      data["fix"] = Json{{"description", finding.fix->description},
                         {"edits", edits_json(fix_edits(index, *finding.fix, encoding_, document.bom_bytes))}};
    }
    diagnostic["data"] = std::move(data);
    list.push_back(std::move(diagnostic));
  }
  return list;
}

// ---- code actions ----

Json Server::workspace_edit(const Document& document, const Json& edits) const {
  if (document_changes_) {
    return Json{{"documentChanges",
                 Json::array({Json{{"textDocument", Json{{"uri", document.uri}, {"version", document.version}}},
                                   {"edits", edits}}})}};
  }
  return Json{{"changes", Json{{document.uri, edits}}}};
}

Server::Reply Server::code_action(const Json& params, std::vector<Json>& out) {
  const std::string* uri = string_member(member(params, "textDocument"), "uri");
  const Json* context = member(params, "context");
  const Json* listed = member(context, "diagnostics");
  if (uri == nullptr || !parse_range(member(params, "range")) || listed == nullptr || !listed->is_array()) {
    return Reply{
        {}, error_code::invalid_params, "Invalid params: expected textDocument.uri, range and context.diagnostics"};
  }
  Json actions = Json::array();
  const auto found = documents_.find(*uri);
  if (found == documents_.end() || !wants_quickfix(member(context, "only"))) return Reply{std::move(actions)};
  Document& document = found->second;
  if (document.dirty) lint(document, out);  // answer for the text the client has now
  if (!document.report.source) return Reply{std::move(actions)};

  const LineIndex index(document.text);
  const SourceFile& source = *document.report.source;
  const bool dockerfile = document.report.type == lint::FileType::dockerfile;
  // Published diagnostics, to name in each action (rebuilt rather than echoing the client's JSON).
  const Json published = diagnostics(document);
  std::vector<std::string> keys;                  // title and edits of each action, to merge identical ones
  std::optional<dockerfile::ParseResult> parsed;  // parsed only if a finding lacks its anchor line
  const auto anchor_line_of = [&](const rules::Finding& finding) -> std::uint32_t {
    if (finding.anchor_line > 0) return finding.anchor_line;
    if (!parsed) {
      dockerfile::ParseOptions options;
      options.parse_shell = false;  // only instruction boundaries are needed
      parsed = dockerfile::parse(source, options);
    }
    return parsed->document ? instruction_start_line(*parsed->document, finding.range.begin.offset) : 0;
  };

  const auto add_action = [&](std::string title, const Json& diagnostic, Json edits, bool preferred) {
    std::string key = title + '\n' + edits.dump();
    const auto same = std::find(keys.begin(), keys.end(), key);
    if (same != keys.end()) {
      actions[static_cast<std::size_t>(same - keys.begin())]["diagnostics"].push_back(diagnostic);
      return;
    }
    Json action{{"title", title},
                {"kind", kKindQuickfix},
                {"diagnostics", Json::array({diagnostic})},
                {"edit", workspace_edit(document, edits)}};
    if (preferred) action["isPreferred"] = true;
    keys.push_back(std::move(key));
    actions.push_back(std::move(action));
  };

  for (const Json& requested : *listed) {
    const std::string* source_name = string_member(&requested, "source");
    const std::string* code = string_member(&requested, "code");
    if (code == nullptr || (source_name != nullptr && *source_name != "shipshape")) continue;
    const std::string* fingerprint = string_member(member(requested, "data"), "fingerprint");
    const std::optional<LspRange> range = parse_range(member(requested, "range"));
    // Which published finding the client means: by fingerprint when it kept our data, else by code and range.
    const auto matches = [&](const rules::Finding& candidate) {
      if (candidate.rule->id != *code) return false;
      if (fingerprint != nullptr) return candidate.fingerprint == *fingerprint;
      return range && to_lsp_range(index, candidate.range, encoding_, document.bom_bytes) == *range;
    };
    std::size_t published_index = document.report.errors.size();
    const rules::Finding* finding = nullptr;
    for (const rules::Finding& candidate : document.report.findings) {
      if (candidate.suppressed) continue;
      if (matches(candidate)) {
        finding = &candidate;
        break;
      }
      ++published_index;
    }
    if (finding == nullptr) continue;
    const Json& diagnostic = published[published_index];
    const std::string id(finding->rule->id);
    if (finding->fix && !finding->fix->edits.empty()) {
      const std::string title = finding->fix->description.empty()
                                    ? fmt::format("Fix {}", id)
                                    : fmt::format("Fix {}: {}", id, finding->fix->description);
      add_action(title, diagnostic, edits_json(fix_edits(index, *finding->fix, encoding_, document.bom_bytes)), true);
    }
    if (!dockerfile) continue;  // JSON cannot carry suppression comments
    // A meta finding (SS001 on a suppression comment) belongs to no instruction; its file-wide ignore still works.
    const rules::RegisteredRule* registered = rules::find_rule(id);
    const bool meta = registered != nullptr && registered->kind == rules::FileKind::any;
    if (const std::uint32_t anchor_line = meta ? 0 : anchor_line_of(*finding);
        anchor_line > 0 && anchor_line <= source.line_count()) {
      const std::uint32_t anchor = source.line_start(anchor_line) + document.bom_bytes;
      if (auto edit = ignore_instruction_edit(index, anchor, id, encoding_, document.bom_bytes)) {
        add_action(fmt::format("Ignore {} for this instruction", id), diagnostic, edits_json({*edit}), false);
      }
    }
    if (auto edit = ignore_file_edit(index, id, encoding_, document.bom_bytes)) {
      add_action(fmt::format("Ignore {} in this file", id), diagnostic, edits_json({*edit}), false);
    }
  }
  return Reply{std::move(actions)};
}

}  // namespace shipshape::lsp
