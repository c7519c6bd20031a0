#include "lint/output/output.h"

#include "parsers/text.h"

namespace shipshape::lint::output {

namespace {

struct FormatName {
  Format format;
  std::string_view name;
};
constexpr FormatName kFormats[] = {
    {Format::tty, "tty"},       {Format::json, "json"},     {Format::sarif, "sarif"},
    {Format::gnu, "gnu"},       {Format::checkstyle, "checkstyle"}, {Format::github, "github"},
    {Format::codeclimate, "codeclimate"},
};

}  // namespace

std::optional<Format> parse_format(std::string_view name) {
  for (const FormatName& entry : kFormats) {
    if (text::iequals(entry.name, name)) return entry.format;
  }
  if (text::iequals(name, "gitlab")) return Format::codeclimate;  // GitLab's name for the same report
  return std::nullopt;
}

std::string_view to_string(Format format) {
  for (const FormatName& entry : kFormats) {
    if (entry.format == format) return entry.name;
  }
  return "tty";
}

std::string render(Format format, const LintReport& report, const RenderOptions& options) {
  switch (format) {
    case Format::tty: return render_tty(report, options);
    case Format::json: return render_json(report, options);
    case Format::sarif: return render_sarif(report, options);
    case Format::gnu: return render_gnu(report, options);
    case Format::checkstyle: return render_checkstyle(report, options);
    case Format::github: return render_github(report, options);
    case Format::codeclimate: return render_codeclimate(report, options);
  }
  return render_tty(report, options);
}

}  // namespace shipshape::lint::output
