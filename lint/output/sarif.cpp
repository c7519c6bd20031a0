// SARIF 2.1.0, shaped for GitHub code scanning (its "SARIF support for code scanning" page, its upload limits,
// and what github/codeql-action's upload-sarif does):
//   - one run; tool.driver lists every rule (sorted by id) so that ruleIndex is stable between runs;
//   - artifact URIs are relative to the source root (%SRCROOT%), percent-encoded, never `-` or absolute;
//   - every result has a full, non-empty region in UTF-16 code units (columnKind utf16CodeUnits);
//   - partialFingerprints carry our content fingerprint and GitHub's own primaryLocationLineHash, so that
//     uploads through the API deduplicate as well as uploads through github/codeql-action;
//   - files that could not be linted are toolExecutionNotifications, and the run still succeeded;
//   - GitHub rejects runs with more than 25,000 results: the most severe 25,000 are kept, with a notification.

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "lint/output/json_text.h"
#include "lint/output/output.h"
#include "rules/registry.h"
#include "shipshape/version.h"

namespace shipshape::lint::output {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

constexpr std::string_view kSchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view kSourceRoot = "%SRCROOT%";
constexpr std::string_view kStdinName = "stdin";
constexpr std::string_view kFingerprintKey = "shipshape/v1";
constexpr std::string_view kLineHashKey = "primaryLocationLineHash";
// GitHub's upload limits (docs: sarif-limits.md); exceeding one rejects the whole file.
constexpr std::size_t kMaxResults = 25000;
constexpr std::size_t kMaxTags = 20;
constexpr std::size_t kMaxNameLength = 255;
constexpr std::size_t kMaxDescriptionLength = 1024;

// ---- GitHub's line hash ----

// Decodes UTF-8 into UTF-16 code units the way Node's decoder does (the WHATWG algorithm: each maximal invalid
// subsequence becomes one U+FFFD), because github/codeql-action hashes the file as Node decoded it.
template <class Sink>
void decode_utf16(std::string_view bytes, Sink&& sink) {
  constexpr std::uint32_t kReplacement = 0xFFFD;
  std::uint32_t code_point = 0;
  int needed = 0;
  int seen = 0;
  unsigned lower = 0x80;
  unsigned upper = 0xBF;
  const auto emit = [&](std::uint32_t cp) {
    if (cp < 0x10000) {
      sink(cp);
    } else {
      cp -= 0x10000;
      sink(0xD800 + (cp >> 10));
      sink(0xDC00 + (cp & 0x3FF));
    }
  };
  std::size_t i = 0;
  while (i < bytes.size()) {
    const unsigned byte = static_cast<unsigned char>(bytes[i]);
    if (needed == 0) {
      ++i;
      if (byte <= 0x7F) {
        sink(byte);
      } else if (byte >= 0xC2 && byte <= 0xDF) {
        needed = 1;
        code_point = byte & 0x1F;
      } else if (byte >= 0xE0 && byte <= 0xEF) {
        if (byte == 0xE0) lower = 0xA0;
        if (byte == 0xED) upper = 0x9F;
        needed = 2;
        code_point = byte & 0x0F;
      } else if (byte >= 0xF0 && byte <= 0xF4) {
        if (byte == 0xF0) lower = 0x90;
        if (byte == 0xF4) upper = 0x8F;
        needed = 3;
        code_point = byte & 0x07;
      } else {
        emit(kReplacement);
      }
      continue;
    }
    if (byte < lower || byte > upper) {
      // The sequence is cut short: one replacement, and the byte starts over (it is not consumed).
      needed = seen = 0;
      lower = 0x80;
      upper = 0xBF;
      emit(kReplacement);
      continue;
    }
    ++i;
    lower = 0x80;
    upper = 0xBF;
    code_point = (code_point << 6) | (byte & 0x3F);
    if (++seen == needed) {
      emit(code_point);
      needed = seen = 0;
    }
  }
  if (needed != 0) emit(kReplacement);
}

// GitHub's primaryLocationLineHash of every line of a file, as github/codeql-action computes it
// (src/fingerprints.ts): a rolling polynomial hash (multiplier 37, 64-bit wrap-around) over windows of 100
// UTF-16 code units that skip spaces and tabs. A line's hash is that of the window starting at the line, then
// ":n" where n counts the lines so far with the same hash. CR, LF and CRLF all end a line, and the end of the
// file is a character of its own (so a final line break is followed by one more line).
class LineHashes {
 public:
  LineHashes(std::string_view text, bool had_bom) {
    constexpr std::size_t kBlock = 100;
    constexpr std::uint64_t kMultiplier = 37;
    constexpr std::uint16_t kEndOfFile = 0xFFFF;
    std::uint64_t first_power = 1;
    for (std::size_t i = 0; i < kBlock; ++i) first_power *= kMultiplier;

    std::vector<std::uint16_t> units;
    units.reserve(text.size() + kBlock + 2);
    if (had_bom) units.push_back(0xFEFF);  // Node keeps the byte order mark as a character
    decode_utf16(text, [&](std::uint32_t unit) { units.push_back(static_cast<std::uint16_t>(unit)); });
    units.push_back(kEndOfFile);

    std::array<std::uint16_t, kBlock> window{};
    std::array<bool, kBlock> starts_line{};  // whether the unit in that window slot starts a line
    std::uint64_t hash = 0;
    std::size_t index = 0;
    bool line_start = true;
    bool previous_cr = false;
    const auto update = [&](std::uint16_t unit) {
      const std::uint16_t leaving = window[index];
      window[index] = unit;
      hash = kMultiplier * hash + unit - first_power * leaving;
      if (++index == kBlock) index = 0;
    };
    // Once a window slot comes round again, the window holds the 100 units from the line start in that slot.
    const auto output_if_line_starts = [&] {
      if (!starts_line[index]) return;
      hashes_.push_back(hash);
      starts_line[index] = false;
    };
    for (std::uint16_t unit : units) {
      if (unit == ' ' || unit == '\t' || (previous_cr && unit == '\n')) {
        previous_cr = false;
        continue;
      }
      previous_cr = unit == '\r';
      if (previous_cr) unit = '\n';
      output_if_line_starts();
      if (line_start) {
        line_start = false;
        starts_line[index] = true;
      }
      if (unit == '\n') line_start = true;
      update(unit);
    }
    for (std::size_t i = 0; i < kBlock; ++i) {
      output_if_line_starts();
      update(0);
    }

    occurrences_.reserve(hashes_.size());
    std::unordered_map<std::uint64_t, std::uint32_t> seen;
    for (const std::uint64_t h : hashes_) occurrences_.push_back(++seen[h]);
  }

