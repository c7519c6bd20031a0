#pragma once
// A problem found while reading a file: the file cannot be (fully) understood. Unlike a rule finding,
// a diagnostic means the file could not be linted as written, and the run exits with code 2.

#include <string>

#include "parsers/source.h"

namespace shipshape {

struct Diagnostic {
  Range range;          // where the problem is; an empty range marks a point
  std::string message;  // what is wrong, e.g. "unterminated heredoc: no line `EOF` before the end of the file"
  std::string hint;     // how to fix it, may be empty
};

}  // namespace shipshape
