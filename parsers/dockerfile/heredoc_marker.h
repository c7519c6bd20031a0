#pragma once
// How BuildKit finds heredoc markers in an instruction line (parser.heredocsFromLine / ParseHeredoc): the
// line is split into words by its shell lexer (quotes and escapes kept, unset variables kept as written),
// and every word of the form `[digits]<<[-]name` is a heredoc. Internal to the Dockerfile front end.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shipshape::dockerfile::detail {

struct LexedWord {
  std::string text;
  std::uint32_t begin = 0;  // offsets in the lexed text of the word's first and just after its last byte
  std::uint32_t end = 0;
};

// BuildKit's shell.Lex.ProcessWords with SkipUnsetEnv, an empty environment and `\` as escape character.
// With `raw_quotes` the quotes stay in the words, with `raw_escapes` the escape characters do. nullopt when
// the lexer fails (unterminated quote, bad substitution, ...).
std::optional<std::vector<LexedWord>> lex_words(std::string_view text, bool raw_quotes, bool raw_escapes);

struct HeredocMarker {
  std::string name;   // quotes removed
  unsigned fd = 0;
  bool chomp = false;
  bool expand = true;
};

enum class MarkerStatus : std::uint8_t { not_heredoc, heredoc, error };

// ParseHeredoc on one word: `^(\d*)<<(-?)([^<]*)$` and a name that lexes to exactly one word.
MarkerStatus parse_heredoc_marker(std::string_view word, HeredocMarker& marker);

}  // namespace shipshape::dockerfile::detail
