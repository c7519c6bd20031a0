#pragma once
// Small pieces of Go's standard library that BuildKit's Dockerfile parser leans on, reproduced so that our
// parser splits, trims and validates text exactly as `docker build` does: UTF-8 decoding with Go's error
// rune, unicode.IsSpace, strings.TrimSpace, time.ParseDuration and strconv.ParseInt.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shipshape::dockerfile::go {

struct Rune {
  char32_t value = 0;
  std::uint32_t width = 0;  // bytes consumed; an invalid byte reads as U+FFFD with width 1, as in Go
};
inline constexpr char32_t replacement_rune = 0xFFFD;

// utf8.DecodeRuneInString(s[pos:]); `pos` must be < s.size().
Rune decode_rune(std::string_view s, std::size_t pos);
// utf8.EncodeRune / strings.Builder.WriteRune.
void append_rune(std::string& out, char32_t rune);

// unicode.IsSpace.
bool is_space(char32_t rune);
// unicode.IsSpace(rune(b)) applied to one byte, as BuildKit's byte-wise scanners do: besides ASCII
// whitespace this is true for 0x85 and 0xA0, which occur inside UTF-8 sequences.
inline bool is_space_byte(unsigned char b) {
  return b == ' ' || (b >= '\t' && b <= '\r') || b == 0x85 || b == 0xA0;
}
// reWhitespace in BuildKit: [\t\v\f\r ].
inline bool is_split_space(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r'; }

// strings.TrimSpace / TrimLeftFunc(unicode.IsSpace): offsets [begin, end) of the trimmed part of s.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};
Span trim_space(std::string_view s);
std::size_t leading_space(std::string_view s);

// time.ParseDuration, in nanoseconds; nullopt with Go's error message when the text is invalid.
std::optional<std::int64_t> parse_duration(std::string_view text, std::string& error);

// strconv.ParseInt(text, 10, bits); nullopt with Go's error message when invalid or out of range.
std::optional<std::int64_t> parse_int(std::string_view text, int bits, std::string& error);

}  // namespace shipshape::dockerfile::go
