// The GNU format: `file:line:col: severity: message [ID]`, one problem per line, as compilers print them, so
// that editors (Emacs compilation mode, Vim's quickfix list) and CI log parsers jump to the spot. Columns count
// characters. Files that could not be linted print as errors, without an ID.

#include <fmt/format.h>

#include "lint/output/output.h"
#include "lint/output/text_display.h"

namespace shipshape::lint::output {

namespace {

std::string shown_path(const FileReport& file) {
  if (file.fs_path.empty() && (file.path.empty() || file.path == "-")) return "stdin";
  return sanitize(file.path);
}

std::string location(const FileReport& file, const std::string& path, const Range& range) {
  if (!file.source) return path;
  const Position at = file.source->position_at(range.begin.offset);
  return fmt::format("{}:{}:{}", path, at.line, file.source->column(at, ColumnUnit::characters));
}

}  // namespace

std::string render_gnu(const LintReport& report, const RenderOptions&) {
  std::string out;
  for (const InputError& error : report.input_errors) {
    const std::string path = error.path == "-" ? "stdin" : sanitize(error.path);
    out += fmt::format("{}: error: {}\n", path, sanitize(error.message));
  }
  for (const FileReport& file : report.files) {
    const std::string path = shown_path(file);
    for (const Diagnostic& error : file.errors) {
      out += fmt::format("{}: error: {}", location(file, path, error.range), sanitize(error.message));
      if (!error.hint.empty()) out += fmt::format(" (hint: {})", sanitize(error.hint));
      out += '\n';
    }
    for (const rules::Finding& finding : file.findings) {
      if (finding.rule == nullptr || (finding.suppressed && !report.show_suppressed)) continue;
      out += fmt::format("{}: {}: {} [{}]", location(file, path, finding.range), rules::to_string(finding.severity),
                         sanitize(finding.message), finding.rule->id);
      if (finding.suppressed) out += fmt::format(" (suppressed: {})", sanitize(finding.suppression));
      out += '\n';
    }
  }
  return out;
}

}  // namespace shipshape::lint::output
