#include "lint/lsp/edits.h"

#include "parsers/text.h"

namespace shipshape::lsp {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view skip_blanks(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  return s;
}

std::string_view line_content(const LineIndex& index, std::uint32_t line) {
  const std::uint32_t begin = index.line_start(line);
  return index.text().substr(begin, index.line_content_end(line) - begin);
}

// The terminator to give an inserted line: that of `line`, else the file's first, else "\n".
std::string_view line_terminator(const LineIndex& index, std::uint32_t line) {
  const auto terminator_of = [&](std::uint32_t l) {
    const std::uint32_t end = index.line_content_end(l);
    const std::uint32_t next = l + 1 < index.line_count() ? index.line_start(l + 1) : end;
    return index.text().substr(end, next - end);
  };
  if (line < index.line_count() && !terminator_of(line).empty()) return terminator_of(line);
  if (index.line_count() > 1) return terminator_of(0);
  return "\n";
}

bool list_contains(std::string_view list, std::string_view rule_id) {
  for (const std::string_view item : text::split(list, ',')) {
    if (text::iequals(text::trim(item), rule_id)) return true;
  }
  return false;
}

// BuildKit reads parser directives only from the leading `# name=value` lines.
bool is_parser_directive(std::string_view line) {
  line = skip_blanks(line);
  if (line.empty() || line.front() != '#') return false;
  line = skip_blanks(line.substr(1));
  for (const std::string_view name :
       {std::string_view("syntax"), std::string_view("escape"), std::string_view("check")}) {
    if (text::istarts_with(line, name) && skip_blanks(line.substr(name.size())).starts_with('=')) return true;
  }
  return false;
}

// Adds `rule_id` at the end of the list on `line`.
TextEdit append_to_list(const LineIndex& index, std::uint32_t line, const SuppressionList& list,
                        std::string_view rule_id, PositionEncoding encoding) {
  const LspPosition at = index.position(index.line_start(line) + static_cast<std::uint32_t>(list.end), encoding);
  std::string text(1, ',');
  text += rule_id;
  return TextEdit{{at, at}, std::move(text)};
}

}  // namespace

std::optional<SuppressionList> find_suppression_list(std::string_view line, std::string_view keyword) {
  // Read as lint/suppressions.cpp reads it: `#`s and blanks, `shipshape`, the keyword, `=`, then the list up to
  // the first blank (a reason may follow: `# shipshape ignore=DL3007 pinned by the base image`).
  const std::size_t start = line.find_first_not_of("# \t");
  if (start == std::string_view::npos || start == 0 || line.substr(0, start).find('#') == std::string_view::npos) {
    return std::nullopt;
  }
  std::string_view rest = line.substr(start);
  if (!rest.starts_with("shipshape")) return std::nullopt;
  rest.remove_prefix(9);
  if (rest.empty() || !is_blank(rest.front())) return std::nullopt;
  rest = skip_blanks(rest);
  if (!rest.starts_with(keyword)) return std::nullopt;
  rest = skip_blanks(rest.substr(keyword.size()));
  if (!rest.starts_with('=')) return std::nullopt;
  rest.remove_prefix(1);
  std::size_t length = 0;
  while (length < rest.size() && !is_blank(rest[length])) ++length;
  if (length == 0) return std::nullopt;
  const auto begin = static_cast<std::size_t>(rest.data() - line.data());
  return SuppressionList{begin, begin + length};
}

std::optional<TextEdit> ignore_instruction_edit(const LineIndex& index, std::uint32_t anchor_offset,
                                                std::string_view rule_id, PositionEncoding encoding,
                                                std::uint32_t bom_bytes) {
  const std::uint32_t line = index.position(anchor_offset, encoding).line;
  if (line > 0) {
    const std::string_view above = line_content(index, line - 1);
    if (const auto list = find_suppression_list(above, "ignore")) {
      if (list_contains(above.substr(list->begin, list->end - list->begin), rule_id)) return std::nullopt;
      return append_to_list(index, line - 1, *list, rule_id, encoding);
    }
  }
  std::string_view content = line_content(index, line);
  if (line == 0) content.remove_prefix(std::min<std::size_t>(bom_bytes, content.size()));
  const std::string_view indent = content.substr(0, content.size() - skip_blanks(content).size());
  const LspPosition at = index.position(index.line_start(line) + (line == 0 ? bom_bytes : 0), encoding);
  return TextEdit{
      {at, at},
      std::string(indent) + "# shipshape ignore=" + std::string(rule_id) + std::string(line_terminator(index, line))};
}

std::optional<TextEdit> ignore_file_edit(const LineIndex& index, std::string_view rule_id, PositionEncoding encoding,
                                         std::uint32_t bom_bytes) {
  std::uint32_t line = 0;
  const auto content_of = [&](std::uint32_t l) {
    std::string_view content = line_content(index, l);
    if (l == 0) content.remove_prefix(std::min<std::size_t>(bom_bytes, content.size()));
    return content;
  };
  while (line < index.line_count() && is_parser_directive(content_of(line))) ++line;
  if (line < index.line_count()) {
    const std::string_view content = content_of(line);
    if (const auto list = find_suppression_list(content, "ignore-file")) {
      if (list_contains(content.substr(list->begin, list->end - list->begin), rule_id)) return std::nullopt;
      SuppressionList shifted = *list;
      if (line == 0) shifted = {list->begin + bom_bytes, list->end + bom_bytes};
      return append_to_list(index, line, shifted, rule_id, encoding);
    }
  }
  const std::string comment = "# shipshape ignore-file=" + std::string(rule_id);
  if (line >= index.line_count()) {
    // Only directives, the last without a line break: start a new line after it.
    const LspPosition end = index.position(static_cast<std::uint32_t>(index.text().size()), encoding);
    return TextEdit{{end, end}, std::string(line_terminator(index, 0)) + comment};
  }
  const LspPosition at = index.position(index.line_start(line) + (line == 0 ? bom_bytes : 0), encoding);
  return TextEdit{{at, at}, comment + std::string(line_terminator(index, line))};
}

std::vector<TextEdit> fix_edits(const LineIndex& index, const rules::Fix& fix, PositionEncoding encoding,
                                std::uint32_t bom_bytes) {
  std::vector<TextEdit> out;
  out.reserve(fix.edits.size());
  for (const rules::Edit& edit : fix.edits) {
    out.push_back(TextEdit{to_lsp_range(index, edit.range, encoding, bom_bytes), edit.replacement});
  }
  return out;
}

}  // namespace shipshape::lsp
