#pragma once
// Turning source text into something safe and aligned on a terminal: control characters and invalid UTF-8
// become visible placeholders (no escape-sequence injection from a linted file), tabs become spaces, wide
// characters count two columns, and secret ranges are masked.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/source.h"

namespace shipshape::lint::output {

// A line prepared for display, with a map from byte offsets in the line to display columns.
struct DisplayLine {
  std::string text;                        // safe to print
  std::vector<std::uint32_t> column_at;    // display column (0-based) of each byte offset, plus one past the end
};

// `line` is the source line; `line_offset` its offset in the file; bytes inside `masked` ranges print as '*'.
DisplayLine prepare_line(std::string_view line, std::uint32_t line_offset, const std::vector<Range>& masked);

// Makes arbitrary text (a message, a path) safe to print: control characters and invalid UTF-8 are replaced.
std::string sanitize(std::string_view text);

}  // namespace shipshape::lint::output
