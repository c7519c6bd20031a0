// The language server's protocol logic, in-process, with a stand-in linter that reports synthetic findings:
// diagnostics, code actions and configuration handling are checked independently of the real rules.

#include "lint/lsp/server.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "lint/fingerprint.h"
#include "lint/lsp/uri.h"
#include "rules/registry.h"
#include "shipshape/version.h"
#include "tests/support/support.h"

namespace shipshape::lsp {

namespace {

const rules::RuleInfo kLatestTag{.id = "DL3007", .name = "latest_tag", .severity = rules::Severity::warning};
const rules::RuleInfo kRootUser{.id = "DL3002", .name = "last_user_is_root", .severity = rules::Severity::error};
const rules::RuleInfo kNoteRule{.id = "DL3999", .name = "a_note", .severity = rules::Severity::note};
const rules::RuleInfo kEcsLatest{.id = "ECS101", .name = "ecs_latest", .severity = rules::Severity::warning};

std::uint32_t line_of(const SourceFile& source, std::size_t offset) {
  return source.position_at(static_cast<std::uint32_t>(offset)).line;
}

// Synthetic findings: `ubuntu:latest` (DL3007, with a fix), `USER root` (DL3002), `NOTE` (a note),
// `USER nobody` (a suppressed finding), `PARSE-ERROR` (a file error); in task definitions `"x:latest"`.
lint::FileReport fake_lint(std::shared_ptr<const SourceFile> source, lint::FileType type) {
  lint::FileReport report;
  report.path = source->path();
  report.type = type;
  report.source = source;
  const std::string_view text = source->text();
  const auto add = [&](const rules::RuleInfo& rule, std::size_t begin, std::size_t end, std::string message) {
    rules::Finding finding;
    finding.rule = &rule;
    finding.severity = rule.severity;
    finding.range = source->range(static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end));
    finding.message = std::move(message);
    // DL3999 findings come without an anchor line, so the server has to find their instruction itself.
    if (type == lint::FileType::dockerfile && &rule != &kNoteRule) finding.anchor_line = line_of(*source, begin);
    report.findings.push_back(std::move(finding));
    return &report.findings.back();
  };
  if (type == lint::FileType::dockerfile) {
    for (std::size_t at = text.find("ubuntu:latest"); at != std::string_view::npos;
         at = text.find("ubuntu:latest", at + 1)) {
      rules::Finding* finding = add(kLatestTag, at + 7, at + 13, "pin the image version instead of `latest`");
      finding->fix = rules::Fix{"use `24.04`", {rules::Edit{finding->range, "24.04"}}};
    }
    if (const std::size_t at = text.find("USER root"); at != std::string_view::npos) {
      add(kRootUser, at + 5, at + 9, "the last USER is root");
    }
    if (const std::size_t at = text.find("NOTE"); at != std::string_view::npos) add(kNoteRule, at, at + 4, "a note");
    if (const std::size_t at = text.find("USER nobody"); at != std::string_view::npos) {
      add(kRootUser, at, at + 4, "suppressed")->suppressed = true;
    }
    if (const std::size_t at = text.find("PARSE-ERROR"); at != std::string_view::npos) {
      report.errors.push_back(
          Diagnostic{source->range(static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + 5)),
                     "unknown instruction", "did you mean PARSE?"});
    }
  } else if (const std::size_t at = text.find("\"x:latest\""); at != std::string_view::npos) {
    rules::Finding* finding = add(kEcsLatest, at + 3, at + 9, "pin the image");
    finding->pointer = "/containerDefinitions/0/image";
    finding->fix = rules::Fix{"use `1.0`", {rules::Edit{finding->range, "1.0"}}};
  }
  std::sort(report.findings.begin(), report.findings.end(),
            [](const rules::Finding& a, const rules::Finding& b) { return a.range.begin < b.range.begin; });
  lint::assign_fingerprints(report);
  return report;
}

struct LintCall {
  std::string path;
  lint::FileType type;
  std::string config_path;
};

// A server with the stand-in linter, and helpers to talk to it.
class Harness {
 public:
  std::vector<std::string> logs;
  std::vector<LintCall> lint_calls;
  Server server;

  Harness()
      : server([this](std::string_view message) { logs.emplace_back(message); },
               [this](std::shared_ptr<const SourceFile> source, lint::FileType type, const lint::EffectiveConfig&,
                      const lint::ConfigFile& config, const lint::EngineOptions&) {
                 lint_calls.push_back({source->path(), type, config.path.string()});
                 return fake_lint(std::move(source), type);
               }) {}

