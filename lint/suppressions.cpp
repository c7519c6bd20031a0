// Inline suppressions in Dockerfiles.
//
//   # shipshape ignore=DL3002,DL3007 reason...   the rules, for the instruction that follows (several comment
//                                                lines above one instruction all apply)
//   # shipshape ignore-file=DL3006               the rule, for the whole file (anywhere in the file)
//   # hadolint ignore=DL3008                     hadolint's pragma: honoured for the DL rules
//   # hadolint global ignore=DL3008              hadolint's file-wide pragma: honoured for the DL rules
//
// A `# shipshape` suppression of an enabled rule that matches no finding is reported by SS001, with a fix that
// removes it. hadolint's pragmas are never reported: they may be there for hadolint itself, whose checks differ.

#include <fmt/format.h>

#include <algorithm>

#include "lint/suppressions.h"
#include "parsers/dockerfile/document.h"
#include "parsers/text.h"
#include "rules/registry.h"

namespace shipshape::lint {

namespace {

enum class Scope { instruction, file };
enum class Origin { shipshape, hadolint };

// One rule id named by a suppression comment.
struct SuppressedId {
  std::string id;            // as written
  Range range;               // the id inside the comment
  Range removal;             // what to delete to drop this id alone (the id and one neighbouring comma)
  const rules::RuleInfo* rule = nullptr;  // null: no such rule
  bool used = false;
};

struct Suppression {
  Scope scope = Scope::instruction;
  Origin origin = Origin::shipshape;
  const dockerfile::Comment* comment = nullptr;
  const dockerfile::Instruction* instruction = nullptr;  // for Scope::instruction
  std::vector<SuppressedId> ids;
  std::string text;  // "# shipshape ignore=DL3007", how findings say they were suppressed
};

// Parses "shipshape ignore=A,B rest" / "hadolint global ignore=A" from a comment; false when it is not one.
bool parse_comment(const dockerfile::Comment& comment, const SourceFile& source, Suppression& out) {
  const std::string_view line = source.slice(comment.range);  // "# shipshape ignore=..."
  std::size_t i = line.find_first_not_of("# \t");
  if (i == std::string_view::npos) return false;
  const auto take_word = [&](std::string_view word) {
    if (line.substr(i, word.size()) != word) return false;
    const std::size_t after = i + word.size();
    if (after < line.size() && line[after] != ' ' && line[after] != '\t' && line[after] != '=') return false;
    i = line.find_first_not_of(" \t", after);
    if (i == std::string_view::npos) i = line.size();
    return true;
  };
  if (take_word("shipshape")) {
    out.origin = Origin::shipshape;
    if (take_word("ignore-file")) {
      out.scope = Scope::file;
    } else if (take_word("ignore")) {
      out.scope = Scope::instruction;
    } else {
      return false;
    }
  } else if (take_word("hadolint")) {
    out.origin = Origin::hadolint;
    out.scope = take_word("global") ? Scope::file : Scope::instruction;
    if (!take_word("ignore")) return false;
  } else {
    return false;
  }
  if (i >= line.size() || line[i] != '=') return false;
  ++i;
  // The id list runs up to the first whitespace; what follows is a free-form reason.
  const std::size_t list_begin = i;
  const std::size_t list_end = std::min(line.find_first_of(" \t", list_begin), line.size());
  const std::uint32_t base = comment.range.begin.offset;
  std::size_t start = list_begin;
  while (start <= list_end) {
    std::size_t comma = line.find(',', start);
    if (comma == std::string_view::npos || comma > list_end) comma = list_end;
    if (comma > start) {
      SuppressedId id;
      id.id = std::string(line.substr(start, comma - start));
      id.range = source.range(base + static_cast<std::uint32_t>(start), base + static_cast<std::uint32_t>(comma));
      // Removing one id of several takes its trailing comma (or the leading one for the last id).
      std::size_t remove_begin = start, remove_end = comma;
      if (comma < list_end) {
        remove_end = comma + 1;
      } else if (start > list_begin) {
        remove_begin = start - 1;
      }
      id.removal =
          source.range(base + static_cast<std::uint32_t>(remove_begin), base + static_cast<std::uint32_t>(remove_end));
      const rules::RegisteredRule* rule = rules::find_rule(id.id);
      id.rule = rule != nullptr ? rule->info : nullptr;
      out.ids.push_back(std::move(id));
    }
    start = comma + 1;
  }
  out.text = std::string(text::trim_right(line.substr(0, list_end)));
  return !out.ids.empty();
}

// The top-level instruction whose range holds `offset` (an ONBUILD trigger belongs to its ONBUILD), or null.
const dockerfile::Instruction* instruction_at(const dockerfile::Document& document, std::uint32_t offset) {
  const auto& instructions = document.instructions();
  const auto it = std::upper_bound(instructions.begin(), instructions.end(), offset,
                                   [](std::uint32_t o, const dockerfile::Instruction& i) { return o < i.range.begin.offset; });
  if (it == instructions.begin()) return nullptr;
  const dockerfile::Instruction& candidate = *std::prev(it);
  return offset < candidate.range.end.offset || candidate.range.empty() ? &candidate : nullptr;
}

bool covers(const SuppressedId& id, const rules::Finding& finding, Origin origin) {
  if (id.rule == nullptr) return false;
  // hadolint's pragmas speak for hadolint's rules only: our DL rules keep hadolint's ids and meanings.
  if (origin == Origin::hadolint && id.rule->id.substr(0, 2) != "DL") return false;
  return id.rule == finding.rule;
}

// The whole comment line, with its line ending, for removing a suppression that names nothing useful.
Range whole_line(const SourceFile& source, const Range& comment) {
  const std::uint32_t begin = source.line_start(comment.begin.line);
  const std::uint32_t end =
      comment.begin.line < source.line_count() ? source.line_start(comment.begin.line + 1) : source.size();
  return source.range(begin, end);
}

void report_unused(const std::vector<Suppression>& suppressions, const EffectiveConfig& config,
                   const SourceFile& source, FileReport& report) {
  const rules::RegisteredRule* unused_rule = rules::find_rule("SS001");
  if (unused_rule == nullptr) return;
  const std::size_t unused_index = static_cast<std::size_t>(unused_rule - rules::all_rules().data());
  if (!config.enabled[unused_index]) return;
  for (const Suppression& suppression : suppressions) {
    if (suppression.origin != Origin::shipshape) continue;
    const std::size_t useless = static_cast<std::size_t>(std::count_if(
        suppression.ids.begin(), suppression.ids.end(), [&](const SuppressedId& id) { return !id.used; }));
    for (const SuppressedId& id : suppression.ids) {
      if (id.used) continue;
      std::string message;
      if (id.rule == nullptr) {
        const std::string suggestion = rules::suggest_rule(id.id);
        message = suggestion.empty()
                      ? fmt::format("`{}` is not a shipshape rule; this suppression does nothing", id.id)
                      : fmt::format("`{}` is not a shipshape rule (did you mean {}?); this suppression does nothing",
                                    id.id, suggestion);
      } else {
        const std::size_t index = static_cast<std::size_t>(rules::find_rule(id.rule->id) - rules::all_rules().data());
        if (!config.enabled[index]) continue;  // a disabled rule cannot fire: whether it would is unknown
        message = suppression.scope == Scope::file
                      ? fmt::format("{} reports nothing in this file; remove the suppression", id.rule->id)
                      : fmt::format("{} reports nothing on this instruction; remove the suppression", id.rule->id);
      }
      rules::Finding finding;
      finding.rule = unused_rule->info;
      finding.severity = config.severity[unused_index];
      finding.range = id.range;
      finding.message = std::move(message);
      finding.anchor_line = suppression.comment->range.begin.line;
      const bool last_one = useless == suppression.ids.size();
      finding.fix = rules::Fix{last_one ? "remove the suppression comment" : fmt::format("remove {} from the comment", id.id),
                               {rules::Edit{last_one ? whole_line(source, suppression.comment->range) : id.removal, ""}}};
      report.findings.push_back(std::move(finding));
    }
  }
}

}  // namespace

void apply_inline_suppressions(const dockerfile::Document& document, const EffectiveConfig& config,
                               FileReport& report) {
  const SourceFile& source = document.source();
  // Every finding learns where an ignore comment for it would go: the first line of its instruction.
  for (rules::Finding& finding : report.findings) {
    const dockerfile::Instruction* instruction = instruction_at(document, finding.range.begin.offset);
    finding.anchor_line = instruction != nullptr ? instruction->start_line : finding.range.begin.line;
  }
  std::vector<Suppression> suppressions;
  for (const dockerfile::Comment& comment : document.comments()) {
    if (comment.directive) continue;
    Suppression suppression;
    if (!parse_comment(comment, source, suppression)) continue;
    suppression.comment = &comment;
    if (suppression.scope == Scope::instruction) {
      // A comment inside a continued instruction is dropped by BuildKit; it cannot precede an instruction.
      if (comment.inside_instruction || !comment.instruction) continue;
      suppression.instruction = &document.instructions()[*comment.instruction];
    }
    suppressions.push_back(std::move(suppression));
  }
  if (suppressions.empty()) return;
  for (rules::Finding& finding : report.findings) {
    if (finding.suppressed) continue;
    const dockerfile::Instruction* instruction = instruction_at(document, finding.range.begin.offset);
    for (Suppression& suppression : suppressions) {
      if (suppression.scope == Scope::instruction && suppression.instruction != instruction) continue;
      for (SuppressedId& id : suppression.ids) {
        if (!covers(id, finding, suppression.origin)) continue;
        id.used = true;
        if (!finding.suppressed) {
          finding.suppressed = true;
          finding.suppression = suppression.text;
        }
      }
    }
  }
  const std::size_t before = report.findings.size();
  report_unused(suppressions, config, source, report);
  // SS001 findings can be suppressed file-wide too.
  for (std::size_t i = before; i < report.findings.size(); ++i) {
    rules::Finding& finding = report.findings[i];
    for (const Suppression& suppression : suppressions) {
      if (suppression.scope != Scope::file) continue;
      for (const SuppressedId& id : suppression.ids) {
        if (!finding.suppressed && covers(id, finding, suppression.origin)) {
          finding.suppressed = true;
          finding.suppression = suppression.text;
        }
      }
    }
  }
}

}  // namespace shipshape::lint
