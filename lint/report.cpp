#include "lint/report.h"

namespace shipshape::lint {

Summary LintReport::summary() const {
  Summary s;
  s.file_errors = input_errors.size();
  for (const FileReport& file : files) {
    if (file.source) ++s.files;
    if (!file.errors.empty()) ++s.file_errors;
    for (const rules::Finding& finding : file.findings) {
      if (finding.suppressed) {
        ++s.suppressed;
        continue;
      }
      switch (finding.severity) {
        case rules::Severity::error: ++s.errors; break;
        case rules::Severity::warning: ++s.warnings; break;
        case rules::Severity::note: ++s.notes; break;
      }
      if (finding.fix) ++s.fixable;
    }
  }
  return s;
}

}  // namespace shipshape::lint
