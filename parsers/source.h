#pragma once
// A source file held in memory, and positions into it.
//
// Positions are byte offsets into the text, with the 1-based line and 1-based byte column computed
// once. The terminal wants character columns and SARIF/LSP want UTF-16 code units; SourceFile converts
// on demand, since only the handful of positions that reach an output need it.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shipshape {

struct Position {
  std::uint32_t offset = 0;  // bytes from the start of the text (after any UTF-8 BOM)
  std::uint32_t line = 1;    // 1-based
  std::uint32_t column = 1;  // 1-based, in bytes from the start of the line

  friend bool operator==(const Position&, const Position&) = default;
  friend auto operator<=>(const Position& a, const Position& b) { return a.offset <=> b.offset; }
};

// A half-open byte range [begin, end).
struct Range {
  Position begin;
  Position end;

  bool empty() const { return begin.offset == end.offset; }
  std::uint32_t size() const { return end.offset - begin.offset; }
  bool contains(const Range& other) const {
    return begin.offset <= other.begin.offset && other.end.offset <= end.offset;
  }
  friend bool operator==(const Range&, const Range&) = default;
};

// How columns are counted for a consumer.
enum class ColumnUnit { bytes, characters, utf16 };

class SourceFile {
 public:
  SourceFile() = default;
  // `bytes` is the file content as read. A leading UTF-8 byte order mark is removed from the text.
  SourceFile(std::string path, std::string bytes);

  const std::string& path() const { return path_; }
  std::string_view text() const { return text_; }
  bool had_bom() const { return had_bom_; }

  std::uint32_t size() const { return static_cast<std::uint32_t>(text_.size()); }
  std::uint32_t line_count() const { return static_cast<std::uint32_t>(line_starts_.size()); }

  // The position of a byte offset (clamped to the end of the text).
  Position position_at(std::uint32_t offset) const;
  Range range(std::uint32_t begin_offset, std::uint32_t end_offset) const;
  // The range of a view that points into text(); the view must come from this file.
  Range range_of(std::string_view piece) const;
  std::string_view slice(const Range& r) const { return std::string_view(text_).substr(r.begin.offset, r.size()); }

  // Line `line` (1-based) without its line terminator ("\n" or "\r\n").
  std::string_view line_text(std::uint32_t line) const;
  std::uint32_t line_start(std::uint32_t line) const { return line_starts_[line - 1]; }

  // The 1-based column of `p` counted in `unit`. Invalid UTF-8 bytes count as one character each.
  std::uint32_t column(const Position& p, ColumnUnit unit) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;  // offset of the first byte of each line
  bool had_bom_ = false;
};

// Counts code points (or UTF-16 code units) in a UTF-8 string; invalid bytes count as one each.
std::uint32_t count_columns(std::string_view utf8, ColumnUnit unit);

}  // namespace shipshape
