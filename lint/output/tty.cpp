// The terminal format: each finding with its location, the source line(s) and a caret under the exact span,
// then a summary. Modelled on compiler diagnostics so that terminals and editors make `path:line:col` clickable.
//
//   warning[DL3007]: base image `ubuntu` uses the `latest` tag
//    --> Dockerfile:3:13
//     |
//   3 | FROM ubuntu:latest
//     |             ^^^^^^
//     = help: https://.../DL3007.md
//
// The gutter is as wide as the largest line number shown, and every `|` and `=` sits in the same column.

#include <fmt/format.h>

#include <algorithm>

#include "lint/output/output.h"
#include "lint/output/text_display.h"
#include "rules/registry.h"

namespace shipshape::lint::output {

namespace {

constexpr std::uint32_t kMaxSnippetLines = 6;    // longer spans show their first and last lines
constexpr std::uint32_t kMaxDisplayWidth = 140;  // longer lines are cut around the span

struct Style {
  bool color = false;
  std::string paint(std::string_view text, std::string_view code) const {
    if (!color) return std::string(text);
    return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
  }
  std::string severity(rules::Severity s, std::string_view text) const {
    switch (s) {
      case rules::Severity::error: return paint(text, "1;31");
      case rules::Severity::warning: return paint(text, "1;33");
      case rules::Severity::note: return paint(text, "1;36");
    }
    return std::string(text);
  }
  std::string gutter(std::string_view text) const { return paint(text, "1;34"); }
  std::string bold(std::string_view text) const { return paint(text, "1"); }
  std::string dim(std::string_view text) const { return paint(text, "2"); }
};

std::string location(const FileReport& file, const Position& at) {
  if (!file.source) return sanitize(file.path);
  return fmt::format("{}:{}:{}", sanitize(file.path), at.line, file.source->column(at, ColumnUnit::characters));
}

// The last line a snippet of `range` shows (a span that ends at the start of a line does not show that line).
std::uint32_t last_shown_line(const SourceFile& source, const Range& range) {
  std::uint32_t last_line = range.end.line;
  if (last_line > range.begin.line && range.end.column == 1) --last_line;
  return std::min(last_line, source.line_count());
}

// Columns for the line numbers of a snippet of `range`: the width of the largest one shown.
std::size_t gutter_width(const FileReport& file, const Range& range) {
  if (!file.source || file.source->size() == 0) return 1;
  return fmt::formatted_size("{}", std::max<std::uint32_t>(last_shown_line(*file.source, range), 1));
}

// Renders the lines of `range` with an underline below each line's part of the span.
void render_snippet(std::string& out, const FileReport& file, Range range, rules::Severity severity,
                    std::string_view marker, const Style& style) {
  const SourceFile& source = *file.source;
  const std::uint32_t last_line = last_shown_line(source, range);
  const std::uint32_t first_line = std::min(range.begin.line, last_line);
  const std::size_t number_width = gutter_width(file, range);
  const std::string pad(number_width, ' ');
  out += fmt::format("{} {}\n", pad, style.gutter("|"));
  for (std::uint32_t line = first_line; line <= last_line; ++line) {
    const std::uint32_t shown_lines = last_line - first_line + 1;
    if (shown_lines > kMaxSnippetLines && line == first_line + kMaxSnippetLines - 2) {
      out += fmt::format("{} {}\n", style.gutter(std::string(number_width, '.')), style.gutter("|"));
      line = last_line - 1;
      continue;
    }
    const std::string_view text = source.line_text(line);
    const std::uint32_t line_offset = source.line_start(line);
    const DisplayLine display = prepare_line(text, line_offset, file.sensitive_ranges);
    const auto byte_in_line = [&](std::uint32_t offset) {
      return std::min<std::uint32_t>(offset > line_offset ? offset - line_offset : 0,
                                     static_cast<std::uint32_t>(text.size()));
    };
    const std::uint32_t span_begin = line == range.begin.line ? byte_in_line(range.begin.offset) : 0;
    const std::uint32_t span_end =
        line == range.end.line ? byte_in_line(range.end.offset) : static_cast<std::uint32_t>(text.size());
    std::uint32_t from = display.column_at[span_begin];
    std::uint32_t to = std::max(display.column_at[std::max(span_end, span_begin)], from + 1);
    // Cut very long lines to a window around the span.
    std::string shown = display.text;
    std::uint32_t window_start = 0;
    if (display.column_at.back() > kMaxDisplayWidth) {
      window_start = from > 20 ? from - 20 : 0;
      std::size_t byte_start = 0;
      while (byte_start < text.size() && display.column_at[byte_start] < window_start) ++byte_start;
      std::size_t byte_end = byte_start;
      while (byte_end < text.size() && display.column_at[byte_end] < window_start + kMaxDisplayWidth) ++byte_end;
      shown = prepare_line(text.substr(byte_start, byte_end - byte_start), line_offset + byte_start,
                           file.sensitive_ranges)
                  .text;
      window_start = display.column_at[byte_start];
      if (byte_start > 0) shown = "…" + shown;
      if (byte_end < text.size()) shown += "…";
      const std::uint32_t lead = byte_start > 0 ? 1 : 0;
      from = from - window_start + lead;
      to = std::min(to - window_start + lead, kMaxDisplayWidth + lead + 1);
    }
    out += fmt::format("{} {} {}\n", style.gutter(fmt::format("{:>{}}", line, number_width)), style.gutter("|"),
                       shown);
    out += fmt::format("{} {} {}{}\n", pad, style.gutter("|"), std::string(from, ' '),
                       style.severity(severity, std::string(to - from, marker.front())));
  }
}

void render_finding(std::string& out, const FileReport& file, const rules::Finding& finding, const Style& style) {
  const std::string label = fmt::format("{}[{}]", rules::to_string(finding.severity), finding.rule->id);
  out += style.severity(finding.severity, label);
  out += style.bold(fmt::format(": {}", sanitize(finding.message)));
  if (finding.suppressed) out += style.dim(fmt::format(" (suppressed: {})", sanitize(finding.suppression)));
  out += '\n';
  const std::string pad(gutter_width(file, finding.range), ' ');
  out += fmt::format("{}{} {}\n", pad, style.gutter("-->"), location(file, finding.range.begin));
  if (file.source && file.source->size() > 0) render_snippet(out, file, finding.range, finding.severity, "^", style);
  if (!finding.pointer.empty()) out += fmt::format("{} {} at {}\n", pad, style.gutter("="), sanitize(finding.pointer));
  if (finding.fix) {
    out += fmt::format("{} {} fix: {}\n", pad, style.gutter("="), sanitize(finding.fix->description));
  }
  out += fmt::format("{} {} help: {}\n\n", pad, style.gutter("="), rules::help_uri(*finding.rule));
}

void render_error(std::string& out, const FileReport& file, const Diagnostic& error, const Style& style) {
  out += style.severity(rules::Severity::error, "error");
  out += style.bold(fmt::format(": {}", sanitize(error.message)));
  out += '\n';
  const bool snippet = file.source && file.source->size() > 0 && error.range.begin.line > 0 &&
                       error.range.begin.line <= file.source->line_count();
  const std::string pad(snippet ? gutter_width(file, error.range) : 1, ' ');
  out += fmt::format("{}{} {}\n", pad, style.gutter("-->"), location(file, error.range.begin));
  if (snippet) render_snippet(out, file, error.range, rules::Severity::error, "^", style);
  if (!error.hint.empty()) out += fmt::format("{} {} hint: {}\n", pad, style.gutter("="), sanitize(error.hint));
  out += '\n';
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace

std::string render_tty(const LintReport& report, const RenderOptions& options) {
  const Style style{options.color};
  std::string out;
  for (const InputError& error : report.input_errors) {
    out += style.severity(rules::Severity::error, "error");
    out += style.bold(fmt::format(": {}: {}", sanitize(error.path), sanitize(error.message)));
    out += "\n\n";
  }
  for (const FileReport& file : report.files) {
    for (const Diagnostic& error : file.errors) render_error(out, file, error, style);
    for (const rules::Finding& finding : file.findings) {
      if (!finding.suppressed || report.show_suppressed) render_finding(out, file, finding, style);
    }
  }
  const Summary s = report.summary();
  const std::size_t problems = s.errors + s.warnings + s.notes;
  std::string line;
  if (problems == 0 && s.file_errors == 0) {
    line = style.bold(fmt::format("No problems found in {}.", plural(s.files, "file", "files")));
  } else {
    line = style.bold(fmt::format("Found {} in {}", plural(problems, "problem", "problems"),
                                  plural(s.files, "file", "files")));
    std::vector<std::string> parts;
    if (s.errors) parts.push_back(style.severity(rules::Severity::error, plural(s.errors, "error", "errors")));
    if (s.warnings) parts.push_back(style.severity(rules::Severity::warning, plural(s.warnings, "warning", "warnings")));
    if (s.notes) parts.push_back(style.severity(rules::Severity::note, plural(s.notes, "note", "notes")));
    if (!parts.empty()) line += fmt::format(": {}", fmt::join(parts, ", "));
    line += ".";
    if (s.file_errors) {
      line += ' ';
      line += style.severity(rules::Severity::error,
                             fmt::format("{} could not be linted.", plural(s.file_errors, "file", "files")));
    }
  }
  if (s.fixable) line += fmt::format(" {} fixable.", s.fixable);
  if (s.suppressed) line += style.dim(fmt::format(" {} suppressed.", s.suppressed));
  out += line;
  out += '\n';
  return out;
}

}  // namespace shipshape::lint::output