  std::size_t size() const { return hashes_.size(); }
  // The hash of `line` (1-based, at most size()).
  std::string at(std::uint32_t line) const {
    return fmt::format("{:x}:{}", hashes_[line - 1], occurrences_[line - 1]);
  }

 private:
  std::vector<std::uint64_t> hashes_;
  std::vector<std::uint32_t> occurrences_;
};

// ---- regions ----

struct Region {
  std::uint32_t start_line = 1;
  std::uint32_t start_column = 1;
  std::uint32_t end_line = 1;
  std::uint32_t end_column = 2;
};

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

class RegionMaker {
 public:
  explicit RegionMaker(const SourceFile& source) : source_(source), text_(source.text()) {}

  // The exact region of `range`, never empty: an empty range widens to the character there, or to the last
  // character of its line, or to the line break of an empty line. A range that ends just after a line break
  // ends at the end of the line instead, so that no region reaches into a line it does not touch.
  // Ends inside a UTF-8 sequence (a rule bug) move out to the whole character.
  Region of(const Range& range) const {
    const std::uint32_t begin_offset = character_start(std::min(range.begin.offset, source_.size()));
    const std::uint32_t end_offset = character_end(std::max(range.begin.offset, range.end.offset));
    Position begin = at(begin_offset);
    Position end = at(end_offset);
    if (end.line > begin.line && end.offset == source_.line_start(end.line)) end = at(content_end(end.line - 1));
    if (end.offset > content_end(end.line)) end = at(content_end(end.line));
    if (begin.offset > content_end(begin.line)) begin = at(content_end(begin.line));
    if (end.offset <= begin.offset) return widen(begin);
    const Region region{begin.line, column(begin), end.line, column(end)};
    if (region.end_line == region.start_line && region.end_column <= region.start_column) return widen(begin);
    return region;
  }

