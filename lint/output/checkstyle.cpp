// Checkstyle XML 4.3, read by Jenkins (Warnings Next Generation), reviewdog, SonarQube and many CI dashboards:
//
//   <checkstyle version="4.3">
//     <file name="Dockerfile">
//       <error line="3" column="13" severity="warning" message="..." source="DL3007"/>
//     </file>
//   </checkstyle>
//
// One <file> per linted file, empty when it is clean. Columns count characters. Files that could not be linted
// carry an error without a source (and at line 0, without a column, when there is no position).

#include <fmt/format.h>

#include "lint/output/output.h"

namespace shipshape::lint::output {

namespace {

// Decodes one UTF-8 code point at s[i]; returns its length, or 0 when the bytes there are not valid UTF-8.
std::size_t decode_utf8(std::string_view s, std::size_t i, std::uint32_t& cp) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  const std::size_t length = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3
                             : (lead & 0xF8) == 0xF0 ? 4 : 0;
  if (length == 0 || i + length > s.size()) return 0;
  cp = length == 1 ? lead : (lead & (0x7F >> length));
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr std::uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinimum[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return length;
}

// XML 1.0 forbids most C0 controls and U+FFFE/U+FFFF; DEL and C1 controls are allowed but are never wanted
// in a report (they can drive terminals), so they go too.
bool unwanted_in_xml(std::uint32_t cp) {
  return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE ||
         cp == 0xFFFF;
}

// Text for an XML attribute value: markup characters escaped; tabs and line breaks as character references,
// since attribute-value normalisation would turn them into spaces; characters XML cannot carry (see above, and
// invalid UTF-8) replaced with U+FFFD.
std::string xml_attribute(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  std::size_t i = 0;
  while (i < text.size()) {
    std::uint32_t cp = 0;
    const std::size_t length = decode_utf8(text, i, cp);
    if (length == 0 || unwanted_in_xml(cp)) {
      out += "\xEF\xBF\xBD";
      i += length == 0 ? 1 : length;
      continue;
    }
    switch (cp) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\t': out += "&#9;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      default: out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

std::string_view checkstyle_severity(rules::Severity severity) {
  switch (severity) {
    case rules::Severity::error: return "error";
    case rules::Severity::warning: return "warning";
    case rules::Severity::note: return "info";
  }
  return "warning";
}

std::string shown_path(const FileReport& file) {
  if (file.fs_path.empty() && (file.path.empty() || file.path == "-")) return "stdin";
  return file.path;
}

// ` line="L" column="C"` for a position in the file, ` line="0"` when there is none.
std::string position_attributes(const FileReport& file, const Range& range) {
  if (!file.source) return " line=\"0\"";
  const Position at = file.source->position_at(range.begin.offset);
  return fmt::format(" line=\"{}\" column=\"{}\"", at.line, file.source->column(at, ColumnUnit::characters));
}

std::string message_of(const Diagnostic& error) {
  return error.hint.empty() ? error.message : fmt::format("{} (hint: {})", error.message, error.hint);
}

}  // namespace

std::string render_checkstyle(const LintReport& report, const RenderOptions&) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n";
  for (const InputError& error : report.input_errors) {
    out += fmt::format("  <file name=\"{}\">\n    <error line=\"0\" severity=\"error\" message=\"{}\"/>\n  </file>\n",
                       xml_attribute(error.path == "-" ? "stdin" : error.path), xml_attribute(error.message));
  }
  for (const FileReport& file : report.files) {
    std::string entries;
    for (const Diagnostic& error : file.errors) {
      entries += fmt::format("    <error{} severity=\"error\" message=\"{}\"/>\n", position_attributes(file, error.range),
                             xml_attribute(message_of(error)));
    }
    for (const rules::Finding& finding : file.findings) {
      if (finding.rule == nullptr || (finding.suppressed && !report.show_suppressed)) continue;
      std::string message = finding.message;
      if (finding.suppressed) message += fmt::format(" (suppressed: {})", finding.suppression);
      entries += fmt::format("    <error{} severity=\"{}\" message=\"{}\" source=\"{}\"/>\n",
                             position_attributes(file, finding.range), checkstyle_severity(finding.severity),
                             xml_attribute(message), xml_attribute(finding.rule->id));
    }
    if (entries.empty()) {
      out += fmt::format("  <file name=\"{}\"/>\n", xml_attribute(shown_path(file)));
    } else {
      out += fmt::format("  <file name=\"{}\">\n{}  </file>\n", xml_attribute(shown_path(file)), entries);
    }
  }
  out += "</checkstyle>\n";
  return out;
}

}  // namespace shipshape::lint::output
