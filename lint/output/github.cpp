// GitHub Actions workflow commands: one annotation per finding, shown on the pull request's diff and in the
// run's summary, then one summary line for the log:
//
//   ::warning file=Dockerfile,line=3,col=13,endLine=3,endColumn=18,title=DL3007 latest_tag::base image ...
//
// Escaping follows @actions/core (toolkit command.ts): in the message `%`, CR and LF; in property values also
// `:` and `,`. Columns count characters and `endColumn` is inclusive (the toolkit defaults it to `col`, a
// one-character annotation); both are given only for a finding on one line, as the toolkit requires. GitHub
// shows at most 10 annotations of each level per step, so the summary line says when more were printed.

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "lint/output/output.h"

namespace shipshape::lint::output {

namespace {

constexpr std::size_t kAnnotationsShownPerLevel = 10;

bool is_unwanted_control(unsigned char c) { return (c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7F; }

// Escapes a message (or, with `property`, a property value) for a workflow command. Other control characters
// would reach the log verbatim, so they are replaced.
std::string escape(std::string_view text, bool property) {
  std::string out;
  out.reserve(text.size() + 8);
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '%') {
      out += "%25";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else if (property && c == ':') {
      out += "%3A";
    } else if (property && c == ',') {
      out += "%2C";
    } else if (is_unwanted_control(byte)) {
      out += "\xEF\xBF\xBD";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string_view command_for(rules::Severity severity) {
  switch (severity) {
    case rules::Severity::error: return "error";
    case rules::Severity::warning: return "warning";
    case rules::Severity::note: return "notice";
  }
  return "warning";
}

bool is_stdin(const FileReport& file) { return file.fs_path.empty() && (file.path.empty() || file.path == "-"); }

// `file=…,line=…[,col=…],endLine=…[,endColumn=…]` for a range; `file=…` alone when there is no text.
std::string location_properties(const FileReport& file, const Range& range) {
  if (is_stdin(file)) return {};
  std::string out = "file=" + escape(file.path, true);
  if (!file.source) return out;
  const SourceFile& source = *file.source;
  const Position begin = source.position_at(range.begin.offset);
  const Position end = source.position_at(std::max(range.begin.offset, range.end.offset));
  // A range that ends just after a line break ends on the line before.
  const bool ends_after_break = end.line > begin.line && end.offset == source.line_start(end.line);
  const std::uint32_t end_line = ends_after_break ? end.line - 1 : end.line;
  if (end_line != begin.line) return out + fmt::format(",line={},endLine={}", begin.line, end_line);
  const std::uint32_t line_length = count_columns(source.line_text(begin.line), ColumnUnit::characters);
  // A point at the end of a line marks its last character (there is none after it to annotate).
  const std::uint32_t column =
      std::max(1u, std::min(source.column(begin, ColumnUnit::characters), std::max(line_length, 1u)));
  const std::uint32_t end_exclusive =
      ends_after_break ? line_length + 1 : std::min(source.column(end, ColumnUnit::characters), line_length + 1);
  const std::uint32_t end_column = std::max(column, end_exclusive - 1);
  return out + fmt::format(",line={},col={},endLine={},endColumn={}", begin.line, column, begin.line, end_column);
}

// Appends workflow commands and counts them by level.
class Commands {
 public:
  void add(std::string_view name, const std::string& location, std::string_view title, std::string_view message) {
    std::string properties = location;
    if (!properties.empty()) properties += ',';
    properties += "title=" + escape(title, true);
    text_ += fmt::format("::{} {}::{}\n", name, properties, escape(message, false));
    most_of_one_level_ = std::max(most_of_one_level_, ++count_[name]);
  }
  std::string& text() { return text_; }
  std::size_t most_of_one_level() const { return most_of_one_level_; }

 private:
  std::string text_;
  std::map<std::string_view, std::size_t> count_;
  std::size_t most_of_one_level_ = 0;
};

std::string count_of(std::size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace

std::string render_github(const LintReport& report, const RenderOptions&) {
  Commands commands;
  for (const InputError& error : report.input_errors) {
    const bool has_file = !error.path.empty() && error.path != "-";
    const std::string location = has_file ? "file=" + escape(error.path, true) : std::string();
    commands.add("error", location, "file not linted", error.message);
  }
  for (const FileReport& file : report.files) {
    for (const Diagnostic& error : file.errors) {
      std::string message = error.message;
      if (!error.hint.empty()) message += fmt::format(" (hint: {})", error.hint);
      commands.add("error", location_properties(file, error.range), "file not linted", message);
    }
    for (const rules::Finding& finding : file.findings) {
      if (finding.rule == nullptr || (finding.suppressed && !report.show_suppressed)) continue;
      std::string message = finding.message;
      if (finding.suppressed) message += fmt::format(" (suppressed: {})", finding.suppression);
      commands.add(command_for(finding.severity), location_properties(file, finding.range),
                   fmt::format("{} {}", finding.rule->id, finding.rule->name), message);
    }
  }

  // The summary is plain text (not a command), for whoever reads the log.
  const Summary s = report.summary();
  const std::size_t problems = s.errors + s.warnings + s.notes;
  std::string summary;
  if (problems == 0) {
    summary = fmt::format("shipshape found no problems in {}.", count_of(s.files, "file", "files"));
  } else {
    std::vector<std::string> parts;
    if (s.errors) parts.push_back(count_of(s.errors, "error", "errors"));
    if (s.warnings) parts.push_back(count_of(s.warnings, "warning", "warnings"));
    if (s.notes) parts.push_back(count_of(s.notes, "note", "notes"));
    summary = fmt::format("shipshape found {} in {}: {}.", count_of(problems, "problem", "problems"),
                          count_of(s.files, "file", "files"), fmt::join(parts, ", "));
  }
  if (s.file_errors) summary += fmt::format(" {} could not be linted.", count_of(s.file_errors, "file", "files"));
  if (s.suppressed) summary += fmt::format(" {} suppressed.", s.suppressed);
  if (commands.most_of_one_level() > kAnnotationsShownPerLevel) {
    summary += fmt::format(
        " GitHub shows at most {} annotations of each level per step; the SARIF format with code scanning shows "
        "them all.",
        kAnnotationsShownPerLevel);
  }
  std::string& out = commands.text();
  out += summary;
  out += '\n';
  return std::move(out);
}

}  // namespace shipshape::lint::output