 private:
  Position at(std::uint32_t offset) const { return source_.position_at(offset); }
  std::uint32_t character_start(std::uint32_t offset) const {
    for (int steps = 0; steps < 3 && offset > 0 && offset < text_.size() && is_continuation(text_[offset]); ++steps) {
      --offset;
    }
    return offset;
  }
  std::uint32_t character_end(std::uint32_t offset) const {
    offset = std::min(offset, source_.size());
    for (int steps = 0; steps < 3 && offset < text_.size() && is_continuation(text_[offset]); ++steps) ++offset;
    return offset;
  }
  std::uint32_t column(const Position& p) const { return source_.column(p, ColumnUnit::utf16); }
  // The offset after the last character of `line`, before its line terminator.
  std::uint32_t content_end(std::uint32_t line) const {
    return source_.line_start(line) + static_cast<std::uint32_t>(source_.line_text(line).size());
  }

  Region widen(const Position& p) const {
    const std::uint32_t line = p.line;
    const std::uint32_t line_end = content_end(line);
    if (p.offset < line_end) {
      std::uint32_t next = p.offset + 1;
      while (next < line_end && next - p.offset < 4 && is_continuation(text_[next])) ++next;
      return {line, column(p), line, column(at(next))};
    }
    if (line_end > source_.line_start(line)) return last_character(line);
    if (line < source_.line_count()) return {line, 1, line + 1, 1};  // the line break of an empty line
    if (line > 1) {                                                    // the empty last line of the file
      if (content_end(line - 1) > source_.line_start(line - 1)) return last_character(line - 1);
      return {line - 1, 1, line, 1};
    }
    return {1, 1, 1, 2};  // an empty file has no character to point at; this is the closest valid region
  }

  Region last_character(std::uint32_t line) const {
    const std::uint32_t line_end = content_end(line);
    std::uint32_t last = line_end - 1;
    while (last > source_.line_start(line) && line_end - last < 4 && is_continuation(text_[last])) --last;
    return {line, column(at(last)), line, column(at(line_end))};
  }

  const SourceFile& source_;
  std::string_view text_;
};

Json region_json(const Region& r) {
  return Json{{"startLine", r.start_line},
              {"startColumn", r.start_column},
              {"endLine", r.end_line},
              {"endColumn", r.end_column}};
}

// ---- paths and URIs ----

// Percent-encodes a path for a URI: unreserved characters and '/' stay, every other byte becomes %XX.
std::string percent_encode(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    const bool keep = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xF]);
    }
  }
  return out;
}

fs::path resolved(const fs::path& path) {
  std::error_code ec;
  fs::path out = fs::weakly_canonical(path, ec);
  return ec ? path.lexically_normal() : out;
}

bool is_inside(const fs::path& relative) {
  return !relative.empty() && *relative.begin() != "..";
}

struct ArtifactUri {
  std::string uri;
  bool relative = true;  // relative to %SRCROOT%
};

// Artifact URIs relative to the source root: the repository root when known, else the working directory.
// Symbolic links are resolved (GitHub cannot show results in a file reached through one) unless that leads
// out of the root.
class UriMaker {
 public:
  explicit UriMaker(const RenderOptions& options) {
    if (!options.working_directory.empty()) working_directory_ = fs::path(options.working_directory);
    fs::path root = options.repository_root.empty() ? working_directory_ : fs::path(options.repository_root);
    if (root.is_relative() && !root.empty()) root = working_directory_ / root;
    if (!root.empty()) {
      root_ = root.lexically_normal();
      canonical_root_ = resolved(root_);
    }
  }

