#pragma once
// Fingerprints identify a finding across runs, so that a baseline keeps matching after unrelated edits move
// lines around. They hash the rule id, the file path, and the content the finding is about (the JSON Pointer for
// task definitions; for other files the flagged text and its whole line, with whitespace removed), plus an
// occurrence number among identical findings. Never a line number.

#include <cstdint>
#include <string>
#include <string_view>

#include "lint/report.h"

namespace shipshape::lint {

// Sets `fingerprint` on every finding of the report (findings must be in position order).
void assign_fingerprints(FileReport& report);

// 64-bit FNV-1a, as 16 lower-case hex digits.
std::string hash_hex(std::string_view data);

}  // namespace shipshape::lint
