#pragma once
// The exec (JSON) form of RUN, CMD, ENTRYPOINT, SHELL, ADD, COPY and VOLUME, read the way BuildKit reads it
// with Go's encoding/json: the text must be one valid JSON value that is an array; then every element must
// be a string. Invalid JSON is not an error (BuildKit falls back to shell form); a valid array holding
// anything but strings is.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shipshape::dockerfile {

struct JsonStringElement {
  std::string value;         // decoded as Go does (invalid UTF-8 and lone surrogates become U+FFFD)
  std::uint32_t begin = 0;   // offset of the opening quote in the parsed text
  std::uint32_t end = 0;     // offset just after the closing quote
};

struct JsonArray {
  enum class Kind : std::uint8_t {
    not_json,     // not a JSON array (syntax error, another value, trailing text): shell form
    strings,      // an array of strings: exec form
    not_strings,  // a valid array with a non-string element: BuildKit rejects the instruction
  };
  Kind kind = Kind::not_json;
  std::vector<JsonStringElement> elements;  // when kind == strings
};

// `text` is the instruction's arguments with leading whitespace removed.
JsonArray parse_json_array(std::string_view text);

}  // namespace shipshape::dockerfile
