#pragma once
// Strict JSON (RFC 8259) into a positioned Document.
//
// Rejected, each with an exact position and a message saying how to fix it: comments, trailing commas,
// single-quoted strings, unquoted keys, NUL bytes, invalid UTF-8, unescaped control characters in
// strings, invalid escapes and unpaired surrogates, leading zeros and other malformed numbers, NaN and
// Infinity, more than one top-level value, truncated input, and nesting deeper than `max_depth`.
// Duplicate keys are not an error; the document records them (Document::duplicate_keys()).
//
// The parser is a single pass with an explicit stack: time and memory are linear in the input and the
// call stack does not grow with nesting. A leading UTF-8 byte order mark is skipped.
//
// Why not tree-sitter-json: it accepts comments, several top-level values, raw control characters and
// `\u` without four hex digits, rejects the valid number `1e+5`, and its tree for a 39 MB array of
// numbers took 18 s and 3 GB (superlinear). Strictness and large inputs need a dedicated parser; tests
// still cross-check our positions against tree-sitter-json.

#include <cstdint>
#include <string_view>
#include <vector>

#include "parsers/diagnostic.h"
#include "parsers/json/document.h"

namespace shipshape::json {

struct ParseOptions {
  std::uint32_t max_depth = 512;  // arrays and objects open at once
};

struct ParseResult {
  Document document;               // empty when the text is not valid JSON
  std::vector<Diagnostic> errors;  // at most one: parsing stops at the first error
  bool ok() const { return errors.empty(); }
};

ParseResult parse(std::string_view text, const ParseOptions& options = {});

}  // namespace shipshape::json
