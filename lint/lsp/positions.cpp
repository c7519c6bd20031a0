#include "lint/lsp/positions.h"

#include <algorithm>

namespace shipshape::lsp {

namespace {

// Length in bytes of the UTF-8 character starting at text[i]; 1 for a byte that does not start a valid one.
std::uint32_t char_length(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::uint32_t length = 1;
  if (lead >= 0xF0 && lead < 0xF8) {
    length = 4;
  } else if (lead >= 0xE0) {
    length = lead < 0xF0 ? 3 : 1;
  } else if (lead >= 0xC2) {
    length = 2;
  }
  if (i + length > text.size()) return 1;
  for (std::uint32_t k = 1; k < length; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 1;
  }
  return length;
}

// Code units a character of `length` UTF-8 bytes takes in `encoding` (an invalid byte counts as one unit,
// as the replacement character an editor shows for it).
std::uint32_t units(std::uint32_t length, PositionEncoding encoding) {
  switch (encoding) {
    case PositionEncoding::utf8:
      return length;
    case PositionEncoding::utf16:
      return length == 4 ? 2 : 1;
    case PositionEncoding::utf32:
      return 1;
  }
  return 1;
}

}  // namespace

std::string_view to_string(PositionEncoding encoding) {
  switch (encoding) {
    case PositionEncoding::utf8:
      return "utf-8";
    case PositionEncoding::utf16:
      return "utf-16";
    case PositionEncoding::utf32:
      return "utf-32";
  }
  return "utf-16";
}

std::optional<PositionEncoding> parse_position_encoding(std::string_view name) {
  if (name == "utf-8") return PositionEncoding::utf8;
  if (name == "utf-16") return PositionEncoding::utf16;
  if (name == "utf-32") return PositionEncoding::utf32;
  return std::nullopt;
}

LineIndex::LineIndex(std::string_view text) : text_(text) {
  line_starts_.reserve(text.size() / 32 + 1);
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      line_starts_.push_back(static_cast<std::uint32_t>(i + 1));
    } else if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      line_starts_.push_back(static_cast<std::uint32_t>(i + 1));
    }
  }
}

std::uint32_t LineIndex::line_content_end(std::uint32_t line) const {
  if (line + 1 >= line_count()) return static_cast<std::uint32_t>(text_.size());
  std::uint32_t end = line_starts_[line + 1] - 1;  // the terminator's last byte
  if (text_[end] == '\n' && end > line_starts_[line] && text_[end - 1] == '\r') --end;
  return end;
}

LspPosition LineIndex::position(std::uint32_t offset, PositionEncoding encoding) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line = static_cast<std::uint32_t>(it - line_starts_.begin() - 1);
  const std::uint32_t end = std::min(offset, line_content_end(line));
  std::uint32_t character = 0;
  for (std::size_t i = line_starts_[line]; i < end;) {
    const std::uint32_t length = char_length(text_, i);
    character += (i + length <= end) ? units(length, encoding) : 1;
    i += length;
  }
  return LspPosition{line, character};
}

std::uint32_t LineIndex::offset(LspPosition position, PositionEncoding encoding) const {
  if (position.line >= line_count()) return static_cast<std::uint32_t>(text_.size());
  const std::uint32_t end = line_content_end(position.line);
  std::uint32_t i = line_starts_[position.line];
  std::uint32_t character = 0;
  while (i < end) {
    const std::uint32_t length = char_length(text_, i);
    const std::uint32_t width = units(length, encoding);
    if (character + width > position.character) break;  // the position is at or inside this character
    character += width;
    i += length;
  }
  return i;
}

LspRange to_lsp_range(const LineIndex& index, const Range& range, PositionEncoding encoding, std::uint32_t bom_bytes) {
  return LspRange{index.position(range.begin.offset + bom_bytes, encoding),
                  index.position(range.end.offset + bom_bytes, encoding)};
}

}  // namespace shipshape::lsp