  // `fs_path` is the path as opened; `shown` the path as displayed (used when fs_path is empty).
  ArtifactUri of(const fs::path& fs_path, std::string_view shown) const {
    const bool is_stdin = (fs_path.empty() || fs_path == "-") && (shown.empty() || shown == "-");
    if (is_stdin) return {std::string(kStdinName), true};
    fs::path path = fs_path.empty() ? fs::path(shown) : fs_path;
    if (path.is_relative()) {
      if (working_directory_.empty()) return {percent_encode(path.lexically_normal().generic_string()), true};
      path = working_directory_ / path;
    }
    path = path.lexically_normal();
    if (root_.empty()) return {"file://" + percent_encode(path.generic_string()), false};
    const fs::path canonical = resolved(path).lexically_relative(canonical_root_);
    if (is_inside(canonical)) return {percent_encode(canonical.generic_string()), true};
    const fs::path lexical = path.lexically_relative(root_);
    if (!lexical.empty()) return {percent_encode(lexical.generic_string()), true};
    return {"file://" + percent_encode(path.generic_string()), false};
  }

  // The absolute URI of %SRCROOT%, with the trailing slash relative references need; empty when unknown.
  std::string root_uri() const {
    if (canonical_root_.empty()) return {};
    std::string uri = "file://" + percent_encode(canonical_root_.generic_string());
    if (uri.back() != '/') uri.push_back('/');
    return uri;
  }

 private:
  fs::path working_directory_;
  fs::path root_;
  fs::path canonical_root_;
};

Json artifact_location_json(const ArtifactUri& artifact) {
  Json out{{"uri", artifact.uri}};
  if (artifact.relative) out["uriBaseId"] = kSourceRoot;
  return out;
}

// ---- rules ----

// At most `limit` bytes, cut cleanly: at a sentence end when one is near, else at a space with an ellipsis;
// never inside a UTF-8 sequence.
std::string cut_text(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return std::string(text);
  constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // …
  std::size_t cut = limit - kEllipsis.size();
  while (cut > 0 && is_continuation(text[cut])) --cut;
  std::string_view head = text.substr(0, cut);
  const std::size_t sentence = head.rfind(". ");
  if (sentence != std::string_view::npos && sentence >= cut / 2) return std::string(head.substr(0, sentence + 1));
  const std::size_t space = head.find_last_of(" \t\n");
  if (space != std::string_view::npos && space >= cut / 2) head = head.substr(0, space);
  while (!head.empty() && (head.back() == ' ' || head.back() == '\n' || head.back() == '\t')) head.remove_suffix(1);
  return std::string(head) + std::string(kEllipsis);
}

// A security-severity GitHub accepts: a number in (0, 10] written as a string.
bool valid_security_severity(std::string_view text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && value > 0.0 && value <= 10.0;
}

std::string_view problem_severity(rules::Severity severity) {
  switch (severity) {
    case rules::Severity::error: return "error";
    case rules::Severity::warning: return "warning";
    case rules::Severity::note: return "recommendation";
  }
  return "warning";
}

// A Markdown code fence longer than any run of backticks in `code`.
std::string fence_for(std::string_view code) {
  std::size_t longest = 0;
  std::size_t run = 0;
  for (const char c : code) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

std::string code_block(std::string_view code) {
  const std::size_t first = code.find_first_not_of(" \t\r\n");
  const std::string_view language = first != std::string_view::npos && code[first] == '{' ? "json" : "dockerfile";
  std::string_view body = code;
  while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) body.remove_suffix(1);
  const std::string fence = fence_for(body);
  return fmt::format("{}{}\n{}\n{}", fence, language, body, fence);
}

