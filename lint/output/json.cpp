// The JSON format: a stable, documented document (docs/formats.md#json) for scripts and editor plugins.

#include <nlohmann/json.hpp>

#include "lint/output/json_text.h"
#include "lint/output/output.h"
#include "rules/registry.h"
#include "shipshape/version.h"

namespace shipshape::lint::output {

namespace {

using Json = nlohmann::ordered_json;

Json position_json(const SourceFile* source, const Position& p) {
  Json out;
  out["line"] = p.line;
  out["column"] = source ? source->column(p, ColumnUnit::characters) : p.column;
  out["utf16_column"] = source ? source->column(p, ColumnUnit::utf16) : p.column;
  out["offset"] = p.offset;
  return out;
}

Json range_json(const SourceFile* source, const Range& r) {
  return Json{{"start", position_json(source, r.begin)}, {"end", position_json(source, r.end)}};
}

Json finding_json(const FileReport& file, const rules::Finding& finding) {
  const SourceFile* source = file.source.get();
  Json out;
  out["path"] = file.path;
  out["rule"] = finding.rule->id;
  out["name"] = finding.rule->name;
  out["severity"] = rules::to_string(finding.severity);
  out["message"] = finding.message;
  out["range"] = range_json(source, finding.range);
  if (!finding.pointer.empty()) out["pointer"] = finding.pointer;
  if (finding.fix) {
    Json edits = Json::array();
    for (const rules::Edit& edit : finding.fix->edits) {
      edits.push_back(Json{{"range", range_json(source, edit.range)}, {"replacement", edit.replacement}});
    }
    out["fix"] = Json{{"description", finding.fix->description}, {"edits", std::move(edits)}};
  }
  out["fingerprint"] = finding.fingerprint;
  out["help_uri"] = rules::help_uri(*finding.rule);
  out["suppressed"] = finding.suppressed;
  if (finding.suppressed) out["suppression"] = finding.suppression;
  return out;
}

}  // namespace

// The document is written piece by piece, one finding at a time, exactly as one dump of the whole tree would
// print it: a tree of thousands of findings was most of a large run's peak memory.
std::string render_json(const LintReport& report, const RenderOptions&) {
  Json errors = Json::array();
  Json files = Json::array();
  for (const InputError& error : report.input_errors) {
    errors.push_back(Json{{"path", error.path}, {"message", error.message}});
  }
  for (const FileReport& file : report.files) {
    if (file.source) {
      files.push_back(Json{{"path", file.path}, {"type", file.type ? to_string(*file.type) : "unknown"}});
    }
    for (const Diagnostic& error : file.errors) {
      Json entry{{"path", file.path}, {"message", error.message}};
      if (file.source && error.range.begin.line > 0) entry["range"] = range_json(file.source.get(), error.range);
      if (!error.hint.empty()) entry["hint"] = error.hint;
      errors.push_back(std::move(entry));
    }
  }
  const Summary s = report.summary();
  Json head;
  head["version"] = 1;
  head["tool"] = Json{{"name", "shipshape"}, {"version", kVersion}};
  head["summary"] = Json{{"files", s.files},       {"errors", s.errors},       {"warnings", s.warnings},
                         {"notes", s.notes},       {"suppressed", s.suppressed}, {"fixable", s.fixable},
                         {"files_not_linted", s.file_errors}};
  head["files"] = std::move(files);
  std::string out = json_text(head);
  out.resize(out.size() - 2);  // the closing "\n}"
  out += ",\n  \"findings\": ";
  JsonArrayWriter findings(out, 1);
  for (const FileReport& file : report.files) {
    for (const rules::Finding& finding : file.findings) {
      if (!finding.suppressed || report.show_suppressed) findings.add(finding_json(file, finding));
    }
  }
  findings.close();
  out += ",\n  \"errors\": ";
  append_json(out, errors, 1);
  out += "\n}\n";
  return out;
}

}  // namespace shipshape::lint::output
