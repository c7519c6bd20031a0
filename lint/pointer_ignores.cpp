// JSON Pointer ignores from `.shipshape.yaml` (task definitions cannot carry comments), and the reports of the
// configuration files themselves: their errors, and SS001 for each ignore entry that matched nothing.

#include <fmt/format.h>

#include "lint/fingerprint.h"
#include "lint/suppressions.h"
#include "parsers/text.h"

namespace shipshape::lint {

namespace {

// The escaped segments of a JSON Pointer ("" has none; "/" has one, empty).
std::vector<std::string_view> segments(std::string_view pointer) {
  std::vector<std::string_view> out;
  if (pointer.empty()) return out;
  pointer.remove_prefix(1);  // the leading '/'
  for (;;) {
    const std::size_t slash = pointer.find('/');
    out.push_back(pointer.substr(0, slash));
    if (slash == std::string_view::npos) return out;
    pointer.remove_prefix(slash + 1);
  }
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += fmt::format("{}`{}`", out.empty() ? "" : ", ", item);
  return out;
}

std::string describe_entry(const PointerIgnore& entry) {
  std::string out = fmt::format("pointer `{}`", entry.pointer);
  if (!entry.rules.empty()) out += fmt::format(", rule {}", quoted_list(entry.rules));
  if (!entry.paths.empty()) out += fmt::format(", path {}", quoted_list(entry.paths));
  return out;
}

}  // namespace

bool pointer_matches(std::string_view pattern, std::string_view pointer) {
  if (pattern.empty()) return true;  // the whole document
  if (pattern.front() != '/' || (!pointer.empty() && pointer.front() != '/')) return false;
  const std::vector<std::string_view> want = segments(pattern);
  const std::vector<std::string_view> have = segments(pointer);
  // Glob matching over segments, backtracking to the last `**`; a pattern that runs out first matches the
  // pointers below it. Escapes are canonical in RFC 6901 (`~0`, `~1`), so escaped segments compare directly.
  std::size_t p = 0, t = 0;
  std::size_t star_p = std::string_view::npos, star_t = 0;
  while (t < have.size()) {
    if (p < want.size() && want[p] == "**") {
      star_p = ++p;
      star_t = t;
      continue;
    }
    if (p < want.size() && (want[p] == "*" || want[p] == have[t])) {
      ++p;
      ++t;
      continue;
    }
    if (p == want.size()) return true;  // the pointer lies below the pattern
    if (star_p == std::string_view::npos) return false;
    p = star_p;
    t = ++star_t;
  }
  while (p < want.size() && want[p] == "**") ++p;
  return p == want.size();
}

bool PointerIgnore::covers_rule(const rules::RuleInfo& rule) const {
  if (rules.empty()) return true;
  for (const std::string& selector : rules) {
    if (text::iequals(selector, "ALL") || text::istarts_with(rule.id, selector) || rule.name == selector) return true;
  }
  return false;
}

void apply_pointer_ignores(const EffectiveConfig& config, FileReport& report) {
  if (config.pointer_ignores.empty()) return;
  for (const PointerIgnore* entry : config.pointer_ignores) entry->applied.set();
  std::string config_path;  // computed on the first match only
  for (rules::Finding& finding : report.findings) {
    if (finding.suppressed || finding.rule == nullptr) continue;
    for (const PointerIgnore* entry : config.pointer_ignores) {
      if (!entry->covers_rule(*finding.rule) || !pointer_matches(entry->pointer, finding.pointer)) continue;
      // Every entry that matches counts as used, so that overlapping entries do not depend on their order.
      entry->used.set();
      if (finding.suppressed) continue;
      if (config_path.empty() && config.file != nullptr) config_path = display_path(config.file->path);
      finding.suppressed = true;
      finding.suppression = fmt::format("config ignore in {}:{}", config_path, entry->location.begin.line);
      if (!entry->reason.empty()) finding.suppression += ": " + entry->reason;
    }
  }
}

std::vector<FileReport> config_reports(const ConfigLoader& configs) {
  std::vector<FileReport> out;
  const auto& all = rules::all_rules();
  const rules::RegisteredRule* unused_rule = rules::find_rule("SS001");
  for (const std::shared_ptr<const ConfigLoadResult>& loaded : configs.loaded()) {
    const ConfigFile& config = loaded->config;
    FileReport report;
    report.path = display_path(config.path);
    report.fs_path = config.path;
    report.source = loaded->source;
    report.errors = loaded->errors;
    if (unused_rule != nullptr && report.source) {
      // SS001 for the config file as for any file: its own settings (and overrides naming it), then the command
      // line.
      const std::string relative = config.path.lexically_relative(config.root).generic_string();
      const EffectiveConfig effective = resolve(config, relative, configs.options().command_line);
      const auto index = static_cast<std::size_t>(unused_rule - all.data());
      if (effective.enabled[index]) {
        for (const PointerIgnore& entry : config.ignores) {
          if (!entry.applied.get() || entry.used.get()) continue;
          rules::Finding& finding = report.findings.emplace_back();
          finding.rule = unused_rule->info;
          finding.severity = effective.severity[index];
          finding.range = entry.location;
          finding.message = fmt::format("this ignore entry matched no finding in the task definitions it covers ({})",
                                        describe_entry(entry));
        }
      }
    }
    if (report.errors.empty() && report.findings.empty()) continue;
    assign_fingerprints(report);
    out.push_back(std::move(report));
  }
  return out;
}

}  // namespace shipshape::lint