Json rule_json(const rules::RuleInfo& rule) {
  const std::string uri = rules::help_uri(rule);
  const std::string_view title = !rule.title.empty() ? rule.title : !rule.name.empty() ? rule.name : rule.id;
  const std::string_view rationale = !rule.rationale.empty() ? rule.rationale : title;
  const bool security = valid_security_severity(rule.security_severity);

  std::string help_text(rationale);
  std::string help_markdown(rationale);
  if (!rule.fix.empty()) {
    help_text += fmt::format("\n\nHow to fix: {}", rule.fix);
    help_markdown += fmt::format("\n\n## How to fix\n\n{}", rule.fix);
  }
  if (!rule.example_bad.empty() && !rule.example_good.empty()) {
    help_markdown += fmt::format("\n\n## Example\n\nFlagged:\n\n{}\n\nFixed:\n\n{}", code_block(rule.example_bad),
                                 code_block(rule.example_good));
  }
  if (!rule.see_also.empty()) {
    help_text += fmt::format("\n\nSee also: {}", rule.see_also);
    help_markdown += fmt::format("\n\nSee also: {}", rule.see_also);
  }
  help_text += fmt::format("\n\nDocumentation: {}", uri);
  help_markdown += fmt::format("\n\n[{} documentation]({})", rule.id, uri);

  Json tags = Json::array();
  std::set<std::string_view> seen;
  if (security) {
    tags.push_back("security");  // GitHub treats a rule as a security rule by its security-severity and tag
    seen.insert("security");
  }
  for (const std::string_view tag : rule.tags) {
    if (tags.size() >= kMaxTags) break;
    if (!tag.empty() && seen.insert(tag).second) tags.push_back(tag);
  }
  Json properties{{"tags", std::move(tags)}, {"precision", "high"}};
  if (security) {
    properties["security-severity"] = rule.security_severity;
  } else {
    properties["problem.severity"] = problem_severity(rule.severity);
  }

  Json configuration{{"level", rules::to_string(rule.severity)}};
  if (!rule.enabled_by_default) configuration["enabled"] = false;

  Json out;
  out["id"] = rule.id;
  out["name"] = cut_text(!rule.name.empty() ? rule.name : rule.id, kMaxNameLength);
  out["shortDescription"] = Json{{"text", cut_text(title, kMaxDescriptionLength)}};
  out["fullDescription"] = Json{{"text", cut_text(rationale, kMaxDescriptionLength)}};
  out["defaultConfiguration"] = std::move(configuration);
  out["helpUri"] = uri;
  out["help"] = Json{{"text", help_text}, {"markdown", help_markdown}};
  out["properties"] = std::move(properties);
  return out;
}

// tool.driver.rules: the catalogue sorted by id, then rules of results the catalogue lacks, sorted by id.
class RuleTable {
 public:
  RuleTable(const RenderOptions& options, const std::vector<const rules::RuleInfo*>& result_rules) {
    std::vector<const rules::RuleInfo*> catalogue;
    if (options.sarif_rules) {
      catalogue = *options.sarif_rules;
    } else {
      for (const rules::RegisteredRule& rule : rules::all_rules()) catalogue.push_back(rule.info);
    }
    add_sorted(catalogue);
    add_sorted(result_rules);
  }

  std::size_t index(const rules::RuleInfo& rule) const { return index_.at(rule.id); }
  const std::vector<const rules::RuleInfo*>& rules() const { return rules_; }

 private:
  void add_sorted(std::vector<const rules::RuleInfo*> more) {
    std::erase(more, nullptr);
    std::stable_sort(more.begin(), more.end(),
                     [](const rules::RuleInfo* a, const rules::RuleInfo* b) { return a->id < b->id; });
    for (const rules::RuleInfo* rule : more) {
      if (index_.emplace(rule->id, rules_.size()).second) rules_.push_back(rule);
    }
  }

  std::vector<const rules::RuleInfo*> rules_;
  std::map<std::string_view, std::size_t> index_;
};

// ---- results ----

struct Selected {
  const FileReport* file;
  const rules::Finding* finding;
};

