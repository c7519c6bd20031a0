#include "rules/rule.h"

#include "parsers/text.h"

namespace shipshape::rules {

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::note: return "note";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "warning";
}

std::optional<Severity> parse_severity(std::string_view text) {
  if (text::iequals(text, "error")) return Severity::error;
  if (text::iequals(text, "warning")) return Severity::warning;
  // hadolint's info and style levels are notes here.
  if (text::iequals(text, "note") || text::iequals(text, "info") || text::iequals(text, "style")) {
    return Severity::note;
  }
  return std::nullopt;
}

std::string_view to_string(FileKind kind) {
  switch (kind) {
    case FileKind::dockerfile: return "dockerfile";
    case FileKind::ecs: return "ecs";
    case FileKind::any: return "any";
  }
  return "any";
}

std::string_view to_string(OptionType type) {
  switch (type) {
    case OptionType::boolean: return "boolean";
    case OptionType::integer: return "integer";
    case OptionType::string: return "string";
    case OptionType::string_list: return "list of strings";
  }
  return "string";
}

const OptionValue& RuleOptions::get(std::string_view name) const {
  static const OptionValue kMissing{std::string()};
  const auto it = values_.find(name);
  return it == values_.end() ? kMissing : it->second;
}

bool RuleOptions::boolean(std::string_view name) const {
  const auto* v = std::get_if<bool>(&get(name));
  return v != nullptr && *v;
}

std::int64_t RuleOptions::integer(std::string_view name) const {
  const auto* v = std::get_if<std::int64_t>(&get(name));
  return v != nullptr ? *v : 0;
}

const std::string& RuleOptions::string(std::string_view name) const {
  static const std::string kEmpty;
  const auto* v = std::get_if<std::string>(&get(name));
  return v != nullptr ? *v : kEmpty;
}

const std::vector<std::string>& RuleOptions::string_list(std::string_view name) const {
  static const std::vector<std::string> kEmpty;
  const auto* v = std::get_if<std::vector<std::string>>(&get(name));
  return v != nullptr ? *v : kEmpty;
}

Finding& Report::add(Range where, std::string message) {
  Finding& finding = sink_.emplace_back();
  finding.rule = &rule_;
  finding.severity = severity_;
  finding.range = where;
  finding.message = std::move(message);
  return finding;
}

}  // namespace shipshape::rules
