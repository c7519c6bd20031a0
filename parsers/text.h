#pragma once
// Small text helpers shared by every layer.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace shipshape::text {

inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
inline char ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
std::string to_lower(std::string_view s);
std::string to_upper(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);
bool iends_with(std::string_view s, std::string_view suffix);
bool icontains(std::string_view haystack, std::string_view needle);

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }
std::string_view trim(std::string_view s);
std::string_view trim_left(std::string_view s);
std::string_view trim_right(std::string_view s);

// Splits on `separator`, keeping empty pieces.
std::vector<std::string_view> split(std::string_view s, char separator);

// Levenshtein distance, case-insensitive; stops early and returns `limit + 1` once it exceeds `limit`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit = 64);

// The candidate closest to `word` when it is close enough to be a likely typo (or differs only in case);
// empty otherwise.
std::string_view closest_match(std::string_view word, const std::vector<std::string_view>& candidates);

// Shell-style glob over a whole string: `*` (any run without '/'), `**` (any run), `?`, `[...]`, `\` escapes.
// With `path_mode` false, `*` also matches '/'.
bool glob_match(std::string_view pattern, std::string_view text, bool path_mode = true);

}  // namespace shipshape::text
