#include "lint/baseline.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "lint/io.h"
#include "shipshape/version.h"

namespace shipshape::lint {

namespace {
// A baseline records what is reported now, and keeps what an earlier baseline accepted.
bool recorded(const rules::Finding& finding) { return !finding.suppressed || finding.suppression == "baseline"; }
}  // namespace

std::size_t baseline_size(const LintReport& report) {
  std::size_t count = 0;
  for (const FileReport& file : report.files) {
    count += static_cast<std::size_t>(std::count_if(file.findings.begin(), file.findings.end(), recorded));
  }
  return count;
}

std::string baseline_content(const LintReport& report) {
  using Json = nlohmann::ordered_json;
  Json findings = Json::array();
  for (const FileReport& file : report.files) {
    for (const rules::Finding& finding : file.findings) {
      if (!recorded(finding)) continue;
      // The message helps a reviewer; it never holds a secret (rules redact them).
      findings.push_back(Json{{"fingerprint", finding.fingerprint},
                              {"rule", finding.rule->id},
                              {"path", file.path},
                              {"message", finding.message}});
    }
  }
  Json out;
  out["version"] = 1;
  out["tool"] = "shipshape";
  out["comment"] = "Findings accepted when this file was written; shipshape --baseline reports only new ones.";
  out["findings"] = std::move(findings);
  return out.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

bool read_baseline(const std::string& path, std::set<std::string>& fingerprints, std::string& error) {
  const ReadResult read = read_file(path);
  if (!read.ok) {
    error = "cannot read baseline " + path + ": " + read.error;
    return false;
  }
  const nlohmann::json document = nlohmann::json::parse(read.bytes, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object() || !document.contains("findings") ||
      !document["findings"].is_array()) {
    error = "baseline " + path + " is not a shipshape baseline file (expected {\"findings\": [...]})";
    return false;
  }
  for (const auto& entry : document["findings"]) {
    if (entry.is_object() && entry.contains("fingerprint") && entry["fingerprint"].is_string()) {
      fingerprints.insert(entry["fingerprint"].get<std::string>());
    }
  }
  return true;
}

}  // namespace shipshape::lint
