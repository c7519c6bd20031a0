// GitLab Code Quality (the Code Climate issue format): a JSON array of issues, which GitLab shows in merge
// requests when a job publishes it as `artifacts: reports: codequality`.
//
//   {"type": "issue", "check_name": "DL3007", "description": "...", "categories": ["Bug Risk"],
//    "severity": "major", "fingerprint": "...",
//    "location": {"path": "Dockerfile", "lines": {"begin": 3, "end": 3},
//                 "positions": {"begin": {"line": 3, "column": 13}, "end": {"line": 3, "column": 19}}}}
//
// GitLab compares issues between the base and the head of a merge request by fingerprint, and shows only one
// issue per fingerprint, so fingerprints are unique within a report and do not change when lines move: they are
// our content fingerprints (lint/fingerprint.h). Severities: error → critical, warning → major, note → info;
// `blocker` is kept for files that could not be linted at all. Columns count characters; the end column is
// exclusive. GitLab reads `lines`; Code Climate's own tools read `positions`.

#include <nlohmann/json.hpp>

#include <set>

#include "lint/fingerprint.h"
#include "lint/output/json_text.h"
#include "lint/output/output.h"
#include "rules/registry.h"

namespace shipshape::lint::output {

namespace {

using Json = nlohmann::ordered_json;

std::string_view codeclimate_severity(rules::Severity severity) {
  switch (severity) {
    case rules::Severity::error: return "critical";
    case rules::Severity::warning: return "major";
    case rules::Severity::note: return "info";
  }
  return "major";
}

// Code Climate's categories from the rule's tags; "Bug Risk" when no tag names one.
Json categories_of(const rules::RuleInfo& rule) {
  static const std::pair<std::string_view, std::string_view> kByTag[] = {
      {"security", "Security"},       {"performance", "Performance"}, {"style", "Style"},
      {"compatibility", "Compatibility"}, {"portability", "Compatibility"}, {"clarity", "Clarity"},
      {"maintainability", "Clarity"}, {"complexity", "Complexity"},   {"duplication", "Duplication"},
  };
  Json out = Json::array();
  std::set<std::string_view> added;
  const bool security = !rule.security_severity.empty();
  if (security && added.insert("Security").second) out.push_back("Security");
  for (const std::string_view tag : rule.tags) {
    for (const auto& [name, category] : kByTag) {
      if (tag == name && added.insert(category).second) out.push_back(category);
    }
  }
  if (out.empty()) out.push_back("Bug Risk");
  return out;
}

std::string shown_path(const FileReport& file) {
  if (file.fs_path.empty() && (file.path.empty() || file.path == "-")) return "stdin";
  return file.path;
}

Json location_json(const FileReport& file, const Range& range) {
  Json out{{"path", shown_path(file)}};
  if (!file.source) {
    out["lines"] = Json{{"begin", 1}, {"end", 1}};
    return out;
  }
  const SourceFile& source = *file.source;
  const Position begin = source.position_at(range.begin.offset);
  Position end = source.position_at(std::max(range.begin.offset, range.end.offset));
  std::uint32_t end_line = end.line;
  // A range that ends just after a line break ends on the line before.
  if (end.line > begin.line && end.offset == source.line_start(end.line)) --end_line;
  out["lines"] = Json{{"begin", begin.line}, {"end", end_line}};
  out["positions"] =
      Json{{"begin", Json{{"line", begin.line}, {"column", source.column(begin, ColumnUnit::characters)}}},
           {"end", Json{{"line", end.line}, {"column", source.column(end, ColumnUnit::characters)}}}};
  return out;
}

// Makes `fingerprint` unique within the report, deterministically.
std::string unique(std::string fingerprint, std::set<std::string>& used) {
  std::string candidate = fingerprint;
  for (int n = 1; !used.insert(candidate).second; ++n) candidate = hash_hex(fingerprint + "#" + std::to_string(n));
  return candidate;
}

}  // namespace

// Issues are printed one at a time as they are made (a tree of thousands of them was most of the peak memory).
std::string render_codeclimate(const LintReport& report, const RenderOptions&) {
  std::string out;
  JsonArrayWriter issues(out, 0);
  std::set<std::string> used;
  const auto error_issue = [&](const std::string& path, const std::string& message, Json location) {
    Json issue;
    issue["type"] = "issue";
    issue["check_name"] = "file-not-linted";
    issue["description"] = message;
    issue["categories"] = Json::array({"Bug Risk"});
    issue["location"] = std::move(location);
    issue["severity"] = "blocker";
    issue["fingerprint"] = unique(hash_hex("file-not-linted\x1f" + path + "\x1f" + message), used);
    issues.add(issue);
  };

  for (const InputError& error : report.input_errors) {
    const std::string path = error.path == "-" ? "stdin" : error.path;
    error_issue(path, error.message, Json{{"path", path}, {"lines", Json{{"begin", 1}, {"end", 1}}}});
  }
  for (const FileReport& file : report.files) {
    for (const Diagnostic& error : file.errors) {
      std::string message = error.message;
      if (!error.hint.empty()) message += " (hint: " + error.hint + ")";
      error_issue(file.path, message, location_json(file, error.range));
    }
    for (const rules::Finding& finding : file.findings) {
      if (finding.rule == nullptr || (finding.suppressed && !report.show_suppressed)) continue;
      const rules::RuleInfo& rule = *finding.rule;
      std::string description = finding.message;
      if (finding.suppressed) description += " (suppressed: " + finding.suppression + ")";
      // Our fingerprint is stable across line moves; without one (a report not from the engine), the position.
      std::string fingerprint = !finding.fingerprint.empty()
                                    ? finding.fingerprint
                                    : hash_hex(fmt::format("{}\x1f{}\x1f{}", rule.id, file.path,
                                                           finding.range.begin.offset));
      Json issue;
      issue["type"] = "issue";
      issue["check_name"] = rule.id;
      issue["description"] = std::move(description);
      issue["content"] = Json{{"body", fmt::format("{}: {}. See {}", rule.id, rule.title, rules::help_uri(rule))}};
      issue["categories"] = categories_of(rule);
      issue["location"] = location_json(file, finding.range);
      issue["severity"] = codeclimate_severity(finding.severity);
      issue["fingerprint"] = unique(std::move(fingerprint), used);
      issues.add(issue);
    }
  }
  issues.close();
  out += '\n';
  return out;
}

}  // namespace shipshape::lint::output
