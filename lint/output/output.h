#pragma once
// Output formats. Each format renders a whole LintReport into a string; the CLI writes it to standard output
// or, atomically, to --output FILE. Renderers are pure: identical reports give identical bytes.

#include <optional>
#include <string>
#include <string_view>

#include "lint/report.h"

namespace shipshape::lint::output {

enum class Format { tty, json, sarif, gnu, checkstyle, github, codeclimate };
std::optional<Format> parse_format(std::string_view name);
std::string_view to_string(Format format);
inline constexpr std::string_view kFormatNames = "tty, json, sarif, gnu, checkstyle, github, codeclimate";

struct RenderOptions {
  bool color = false;                  // ANSI colours (tty)
  std::optional<rules::Severity> fail_level;
  std::string working_directory;       // absolute; SARIF originalUriBaseIds and relative URIs
  std::string repository_root;         // absolute; SARIF paths are made relative to it when set
};

std::string render(Format format, const LintReport& report, const RenderOptions& options);

// One renderer per format (lint/output/<format>.cpp).
std::string render_tty(const LintReport& report, const RenderOptions& options);
std::string render_json(const LintReport& report, const RenderOptions& options);
std::string render_sarif(const LintReport& report, const RenderOptions& options);
std::string render_gnu(const LintReport& report, const RenderOptions& options);
std::string render_checkstyle(const LintReport& report, const RenderOptions& options);
std::string render_github(const LintReport& report, const RenderOptions& options);
std::string render_codeclimate(const LintReport& report, const RenderOptions& options);

}  // namespace shipshape::lint::output
