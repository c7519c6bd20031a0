#pragma once
// What a lint run produced: per file, its findings and the reasons it could not be (fully) linted.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lint/discovery.h"
#include "parsers/diagnostic.h"
#include "parsers/source.h"
#include "rules/rule.h"

namespace shipshape::lint {

struct FileReport {
  std::string path;                           // as shown in output
  std::filesystem::path fs_path;              // as opened (empty for stdin without --stdin-filename)
  std::optional<FileType> type;
  std::shared_ptr<const SourceFile> source;   // null when the file could not be read
  std::vector<rules::Finding> findings;       // sorted by position, then rule id; suppressed ones included
  std::vector<Diagnostic> errors;             // unreadable or unparsable: the run exits with code 2
  // Source ranges that hold secret values; outputs that quote source text mask them.
  std::vector<Range> sensitive_ranges;
};

struct Summary {
  std::size_t files = 0;        // files linted (read and parsed or attempted)
  std::size_t errors = 0;       // findings by severity (not suppressed)
  std::size_t warnings = 0;
  std::size_t notes = 0;
  std::size_t suppressed = 0;
  std::size_t fixable = 0;
  std::size_t file_errors = 0;  // files that could not be (fully) linted, plus paths that could not be read
};

struct LintReport {
  std::vector<FileReport> files;          // sorted by path
  std::vector<InputError> input_errors;   // paths that could not be walked or found
  bool show_suppressed = false;           // outputs include suppressed findings, marked as such

  Summary summary() const;
};

}  // namespace shipshape::lint