// Findings to report, in report order. Above GitHub's limit, the most severe are kept (report order among equals).
std::vector<Selected> select_results(const LintReport& report, std::size_t& left_out) {
  std::vector<Selected> selected;
  for (const FileReport& file : report.files) {
    if (!file.source) continue;  // no text, so no exact region: such a file only has errors
    for (const rules::Finding& finding : file.findings) {
      if (finding.rule != nullptr && (!finding.suppressed || report.show_suppressed)) {
        selected.push_back({&file, &finding});
      }
    }
  }
  left_out = 0;
  if (selected.size() <= kMaxResults) return selected;
  left_out = selected.size() - kMaxResults;
  std::vector<std::size_t> order(selected.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return selected[a].finding->severity > selected[b].finding->severity;
  });
  order.resize(kMaxResults);
  std::sort(order.begin(), order.end());
  std::vector<Selected> kept;
  kept.reserve(kMaxResults);
  for (const std::size_t i : order) kept.push_back(selected[i]);
  return kept;
}

Json suppressions_json(const rules::Finding& finding) {
  Json out = Json::array();
  if (!finding.suppressed) return out;
  // Comments in the file are in-source; the baseline and configuration ignores live elsewhere.
  const bool in_source = !finding.suppression.empty() && finding.suppression.front() == '#';
  Json suppression{{"kind", in_source ? "inSource" : "external"}};
  if (!finding.suppression.empty()) suppression["justification"] = finding.suppression;
  out.push_back(std::move(suppression));
  return out;
}

// Per file, computed once: its URI and, lazily, GitHub's line hashes.
struct FileContext {
  ArtifactUri uri;
  std::optional<LineHashes> line_hashes;
};

Json result_json(const Selected& selected, FileContext& context, const RuleTable& table, bool show_suppressed) {
  const FileReport& file = *selected.file;
  const rules::Finding& finding = *selected.finding;
  const Region region = RegionMaker(*file.source).of(finding.range);

  Json physical{{"artifactLocation", artifact_location_json(context.uri)}, {"region", region_json(region)}};
  Json location{{"physicalLocation", std::move(physical)}};
  if (!finding.pointer.empty()) {
    location["logicalLocations"] = Json::array({Json{{"fullyQualifiedName", finding.pointer}, {"kind", "value"}}});
  }

  if (!context.line_hashes) context.line_hashes.emplace(file.source->text(), file.source->had_bom());
  Json fingerprints = Json::object();
  if (region.start_line <= context.line_hashes->size()) {
    fingerprints[std::string(kLineHashKey)] = context.line_hashes->at(region.start_line);
  }
  if (!finding.fingerprint.empty()) fingerprints[std::string(kFingerprintKey)] = finding.fingerprint;

  Json out;
  out["ruleId"] = finding.rule->id;
  out["ruleIndex"] = table.index(*finding.rule);
  out["level"] = rules::to_string(finding.severity);
  out["message"] = Json{{"text", finding.message.empty() ? std::string(finding.rule->title) : finding.message}};
  out["locations"] = Json::array({std::move(location)});
  out["partialFingerprints"] = std::move(fingerprints);
  // The spec wants suppressions on all results of a run or on none.
  if (show_suppressed) out["suppressions"] = suppressions_json(finding);
  if (!finding.pointer.empty()) out["properties"] = Json{{"jsonPointer", finding.pointer}};
  return out;
}

Json notification_json(std::string_view level, std::string text, Json location) {
  Json out{{"level", level}, {"message", Json{{"text", std::move(text)}}}};
  if (!location.is_null()) out["locations"] = Json::array({std::move(location)});
  return out;
}

std::string error_text(const Diagnostic& error) {
  if (error.hint.empty()) return error.message;
  return fmt::format("{} (hint: {})", error.message, error.hint);
}

}  // namespace

std::vector<std::string> github_line_hashes(std::string_view text, bool had_bom) {
  const LineHashes hashes(text, had_bom);
  std::vector<std::string> out;
  out.reserve(hashes.size());
  for (std::uint32_t line = 1; line <= hashes.size(); ++line) out.push_back(hashes.at(line));
  return out;
}