  std::vector<Json> raw(std::string_view body) {
    std::vector<Json> out;
    server.handle(body, out);
    return out;
  }
  std::vector<Json> send(const Json& message) { return raw(message.dump()); }
  std::vector<Json> request(const Json& id, std::string_view method, Json params = Json::object()) {
    return send(Json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
  }
  std::vector<Json> notify(std::string_view method, Json params = Json::object()) {
    return send(Json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
  }
  std::vector<Json> flush() {
    std::vector<Json> out;
    server.flush(out);
    return out;
  }
  Json initialize(Json params = Json{{"capabilities", Json::object()}}) {
    const auto out = request(1, "initialize", std::move(params));
    REQUIRE(out.size() == 1);
    notify("initialized");
    return out[0];
  }
  void open(const std::string& uri, const std::string& text, const std::string& language = "dockerfile",
            int version = 1) {
    CHECK(notify("textDocument/didOpen",
                 Json{{"textDocument",
                       Json{{"uri", uri}, {"languageId", language}, {"version", version}, {"text", text}}}})
              .empty());
  }
  // The diagnostics published for `uri` by the next flush.
  Json diagnostics_after_flush(const std::string& uri) {
    const auto out = flush();
    for (const Json& message : out) {
      if (message["method"] == "textDocument/publishDiagnostics" && message["params"]["uri"] == uri) {
        return message["params"];
      }
    }
    FAIL("no diagnostics published for " << uri);
    return {};
  }
};

Json error_of(const std::vector<Json>& out) {
  REQUIRE(out.size() == 1);
  REQUIRE(out[0].contains("error"));
  return out[0];
}

Json range(int l1, int c1, int l2, int c2) {
  return Json{{"start", Json{{"line", l1}, {"character", c1}}}, {"end", Json{{"line", l2}, {"character", c2}}}};
}

const std::string kUri = "file:///nonexistent-shipshape-test/app/Dockerfile";
// A non-ASCII line (é: 1 UTF-16 unit / 2 bytes, 😀: 2 units / 4 bytes) before the findings, and one on their line.
const std::string kDockerfile =
    "# caf\xC3\xA9 \xF0\x9F\x98\x80\n"
    "FROM ubuntu:latest\n"
    "LABEL x=\"\xF0\x9F\x98\x80\" \\\n"
    "  y=1\n"
    "  USER root\n";

}  // namespace

TEST_CASE("lsp server: initialize answers capabilities and server info") {
  Harness h;
  const Json response = h.initialize();
  const Json expected{
      {"jsonrpc", "2.0"},
      {"id", 1},
      {"result",
       Json{
           {"capabilities",
            Json{{"positionEncoding", "utf-16"},
                 {"textDocumentSync", Json{{"openClose", true}, {"change", 2}, {"save", Json{{"includeText", false}}}}},
                 {"codeActionProvider", Json{{"codeActionKinds", Json::array({"quickfix"})}}},
                 {"workspace", Json{{"workspaceFolders", Json{{"supported", true}, {"changeNotifications", true}}}}}}},
           {"serverInfo", Json{{"name", "shipshape"}, {"version", kVersion}}}}}};
  CHECK(response == expected);
  CHECK(h.logs.empty());
}

TEST_CASE("lsp server: the position encoding is the client's first supported preference") {
  const auto negotiated = [](Json encodings) {
    Harness h;
    const Json response =
        h.initialize(Json{{"capabilities", Json{{"general", Json{{"positionEncodings", std::move(encodings)}}}}}});
    CHECK(response["result"]["capabilities"]["positionEncoding"] == to_string(h.server.position_encoding()));
    return std::string(to_string(h.server.position_encoding()));
  };
  CHECK(negotiated(Json::array({"utf-8", "utf-16"})) == "utf-8");
  CHECK(negotiated(Json::array({"latin-1", "utf-32", "utf-8"})) == "utf-32");
  CHECK(negotiated(Json::array({"utf-16", "utf-8"})) == "utf-16");
  CHECK(negotiated(Json::array({"latin-1"})) == "utf-16");
  CHECK(negotiated(Json::array()) == "utf-16");
  CHECK(negotiated("utf-8") == "utf-16");  // not a list: ignored
}

TEST_CASE("lsp server: requests before initialize get ServerNotInitialized, notifications are dropped") {
  Harness h;
  const Json error = error_of(h.request(7, "shutdown"));
  CHECK(error == Json{{"jsonrpc", "2.0"},
                      {"id", 7},
                      {"error", Json{{"code", -32002}, {"message", "Server not initialized: send initialize first"}}}});
  CHECK(error_of(h.request("abc", "textDocument/codeAction"))["error"]["code"] == -32002);
  CHECK(error_of(h.request(8, "no/such/method"))["error"]["code"] == -32002);
  h.open(kUri, kDockerfile);
  CHECK(h.flush().empty());
  CHECK(h.lint_calls.empty());
  CHECK_FALSE(h.server.exit_code());
}

TEST_CASE("lsp server: malformed messages get JSON-RPC errors") {
  Harness h;
  h.initialize();
  const auto code_and_id = [](const std::vector<Json>& out) {
    const Json error = error_of(out);
    return std::pair<int, Json>(error["error"]["code"].get<int>(), error["id"]);
  };
  CHECK(code_and_id(h.raw("{\"jsonrpc\":\"2.0\",")) == std::pair<int, Json>(-32700, nullptr));
  CHECK(code_and_id(h.raw("")) == std::pair<int, Json>(-32700, nullptr));
  CHECK(code_and_id(h.raw("\"\xFF\"")) == std::pair<int, Json>(-32700, nullptr));  // not UTF-8
  CHECK(code_and_id(h.raw("[1,2]")) == std::pair<int, Json>(-32600, nullptr));
  CHECK(code_and_id(h.raw("42")) == std::pair<int, Json>(-32600, nullptr));
  CHECK(code_and_id(h.raw(R"({"jsonrpc":"2.0","id":true,"method":"shutdown"})")) ==
        std::pair<int, Json>(-32600, nullptr));
  CHECK(code_and_id(h.raw(R"({"jsonrpc":"2.0","id":3})")) == std::pair<int, Json>(-32600, 3));
  CHECK(code_and_id(h.raw(R"({"jsonrpc":"1.0","id":4,"method":"shutdown"})")) == std::pair<int, Json>(-32600, 4));
  CHECK(code_and_id(h.raw(R"({"id":5,"method":"shutdown"})")) == std::pair<int, Json>(-32600, 5));
  CHECK(code_and_id(h.raw(R"({"jsonrpc":"2.0","id":6,"method":7})")) == std::pair<int, Json>(-32600, 6));
  CHECK(code_and_id(h.raw(R"({"jsonrpc":"2.0","id":"s","method":"shutdown","params":3})")) ==
        std::pair<int, Json>(-32602, "s"));
  CHECK(code_and_id(h.request(9, "textDocument/hover")) == std::pair<int, Json>(-32601, 9));
  CHECK(error_of(h.request(9, "textDocument/hover"))["error"]["message"] == "Method not found: textDocument/hover");
  CHECK(code_and_id(h.request(10, "$/anything")) == std::pair<int, Json>(-32601, 10));
  CHECK(code_and_id(h.request(11, "initialize", Json{{"capabilities", Json::object()}})) ==
        std::pair<int, Json>(-32600, 11));
  CHECK(code_and_id(h.request(nullptr, "no/such")) == std::pair<int, Json>(-32601, nullptr));
  // Bad params of a request.
  CHECK(code_and_id(h.request(12, "textDocument/codeAction", Json{{"textDocument", 5}})) ==
        std::pair<int, Json>(-32602, 12));
  CHECK(code_and_id(h.request(13, "textDocument/codeAction",
                              Json{{"textDocument", Json{{"uri", kUri}}},
                                   {"range", range(0, 0, 0, -1)},
                                   {"context", Json{{"diagnostics", Json::array()}}}})) ==
        std::pair<int, Json>(-32602, 13));
  // Unknown notifications, $/ notifications and responses to our own requests need no answer.
  CHECK(h.notify("no/such/notification").empty());
  CHECK(h.notify("$/cancelRequest", Json{{"id", 1}}).empty());
  CHECK(h.notify("$/setTrace", Json{{"value", "off"}}).empty());
  CHECK(h.raw(R"({"jsonrpc":"2.0","id":"shipshape-1","result":null})").empty());
  CHECK(h.raw(R"({"jsonrpc":"2.0","method":"initialized","params":"x"})").empty());
  CHECK(h.raw(R"({"jsonrpc":"1.0","method":"initialized"})").empty());
  CHECK_FALSE(h.server.exit_code());
  CHECK(h.logs == std::vector<std::string>{"ignored initialized: params must be an object",
                                           "ignored a notification: jsonrpc must be \"2.0\""});
}

TEST_CASE("lsp server: malformed notifications are logged and change nothing") {
  Harness h;
  h.initialize();
  CHECK(h.notify("textDocument/didOpen", Json{{"textDocument", 5}}).empty());
  CHECK(h.notify("textDocument/didOpen", Json{{"textDocument", Json{{"uri", kUri}, {"text", "x"}}}}).empty());
  h.open(kUri, "FROM ubuntu:latest\n");
  CHECK(
      h.notify("textDocument/didChange", Json{{"textDocument", Json{{"uri", kUri}}}, {"contentChanges", "x"}}).empty());
  CHECK(h.notify("textDocument/didChange",
                 Json{{"textDocument", Json{{"uri", kUri}, {"version", 2}}},
                      {"contentChanges",
                       Json::array({Json{{"text", "FROM alpine\n"}}, Json{{"range", "0:0"}, {"text", "x"}}})}})
            .empty());
  CHECK(h.notify("textDocument/didChange", Json{{"textDocument", Json{{"uri", "file:///other"}, {"version", 2}}},
                                                {"contentChanges", Json::array({Json{{"text", ""}}})}})
            .empty());
  CHECK(h.notify("textDocument/didClose", Json{{"textDocument", Json::array()}}).empty());
  CHECK(h.notify("workspace/didChangeWatchedFiles", Json{{"changes", 1}}).empty());
  const Json published = h.diagnostics_after_flush(kUri);
  CHECK(published["version"] == 1);  // the malformed change was not applied
  CHECK(published["diagnostics"].size() == 1);
  CHECK(h.logs ==
        std::vector<std::string>{"ignored textDocument/didOpen: expected textDocument with uri, version and text",
                                 "ignored textDocument/didOpen: expected textDocument with uri, version and text",
                                 "ignored textDocument/didChange: expected textDocument.uri and contentChanges",
                                 "ignored textDocument/didChange for " + kUri + ": malformed content change",
                                 "ignored textDocument/didChange for file:///other: the document is not open",
                                 "ignored textDocument/didClose: expected textDocument.uri",
                                 "ignored workspace/didChangeWatchedFiles: no changes"});
}

TEST_CASE("lsp server: shutdown, then exit with 0; later requests are invalid") {
  Harness h;
  h.initialize();
  const auto out = h.request(2, "shutdown", nullptr);
  REQUIRE(out.size() == 1);
  CHECK(out[0] == Json{{"jsonrpc", "2.0"}, {"id", 2}, {"result", nullptr}});
  CHECK(h.server.shutdown_received());
  const Json error = error_of(h.request(3, "textDocument/codeAction"));
  CHECK(error["error"] == Json{{"code", -32600}, {"message", "Invalid Request: the server is shutting down"}});
  CHECK(error_of(h.request(4, "shutdown"))["error"]["code"] == -32600);
  h.open(kUri, kDockerfile);  // dropped
  CHECK(h.flush().empty());
  CHECK(h.notify("exit", nullptr).empty());
  CHECK(h.server.exit_code() == 0);
}

TEST_CASE("lsp server: exit without shutdown ends with 1, even before initialize") {
  Harness initialized;
  initialized.initialize();
  initialized.notify("exit");
  CHECK(initialized.server.exit_code() == 1);
  Harness fresh;
  fresh.notify("exit");
  CHECK(fresh.server.exit_code() == 1);
}

TEST_CASE("lsp server: diagnostics carry exact UTF-16 ranges, severities, codes, links and fix data") {
  Harness h;
  h.initialize();
  h.open(kUri, kDockerfile + "NOTE\nUSER nobody\n", "dockerfile", 3);
  CHECK(h.lint_calls.empty());  // linting waits for the flush
  const auto out = h.flush();
  REQUIRE(out.size() == 1);
  CHECK(out[0]["method"] == "textDocument/publishDiagnostics");
  const Json& params = out[0]["params"];
  CHECK(params["uri"] == kUri);
  CHECK(params["version"] == 3);
  const Json& list = params["diagnostics"];
  REQUIRE(list.size() == 3);  // the suppressed finding is not shown
  const Json latest = list[0];
  CHECK(latest["range"] == range(1, 12, 1, 18));
  CHECK(latest["severity"] == 2);
  CHECK(latest["code"] == "DL3007");
  CHECK(latest["source"] == "shipshape");
  CHECK(latest["message"] == "pin the image version instead of `latest`");
  CHECK(latest["codeDescription"] == Json{{"href", rules::help_uri(kLatestTag)}});
  CHECK(latest["data"]["fingerprint"].get<std::string>().size() == 16);
  CHECK(latest["data"]["fix"] ==
        Json{{"description", "use `24.04`"},
             {"edits", Json::array({Json{{"range", range(1, 12, 1, 18)}, {"newText", "24.04"}}})}});
  CHECK(list[1]["range"] == range(4, 7, 4, 11));
  CHECK(list[1]["severity"] == 1);
  CHECK(list[1]["code"] == "DL3002");
  CHECK_FALSE(list[1]["data"].contains("fix"));
  CHECK(list[2]["severity"] == 3);
  CHECK(list[2]["range"] == range(5, 0, 5, 4));
  REQUIRE(h.lint_calls.size() == 1);
  CHECK(h.lint_calls[0].path == "/nonexistent-shipshape-test/app/Dockerfile");
  CHECK(h.lint_calls[0].type == lint::FileType::dockerfile);
  CHECK(h.flush().empty());  // nothing changed since
}

TEST_CASE("lsp server: columns follow the negotiated encoding") {
  const std::string text = "LABEL a=\"\xF0\x9F\x98\x80\xC3\xA9\" b=ubuntu:latest\n";
  const auto latest_range = [&](const char* encoding) {
    Harness h;
    h.initialize(Json{{"capabilities", Json{{"general", Json{{"positionEncodings", Json::array({encoding})}}}}}});
    h.open(kUri, text);
    return h.diagnostics_after_flush(kUri)["diagnostics"][0]["range"];
  };
  CHECK(latest_range("utf-16") == range(0, 23, 0, 29));
  CHECK(latest_range("utf-8") == range(0, 26, 0, 32));
  CHECK(latest_range("utf-32") == range(0, 22, 0, 28));
}

TEST_CASE("lsp server: a BOM in the editor's text shifts first-line columns") {
  Harness h;
  h.initialize();
  h.open(kUri,
         "\xEF\xBB\xBF"
         "FROM ubuntu:latest\n");
  CHECK(h.diagnostics_after_flush(kUri)["diagnostics"][0]["range"] == range(0, 13, 0, 19));
}

TEST_CASE("lsp server: an open configuration file is left to the configuration's diagnostics") {
  Harness h;
  h.initialize();
  h.open("file:///w/.shipshape.yaml", "rules: {}\n", "yaml");
  h.open("file:///w/other.yaml", "a: 1\n", "yaml");
  const auto out = h.flush();
  REQUIRE(out.size() == 1);
  CHECK(out[0]["params"] == Json{{"uri", "file:///w/other.yaml"}, {"version", 1}, {"diagnostics", Json::array()}});
}

TEST_CASE("lsp server: parse errors are error diagnostics without a code") {
  Harness h;
  h.initialize();
  h.open(kUri, "FROM a\nPARSE-ERROR x\n");
  const Json list = h.diagnostics_after_flush(kUri)["diagnostics"];
  REQUIRE(list.size() == 1);
  CHECK(list[0] == Json{{"range", range(1, 0, 1, 5)},
                        {"severity", 1},
                        {"source", "shipshape"},
                        {"message", "unknown instruction\ndid you mean PARSE?"}});
}

TEST_CASE("lsp server: incremental changes are applied in UTF-16 and only the latest version is linted") {
  Harness h;
  h.initialize();
  h.open(kUri, kDockerfile);
  CHECK(h.diagnostics_after_flush(kUri)["diagnostics"].size() == 2);
  // Replace `latest` (line 1) with `22.04`, then insert a line after the emoji line, in one notification.
  CHECK(h.notify("textDocument/didChange",
                 Json{{"textDocument", Json{{"uri", kUri}, {"version", 2}}},
                      {"contentChanges", Json::array({Json{{"range", range(1, 12, 1, 18)}, {"text", "22.04"}},
                                                      Json{{"range", range(2, 11, 2, 11)}, {"text", "\xC3\xA9"}}})}})
            .empty());
  // A second change before the flush: only its version is linted and published.
  h.notify("textDocument/didChange",
           Json{{"textDocument", Json{{"uri", kUri}, {"version", 3}}},
                {"contentChanges", Json::array({Json{{"range", range(0, 0, 0, 0)}, {"text", "NOTE\n"}}})}});
  const std::size_t calls_before = h.lint_calls.size();
  const Json published = h.diagnostics_after_flush(kUri);
  CHECK(h.lint_calls.size() == calls_before + 1);
  CHECK(published["version"] == 3);
  const Json& list = published["diagnostics"];
  REQUIRE(list.size() == 2);
  CHECK(list[0]["code"] == "DL3999");
  CHECK(list[1]["code"] == "DL3002");
  CHECK(list[1]["range"] == range(5, 7, 5, 11));
  // The text is what the edits say: ask for the ignore action and look at where it would go.
  const auto actions = h.request(5, "textDocument/codeAction",
                                 Json{{"textDocument", Json{{"uri", kUri}}},
                                      {"range", range(5, 7, 5, 11)},
                                      {"context", Json{{"diagnostics", Json::array({list[1]})}}}});
  REQUIRE(actions.size() == 1);
  CHECK(actions[0]["result"][0]["edit"]["changes"][kUri][0] ==
        Json{{"range", range(5, 0, 5, 0)}, {"newText", "  # shipshape ignore=DL3002\n"}});
}

TEST_CASE("lsp server: a full-text change replaces the document") {
  Harness h;
  h.initialize();
  h.open(kUri, kDockerfile);
  h.flush();
  h.notify("textDocument/didChange", Json{{"textDocument", Json{{"uri", kUri}, {"version", 9}}},
                                          {"contentChanges", Json::array({Json{{"text", "FROM alpine\n"}}})}});
  const Json published = h.diagnostics_after_flush(kUri);
  CHECK(published["version"] == 9);
  CHECK(published["diagnostics"] == Json::array());
}

TEST_CASE("lsp server: code actions fix, ignore for the instruction and ignore in the file") {
  Harness h;
  h.initialize();
  const std::string text = "# syntax=docker/dockerfile:1\n\xC3\xA9\n  FROM ubuntu:latest AS base\n";
  h.open(kUri, text, "dockerfile", 4);
  const Json list = h.diagnostics_after_flush(kUri)["diagnostics"];
  REQUIRE(list.size() == 1);
  const auto out = h.request(6, "textDocument/codeAction",
                             Json{{"textDocument", Json{{"uri", kUri}}},
                                  {"range", range(2, 14, 2, 14)},
                                  {"context", Json{{"diagnostics", list}, {"triggerKind", 1}}}});
  REQUIRE(out.size() == 1);
  const auto changes = [&](Json edit) { return Json{{"changes", Json{{kUri, Json::array({std::move(edit)})}}}}; };
  const Json expected = Json::array(
      {Json{{"title", "Fix DL3007: use `24.04`"},
            {"kind", "quickfix"},
            {"diagnostics", list},
            {"isPreferred", true},
            {"edit", changes(Json{{"range", range(2, 14, 2, 20)}, {"newText", "24.04"}})}},
       Json{{"title", "Ignore DL3007 for this instruction"},
            {"kind", "quickfix"},
            {"diagnostics", list},
            {"edit", changes(Json{{"range", range(2, 0, 2, 0)}, {"newText", "  # shipshape ignore=DL3007\n"}})}},
       Json{{"title", "Ignore DL3007 in this file"},
            {"kind", "quickfix"},
            {"diagnostics", list},
            {"edit", changes(Json{{"range", range(1, 0, 1, 0)}, {"newText", "# shipshape ignore-file=DL3007\n"}})}}});
  CHECK(out[0] == Json{{"jsonrpc", "2.0"}, {"id", 6}, {"result", expected}});
}

TEST_CASE("lsp server: a finding without an anchor line is ignored above the start of its instruction") {
  Harness h;
  h.initialize();
  h.open(kUri, "FROM alpine\n  RUN echo a \\\n    && NOTE\n");
  const Json list = h.diagnostics_after_flush(kUri)["diagnostics"];
  REQUIRE(list.size() == 1);
  CHECK(list[0]["range"] == range(2, 7, 2, 11));
  const auto out = h.request(1, "textDocument/codeAction",
                             Json{{"textDocument", Json{{"uri", kUri}}},
                                  {"range", range(2, 7, 2, 7)},
                                  {"context", Json{{"diagnostics", list}}}});
  const Json& actions = out.at(0)["result"];
  REQUIRE(actions.size() == 2);
  CHECK(actions[0]["title"] == "Ignore DL3999 for this instruction");
  CHECK(actions[0]["edit"]["changes"][kUri][0] ==
        Json{{"range", range(1, 0, 1, 0)}, {"newText", "  # shipshape ignore=DL3999\n"}});
}

TEST_CASE("lsp server: code actions use versioned documentChanges when the client supports them") {
  Harness h;
  h.initialize(Json{{"capabilities", Json{{"workspace", Json{{"workspaceEdit", Json{{"documentChanges", true}}}}}}}});
  h.open(kUri, "USER root\n", "dockerfile", 12);
  const Json list = h.diagnostics_after_flush(kUri)["diagnostics"];
  const auto out = h.request(1, "textDocument/codeAction",
                             Json{{"textDocument", Json{{"uri", kUri}}},
                                  {"range", range(0, 0, 0, 0)},
                                  {"context", Json{{"diagnostics", list}}}});
  const Json& actions = out.at(0)["result"];
  REQUIRE(actions.size() == 2);
  CHECK(actions[0]["title"] == "Ignore DL3002 for this instruction");
  CHECK(actions[0]["edit"] ==
        Json{{"documentChanges",
              Json::array({Json{{"textDocument", Json{{"uri", kUri}, {"version", 12}}},
                                {"edits", Json::array({Json{{"range", range(0, 0, 0, 0)},
                                                            {"newText", "# shipshape ignore=DL3002\n"}}})}}})}});
  CHECK(actions[1]["title"] == "Ignore DL3002 in this file");
}

TEST_CASE("lsp server: code actions match diagnostics by code and range when data is missing") {
  Harness h;
  h.initialize();
  h.open(kUri, "FROM ubuntu:latest\nFROM ubuntu:latest\n");
  const Json list = h.diagnostics_after_flush(kUri)["diagnostics"];
  REQUIRE(list.size() == 2);
  const auto ask = [&](Json diagnostic) {
    const auto out = h.request(2, "textDocument/codeAction",
                               Json{{"textDocument", Json{{"uri", kUri}}},
                                    {"range", range(0, 0, 1, 0)},
                                    {"context", Json{{"diagnostics", Json::array({std::move(diagnostic)})}}}});
    return out.at(0)["result"];
  };
  Json second = list[1];
  second.erase("data");
  const Json actions = ask(second);
  REQUIRE(actions.size() == 3);
  CHECK(actions[0]["edit"]["changes"][kUri][0]["range"] == range(1, 12, 1, 18));
  CHECK(actions[0]["diagnostics"] == Json::array({list[1]}));  // the published diagnostic, data included
  // A wrong range, another source or an unknown code match nothing.
  Json moved = second;
  moved["range"] = range(1, 11, 1, 18);
  CHECK(ask(moved) == Json::array());
  Json foreign = list[1];
  foreign["source"] = "hadolint";
  CHECK(ask(foreign) == Json::array());
  Json unknown = second;
  unknown["code"] = "DL9999";
  CHECK(ask(unknown) == Json::array());
  CHECK(ask("not a diagnostic") == Json::array());
  // Both diagnostics at once: one fix each, and the shared file-wide ignore once, naming both.
  const auto out = h.request(3, "textDocument/codeAction",
                             Json{{"textDocument", Json{{"uri", kUri}}},
                                  {"range", range(0, 0, 1, 0)},
                                  {"context", Json{{"diagnostics", list}}}});
  const Json& both = out.at(0)["result"];
  std::vector<std::string> titles;
  for (const Json& action : both) titles.push_back(action["title"]);
  // Actions with the same title but different edits stay apart; identical ones are merged.
  CHECK(titles == std::vector<std::string>{"Fix DL3007: use `24.04`", "Ignore DL3007 for this instruction",
                                           "Ignore DL3007 in this file", "Fix DL3007: use `24.04`",
                                           "Ignore DL3007 for this instruction"});
  CHECK(both[0]["diagnostics"] == Json::array({list[0]}));
  CHECK(both[2]["diagnostics"] == list);
  CHECK(both[1]["edit"]["changes"][kUri][0]["range"] == range(0, 0, 0, 0));
  CHECK(both[4]["edit"]["changes"][kUri][0]["range"] == range(1, 0, 1, 0));
}

TEST_CASE("lsp server: code actions honour context.only and unknown documents") {
  Harness h;
  h.initialize();
  h.open(kUri, "USER root\n");
  const Json list = h.diagnostics_after_flush(kUri)["diagnostics"];
  const auto count = [&](const std::string& uri, Json only) {
    Json context{{"diagnostics", list}};
    if (!only.is_null()) context["only"] = std::move(only);
    const auto out = h.request(
        1, "textDocument/codeAction",
        Json{{"textDocument", Json{{"uri", uri}}}, {"range", range(0, 0, 0, 0)}, {"context", std::move(context)}});
    return out.at(0)["result"].size();
  };
  CHECK(count(kUri, nullptr) == 2);
  CHECK(count(kUri, Json::array({"quickfix"})) == 2);
  CHECK(count(kUri, Json::array({"refactor", "source"})) == 0);
  CHECK(count(kUri, Json::array({"quickfix.shipshape"})) == 0);
  CHECK(count("file:///not/open/Dockerfile", nullptr) == 0);
}

TEST_CASE("lsp server: a code action request lints a changed document first") {
  Harness h;
  h.initialize();
  h.open(kUri, "FROM alpine\n");
  h.flush();
  h.notify("textDocument/didChange", Json{{"textDocument", Json{{"uri", kUri}, {"version", 2}}},
                                          {"contentChanges", Json::array({Json{{"text", "USER root\n"}}})}});
  const Json diagnostic{{"range", range(0, 5, 0, 9)}, {"code", "DL3002"}, {"source", "shipshape"}, {"message", "m"}};
  const auto out = h.request(4, "textDocument/codeAction",
                             Json{{"textDocument", Json{{"uri", kUri}}},
                                  {"range", range(0, 5, 0, 9)},
                                  {"context", Json{{"diagnostics", Json::array({diagnostic})}}}});
  REQUIRE(out.size() == 2);
  CHECK(out[0]["method"] == "textDocument/publishDiagnostics");
  CHECK(out[0]["params"]["version"] == 2);
  CHECK(out[1]["id"] == 4);
  CHECK(out[1]["result"].size() == 2);
  CHECK(h.flush().empty());
}

TEST_CASE("lsp server: didClose clears the document's diagnostics") {
  Harness h;
  h.initialize();
  h.open(kUri, kDockerfile);
  h.flush();
  const auto out = h.notify("textDocument/didClose", Json{{"textDocument", Json{{"uri", kUri}}}});
  REQUIRE(out.size() == 1);
  CHECK(out[0] == Json{{"jsonrpc", "2.0"},
                       {"method", "textDocument/publishDiagnostics"},
                       {"params", Json{{"uri", kUri}, {"diagnostics", Json::array()}}}});
  CHECK(h.flush().empty());
  CHECK(h.notify("textDocument/didClose", Json{{"textDocument", Json{{"uri", kUri}}}}).empty());
}

TEST_CASE("lsp server: didSave re-lints the document") {
  Harness h;
  h.initialize();
  h.open(kUri, kDockerfile);
  h.flush();
  h.notify("textDocument/didSave", Json{{"textDocument", Json{{"uri", kUri}}}});
  CHECK(h.diagnostics_after_flush(kUri)["diagnostics"].size() == 2);
  CHECK(h.lint_calls.size() == 2);
}

TEST_CASE("lsp server: document types come from the file name, the language and the content") {
  Harness h;
  h.initialize();
  const std::string task = R"({"family": "web", "containerDefinitions": [{"name": "a", "image": "x:latest"}]})";
  h.open("file:///w/deploy/task.json", task, "json");
  h.open("file:///w/package.json", R"({"name": "x", "image": "x:latest"})", "json");
  h.open("file:///w/build/app.Dockerfile", "USER root\n", "plaintext");
  h.open("file:///w/ci/image.txt", "USER root\n", "dockerfile");
  h.open("file:///w/notes.txt", "USER root\n", "plaintext");
  h.open("untitled:Untitled-1", task, "jsonc");
  h.open("untitled:Untitled-2", "USER root\n", "dockerfile");
  std::map<std::string, std::size_t> counts;
  for (const Json& message : h.flush()) {
    const std::string uri = message["params"]["uri"];
    if (!uri.starts_with("file:///w/") && !uri.starts_with("untitled:")) continue;  // e.g. a config file's errors
    counts[message["params"]["uri"].get<std::string>()] = message["params"]["diagnostics"].size();
  }
  CHECK(counts == std::map<std::string, std::size_t>{{"file:///w/build/app.Dockerfile", 1},
                                                     {"file:///w/ci/image.txt", 1},
                                                     {"file:///w/deploy/task.json", 1},
                                                     {"file:///w/notes.txt", 0},
                                                     {"file:///w/package.json", 0},
                                                     {"untitled:Untitled-1", 1},
                                                     {"untitled:Untitled-2", 1}});
  std::vector<std::pair<std::string, lint::FileType>> calls;
  for (const LintCall& call : h.lint_calls) calls.emplace_back(call.path, call.type);
  CHECK(calls ==
        std::vector<std::pair<std::string, lint::FileType>>{{"/w/build/app.Dockerfile", lint::FileType::dockerfile},
                                                            {"/w/ci/image.txt", lint::FileType::dockerfile},
                                                            {"/w/deploy/task.json", lint::FileType::ecs},
                                                            {"Untitled-1", lint::FileType::ecs},
                                                            {"Untitled-2", lint::FileType::dockerfile}});
}

TEST_CASE("lsp server: task definitions get only the fix action") {
  Harness h;
  h.initialize();
  const std::string uri = "file:///w/task.json";
  h.open(uri, "{\"containerDefinitions\": [{\"image\": \"x:latest\"}]}", "json");
  const Json list = h.diagnostics_after_flush(uri)["diagnostics"];
  REQUIRE(list.size() == 1);
  CHECK(list[0]["range"] == range(0, 39, 0, 45));
  const auto out = h.request(
      1, "textDocument/codeAction",
      Json{
          {"textDocument", Json{{"uri", uri}}}, {"range", list[0]["range"]}, {"context", Json{{"diagnostics", list}}}});
  const Json& actions = out.at(0)["result"];
  REQUIRE(actions.size() == 1);
  CHECK(actions[0]["title"] == "Fix ECS101: use `1.0`");
  CHECK(actions[0]["edit"]["changes"][uri] == Json::array({Json{{"range", range(0, 39, 0, 45)}, {"newText", "1.0"}}}));
}

TEST_CASE("lsp server: the nearest config file is found per document and reloaded when it changes") {
  testing::TempDir dir;
  dir.write(".git/HEAD", "ref: refs/heads/main\n");  // the search stops at the repository root
  const std::string uri = path_to_file_uri((dir / "svc/Dockerfile").string());
  Harness h;
  h.initialize(Json{{"capabilities", Json::object()}, {"rootUri", path_to_file_uri(dir.path().string())}});
  h.open(uri, "USER root\n");
  h.flush();
  REQUIRE(h.lint_calls.size() == 1);
  CHECK(h.lint_calls[0].config_path.empty());

  // A new config file that does not parse: found after the watcher reports it, and its errors published.
  const auto config = dir.write("svc/.shipshape.yaml", "rules: [\n");
  const std::string config_uri = path_to_file_uri(config.string());
  CHECK(h.notify("workspace/didChangeWatchedFiles",
                 Json{{"changes", Json::array({Json{{"uri", config_uri}, {"type", 1}}})}})
            .empty());
  auto out = h.flush();
  REQUIRE(out.size() == 2);
  CHECK(out[0]["params"]["uri"] == uri);
  CHECK(out[1]["params"]["uri"] == config_uri);
  REQUIRE_FALSE(out[1]["params"]["diagnostics"].empty());
  CHECK(out[1]["params"]["diagnostics"][0]["severity"] == 1);
  CHECK(h.lint_calls.back().config_path == config.string());

  // Edits of the document do not republish unchanged config errors.
  h.notify("textDocument/didSave", Json{{"textDocument", Json{{"uri", uri}}}});
  CHECK(h.flush().size() == 1);

  // Other watched files change nothing; the config file's removal clears its diagnostics.
  h.notify("workspace/didChangeWatchedFiles",
           Json{{"changes", Json::array({Json{{"uri", path_to_file_uri((dir / "x.txt").string())}, {"type", 2}}})}});
  CHECK(h.flush().empty());
  std::filesystem::remove(config);
  h.notify("workspace/didChangeWatchedFiles", Json{{"changes", Json::array({Json{{"uri", config_uri}, {"type", 3}}})}});
  out = h.flush();
  REQUIRE(out.size() == 2);
  CHECK(out[1] == Json{{"jsonrpc", "2.0"},
                       {"method", "textDocument/publishDiagnostics"},
                       {"params", Json{{"uri", config_uri}, {"diagnostics", Json::array()}}}});
  CHECK(h.lint_calls.back().config_path.empty());
}

TEST_CASE("lsp server: settings choose the config file or none") {
  testing::TempDir dir;
  dir.write(".git/HEAD", "ref: refs/heads/main\n");
  dir.write(".shipshape.yaml", "{}\n");
  const std::string uri = path_to_file_uri((dir / "Dockerfile").string());
  Harness h;
  h.initialize(
      Json{{"capabilities", Json::object()},
           {"workspaceFolders", Json::array({Json{{"uri", path_to_file_uri(dir.path().string())}, {"name", "w"}}})},
           {"initializationOptions",
            Json{{"shipshape", Json{{"configFile", "ci/lint.yaml"}, {"select", Json::array({"XX9"})}}}}}});
  h.open(uri, "USER root\n");
  h.flush();
  CHECK(h.lint_calls.back().config_path == (dir / "ci/lint.yaml").string());
  CHECK(h.logs == std::vector<std::string>{"setting select: XX9 matches no rule id, id prefix or name"});

  // Settings for other tools leave ours alone but still reload.
  h.notify("workspace/didChangeConfiguration", Json{{"settings", Json{{"python", Json{{"x", 1}}}}}});
  h.flush();
  CHECK(h.lint_calls.back().config_path == (dir / "ci/lint.yaml").string());

  h.notify("workspace/didChangeConfiguration", Json{{"settings", Json{{"shipshape", Json{{"isolated", true}}}}}});
  h.flush();
  CHECK(h.lint_calls.back().config_path.empty());

  h.notify("workspace/didChangeConfiguration", Json{{"settings", Json{{"shipshape", Json{{"isolated", false}}}}}});
  h.flush();
  CHECK(h.lint_calls.back().config_path == (dir / ".shipshape.yaml").string());

  h.notify("workspace/didChangeConfiguration", Json{{"settings", Json{{"isolated", "yes"}, {"configFile", 3}}}});
  CHECK(h.logs.back() == "setting isolated: expected true or false");
}

TEST_CASE("lsp server: file watchers are registered when the client allows it") {
  Harness plain;
  plain.request(1, "initialize", Json{{"capabilities", Json::object()}});
  CHECK(plain.notify("initialized").empty());

  Harness dynamic;
  dynamic.request(1, "initialize",
                  Json{{"capabilities",
                        Json{{"workspace", Json{{"didChangeWatchedFiles", Json{{"dynamicRegistration", true}}}}}}}});
  const auto registered = dynamic.notify("initialized");
  REQUIRE(registered.size() == 1);
  CHECK(registered[0] ==
        Json{{"jsonrpc", "2.0"},
             {"id", "shipshape-1"},
             {"method", "client/registerCapability"},
             {"params",
              Json{{"registrations",
                    Json::array({Json{
                        {"id", "shipshape-config-files"},
                        {"method", "workspace/didChangeWatchedFiles"},
                        {"registerOptions",
                         Json{{"watchers", Json::array({Json{{"globPattern", "**/.shipshape.{yaml,yml}"}}})}}}}})}}}});
}

TEST_CASE("lsp server: workspace folder changes move the root used for unsaved buffers") {
  testing::TempDir first;
  testing::TempDir second;
  first.write(".git/HEAD", "x\n");
  second.write(".git/HEAD", "x\n");
  const auto config = second.write(".shipshape.yaml", "{}\n");
  Harness h;
  h.initialize(Json{{"capabilities", Json::object()}, {"rootUri", path_to_file_uri(first.path().string())}});
  h.open("untitled:Untitled-1", "USER root\n", "dockerfile");
  h.flush();
  CHECK(h.lint_calls.back().config_path.empty());
  h.notify("workspace/didChangeWorkspaceFolders",
           Json{{"event", Json{{"added", Json::array({Json{{"uri", path_to_file_uri(second.path().string())}}})},
                               {"removed", Json::array({Json{{"uri", path_to_file_uri(first.path().string())}}})}}}});
  h.flush();
  CHECK(h.lint_calls.back().config_path == config.string());
}

}  // namespace shipshape::lsp
