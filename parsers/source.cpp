#include "parsers/source.h"

#include <algorithm>
#include <cstring>

namespace shipshape {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Length of the UTF-8 sequence starting at s[i], or 0 when the bytes there are not valid UTF-8.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  std::uint32_t min = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + length > s.size()) return 0;
  std::uint32_t cp = lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return length;
}

}  // namespace

std::uint32_t count_columns(std::string_view utf8, ColumnUnit unit) {
  if (unit == ColumnUnit::bytes) return static_cast<std::uint32_t>(utf8.size());
  std::uint32_t count = 0;
  std::size_t i = 0;
  while (i < utf8.size()) {
    // Fast path for ASCII runs, which is nearly all text in these files.
    if (static_cast<unsigned char>(utf8[i]) < 0x80) {
      ++count;
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(utf8, i);
    if (length == 0) {
      ++count;  // an invalid byte shows as one replacement character
      ++i;
      continue;
    }
    count += (unit == ColumnUnit::utf16 && length == 4) ? 2 : 1;
    i += length;
  }
  return count;
}

SourceFile::SourceFile(std::string path, std::string bytes) : path_(std::move(path)), text_(std::move(bytes)) {
  if (std::string_view(text_).substr(0, kUtf8Bom.size()) == kUtf8Bom) {
    text_.erase(0, kUtf8Bom.size());
    had_bom_ = true;
  }
  line_starts_.reserve(text_.size() / 32 + 1);
  line_starts_.push_back(0);
  const char* data = text_.data();
  const char* end = data + text_.size();
  for (const char* p = data; (p = static_cast<const char*>(std::memchr(p, '\n', end - p))) != nullptr; ++p) {
    line_starts_.push_back(static_cast<std::uint32_t>(p - data + 1));
  }
}

Position SourceFile::position_at(std::uint32_t offset) const {
  offset = std::min(offset, size());
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line_index = static_cast<std::uint32_t>(it - line_starts_.begin() - 1);
  return Position{offset, line_index + 1, offset - line_starts_[line_index] + 1};
}

Range SourceFile::range(std::uint32_t begin_offset, std::uint32_t end_offset) const {
  return Range{position_at(begin_offset), position_at(std::max(begin_offset, end_offset))};
}

Range SourceFile::range_of(std::string_view piece) const {
  const auto begin = static_cast<std::uint32_t>(piece.data() - text_.data());
  return range(begin, begin + static_cast<std::uint32_t>(piece.size()));
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_count()) return {};
  const std::uint32_t begin = line_starts_[line - 1];
  std::uint32_t end = line < line_count() ? line_starts_[line] - 1 : size();
  if (end > begin && text_[end - 1] == '\r' && line < line_count()) --end;
  return std::string_view(text_).substr(begin, end - begin);
}

std::uint32_t SourceFile::column(const Position& p, ColumnUnit unit) const {
  if (unit == ColumnUnit::bytes) return p.column;
  const std::uint32_t line_begin = line_starts_[p.line - 1];
  return count_columns(std::string_view(text_).substr(line_begin, p.offset - line_begin), unit) + 1;
}

}  // namespace shipshape