std::string render_sarif(const LintReport& report, const RenderOptions& options) {
  const UriMaker uris(options);
  std::size_t left_out = 0;
  const std::vector<Selected> selected = select_results(report, left_out);

  std::vector<const rules::RuleInfo*> result_rules;
  for (const Selected& s : selected) result_rules.push_back(s.finding->rule);
  const RuleTable table(options, result_rules);

  Json rules_json = Json::array();
  for (const rules::RuleInfo* rule : table.rules()) rules_json.push_back(rule_json(*rule));

  std::unordered_map<const FileReport*, FileContext> contexts;
  const auto context_of = [&](const FileReport& file) -> FileContext& {
    auto [it, inserted] = contexts.try_emplace(&file);
    if (inserted) it->second.uri = uris.of(file.fs_path, file.path);
    return it->second;
  };

  Json notifications = Json::array();
  for (const InputError& error : report.input_errors) {
    Json location;
    if (!error.path.empty()) {
      location = Json{{"physicalLocation",
                       Json{{"artifactLocation", artifact_location_json(uris.of(fs::path(error.path), error.path))}}}};
    }
    notifications.push_back(notification_json("error", error.message, std::move(location)));
  }
  for (const FileReport& file : report.files) {
    for (const Diagnostic& error : file.errors) {
      Json physical{{"artifactLocation", artifact_location_json(context_of(file).uri)}};
      if (file.source) physical["region"] = region_json(RegionMaker(*file.source).of(error.range));
      notifications.push_back(notification_json("error", error_text(error), Json{{"physicalLocation", physical}}));
    }
  }
  if (left_out > 0) {
    notifications.push_back(notification_json(
        "warning",
        fmt::format("{} results were found, but GitHub code scanning accepts at most {} per run: the {} least "
                    "severe were left out. Lint fewer files per run to see them all.",
                    selected.size() + left_out, kMaxResults, left_out),
        Json()));
  }

  Json driver;
  driver["name"] = "shipshape";
  driver["version"] = kVersion;
  driver["semanticVersion"] = kVersion;
  driver["informationUri"] = kHomepage;
  driver["rules"] = std::move(rules_json);

  Json invocation{{"executionSuccessful", true}};
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = std::move(notifications);

  Json run;
  run["tool"] = Json{{"driver", std::move(driver)}};
  run["invocations"] = Json::array({std::move(invocation)});
  const std::string root_uri = uris.root_uri();
  run["originalUriBaseIds"] =
      Json{{kSourceRoot, root_uri.empty()
                             ? Json{{"description", Json{{"text", "The root of the repository that was linted."}}}}
                             : Json{{"uri", root_uri}}}};
  if (!options.sarif_category.empty()) {
    // GitHub reads the category as everything before the last '/', so a bare category needs the slash.
    std::string id = options.sarif_category;
    if (id.back() != '/') id.push_back('/');
    run["automationDetails"] = Json{{"id", std::move(id)}};
  }
  run["columnKind"] = "utf16CodeUnits";
  run["results"] = Json::array();

  Json document;
  document["$schema"] = kSchemaUri;
  document["version"] = "2.1.0";
  document["runs"] = Json::array({std::move(run)});
  // The results are the document's last member: print the rest, then the results one at a time where the empty
  // array was (a tree of thousands of results was most of a large run's peak memory). The golden and schema tests
  // fail if the layout ever stops ending with the results.
  std::string out = json_text(document);
  constexpr std::string_view kEmptyResultsEnd = "[]\n    }\n  ]\n}";
  out.resize(out.size() - kEmptyResultsEnd.size());
  JsonArrayWriter results(out, 3);
  const FileReport* current_file = nullptr;
  for (const Selected& s : selected) {
    if (s.file != current_file) {
      if (current_file != nullptr) context_of(*current_file).line_hashes.reset();  // results come file by file
      current_file = s.file;
    }
    results.add(result_json(s, context_of(*s.file), table, report.show_suppressed));
  }
  results.close();
  out += "\n    }\n  ]\n}\n";
  return out;
}

}  // namespace shipshape::lint::output
