#pragma once
// Output formats. Each format renders a whole LintReport into a string; the CLI writes it to standard output
// or, atomically, to --output FILE. Renderers are pure: identical reports give identical bytes.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
  std::string sarif_category;          // SARIF automationDetails.id (GitHub's analysis category); empty: none
  // The rules SARIF lists in tool.driver.rules; nullopt: every registered rule. Rules of rendered findings that
  // the list lacks are appended. Tests pin it so that golden files do not change whenever a rule is added.
  std::optional<std::vector<const rules::RuleInfo*>> sarif_rules;
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

// GitHub code scanning's `primaryLocationLineHash` of every line of a file (element 0 is line 1), computed the
// way github/codeql-action's upload-sarif computes it from the file on disk; `had_bom` restores the UTF-8 byte
// order mark SourceFile strips, since Node keeps it as a character. Lines are counted as GitHub counts them
// (CR, LF and CRLF each end a line), and the text ends with one extra line after a final line break.
std::vector<std::string> github_line_hashes(std::string_view text, bool had_bom = false);

}  // namespace shipshape::lint::output
