#pragma once
// The engine: read each file, parse it with its front end, run the enabled rules, apply suppressions and
// the baseline, and collect the results in a deterministic order whatever the number of threads.

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lint/config.h"
#include "lint/config_loader.h"
#include "lint/discovery.h"
#include "lint/report.h"

namespace shipshape::lint {

struct EngineOptions {
  RuleSettings command_line;                                // --select / --ignore / --extend-select
  std::vector<std::pair<std::string, std::string>> build_args;  // --build-arg (over the config's)
  std::string target;                                       // --target (over the config's)
  bool show_suppressed = false;
  std::set<std::string> baseline;                           // fingerprints to report as suppressed
  unsigned jobs = 0;                                        // 0: all cores
};

// Lints one file whose content is already in memory (the language server, tests, stdin).
FileReport lint_source(std::shared_ptr<const SourceFile> source, FileType type, const EffectiveConfig& config,
                       const ConfigFile& config_file, const EngineOptions& options);

// Lints every discovered file, `jobs` at a time. Config files are found per file through `configs`.
LintReport lint_files(const Discovery& discovery, ConfigLoader& configs, const EngineOptions& options);

// The exit code for a report: 2 when a file could not be linted, 1 when an unsuppressed finding is at or
// above `fail_level` (none: never), else 0.
int exit_code(const LintReport& report, std::optional<rules::Severity> fail_level);

}  // namespace shipshape::lint
