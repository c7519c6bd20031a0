#pragma once
// LSP positions: 0-based line and 0-based character, counted in the encoding negotiated at initialize
// (UTF-16 code units by default). Lines end at "\n", "\r\n" or "\r", as LSP defines them. Conversions go
// through byte offsets into the document text exactly as the editor holds it (a leading BOM included).

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "parsers/source.h"

namespace shipshape::lsp {

enum class PositionEncoding : unsigned char { utf8, utf16, utf32 };

std::string_view to_string(PositionEncoding encoding);  // "utf-8", "utf-16", "utf-32"
std::optional<PositionEncoding> parse_position_encoding(std::string_view name);

struct LspPosition {
  std::uint32_t line = 0;
  std::uint32_t character = 0;
  friend bool operator==(const LspPosition&, const LspPosition&) = default;
};
struct LspRange {
  LspPosition start;
  LspPosition end;
  friend bool operator==(const LspRange&, const LspRange&) = default;
};

// Line starts of a text, for converting between byte offsets and LSP positions. Holds a view: the text must
// outlive the index.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);

  std::string_view text() const { return text_; }
  std::uint32_t line_count() const { return static_cast<std::uint32_t>(line_starts_.size()); }
  std::uint32_t line_start(std::uint32_t line) const { return line_starts_[line]; }  // 0-based line
  // The end of the line's content, before its terminator.
  std::uint32_t line_content_end(std::uint32_t line) const;

  // The position of a byte offset (clamped to the text; an offset inside a "\r\n" maps to the line's end).
  LspPosition position(std::uint32_t offset, PositionEncoding encoding) const;
  // The byte offset of a position. As LSP specifies, a character past the end of its line means the line's
  // end, and a line past the last means the end of the text; a position inside a character (e.g. between
  // the two halves of a surrogate pair) moves to that character's start.
  std::uint32_t offset(LspPosition position, PositionEncoding encoding) const;

 private:
  std::string_view text_;
  std::vector<std::uint32_t> line_starts_;
};

// A shipshape source range (byte offsets into SourceFile::text(), which has no BOM) as an LSP range over the
// editor's text; `bom_bytes` is 3 when the editor's text starts with a UTF-8 BOM that SourceFile removed.
LspRange to_lsp_range(const LineIndex& index, const Range& range, PositionEncoding encoding,
                      std::uint32_t bom_bytes = 0);

}  // namespace shipshape::lsp
