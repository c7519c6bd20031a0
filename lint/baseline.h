#pragma once
// Baselines: `--write-baseline FILE` records today's findings by fingerprint; `--baseline FILE` then reports only
// findings that are not recorded, so that a team can adopt shipshape on an old repository and gate new problems.

#include <set>
#include <string>

#include "lint/report.h"

namespace shipshape::lint {

// The baseline file for a report (JSON, sorted, stable): every finding not suppressed inline.
std::string baseline_content(const LintReport& report);
// How many findings baseline_content(report) records.
std::size_t baseline_size(const LintReport& report);

// Reads the fingerprints of a baseline file; false with `error` set when it cannot be read or is not a baseline.
bool read_baseline(const std::string& path, std::set<std::string>& fingerprints, std::string& error);

}  // namespace shipshape::lint
