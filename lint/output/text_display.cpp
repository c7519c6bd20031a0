#include "lint/output/text_display.h"

#include <algorithm>

namespace shipshape::lint::output {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr int kTabWidth = 4;

// Decodes one UTF-8 code point at s[i]; returns its length, or 0 if invalid.
std::size_t decode(std::string_view s, std::size_t i, std::uint32_t& cp) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = b(i);
  std::size_t length = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : (lead & 0xF8) == 0xF0 ? 4 : 0;
  if (length == 0 || i + length > s.size()) return 0;
  cp = length == 1 ? lead : (lead & (0x7F >> length));
  for (std::size_t k = 1; k < length; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return length;
}

// East Asian wide and fullwidth characters take two terminal columns; combining marks take none.
int display_width(std::uint32_t cp) {
  if ((cp >= 0x0300 && cp <= 0x036F) || cp == 0x200B || (cp >= 0xFE00 && cp <= 0xFE0F)) return 0;
  if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
      (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) || (cp >= 0x1F900 && cp <= 0x1F9FF) ||
      (cp >= 0x20000 && cp <= 0x3FFFD)) {
    return 2;
  }
  return 1;
}

bool is_control(std::uint32_t cp) { return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0); }

}  // namespace

DisplayLine prepare_line(std::string_view line, std::uint32_t line_offset, const std::vector<Range>& masked) {
  DisplayLine out;
  out.text.reserve(line.size());
  out.column_at.assign(line.size() + 1, 0);
  std::uint32_t column = 0;
  std::size_t i = 0;
  while (i < line.size()) {
    const std::uint32_t offset = line_offset + static_cast<std::uint32_t>(i);
    bool is_masked = false;
    for (const Range& r : masked) {
      if (r.begin.offset <= offset && offset < r.end.offset) is_masked = true;
    }
    std::uint32_t cp = 0;
    std::size_t length = decode(line, i, cp);
    for (std::size_t k = 0; k < std::max<std::size_t>(length, 1); ++k) out.column_at[i + k] = column;
    if (line[i] == '\t') {
      const int spaces = kTabWidth - static_cast<int>(column % kTabWidth);
      out.text.append(static_cast<std::size_t>(spaces), is_masked ? '*' : ' ');
      column += static_cast<std::uint32_t>(spaces);
      i += 1;
      continue;
    }
    if (length == 0 || is_control(cp)) {
      out.text.append(is_masked ? "*" : kReplacement);
      column += 1;
      i += length == 0 ? 1 : length;
      continue;
    }
    const int width = display_width(cp);
    if (is_masked) {
      out.text.append(static_cast<std::size_t>(width), '*');
    } else {
      out.text.append(line.substr(i, length));
    }
    column += static_cast<std::uint32_t>(width);
    i += length;
  }
  out.column_at[line.size()] = column;
  return out;
}

std::string sanitize(std::string_view text) {
  // Nearly every message is printable ASCII: copy it whole.
  const bool printable_ascii = std::all_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (byte >= 0x20 && byte < 0x7F) || byte == '\t';
  });
  if (printable_ascii) return std::string(text);
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    std::uint32_t cp = 0;
    const std::size_t length = decode(text, i, cp);
    if (length == 0 || (is_control(cp) && cp != '\t')) {
      out.append(kReplacement);
      i += length == 0 ? 1 : length;
      continue;
    }
    out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

}  // namespace shipshape::lint::output
