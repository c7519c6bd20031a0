// TEMPORARY STUB until the remaining output formats land.
#include "lint/output/output.h"
namespace shipshape::lint::output {
std::string render_sarif(const LintReport& r, const RenderOptions& o) { return render_json(r, o); }
std::string render_gnu(const LintReport& r, const RenderOptions& o) { return render_json(r, o); }
std::string render_checkstyle(const LintReport& r, const RenderOptions& o) { return render_json(r, o); }
std::string render_github(const LintReport& r, const RenderOptions& o) { return render_json(r, o); }
std::string render_codeclimate(const LintReport& r, const RenderOptions& o) { return render_json(r, o); }
}  // namespace shipshape::lint::output
