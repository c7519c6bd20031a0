#pragma once
// Suppressions: inline comments in Dockerfiles (`# shipshape ignore=ID`, `# shipshape ignore-file=ID`, and
// hadolint's `# hadolint ignore=DLxxxx` for the DL rules), JSON Pointer ignores from the configuration for task
// definitions, and the unused-suppression report (rule SS001).

#include <vector>

#include "lint/config.h"
#include "lint/config_loader.h"
#include "lint/report.h"

namespace shipshape::dockerfile {
class Document;
}

namespace shipshape::lint {

// Marks the findings the file's suppression comments cover as suppressed, and adds an SS001 finding for each
// suppression that matched nothing (when SS001 is enabled).
void apply_inline_suppressions(const dockerfile::Document& document, const EffectiveConfig& config,
                               FileReport& report);

// Marks findings matched by the configuration's pointer ignores as suppressed, and records which entries were used.
void apply_pointer_ignores(const EffectiveConfig& config, FileReport& report);

// One report per configuration file that has errors or unused pointer ignores (SS001), for the output.
std::vector<FileReport> config_reports(const ConfigLoader& configs);

}  // namespace shipshape::lint
