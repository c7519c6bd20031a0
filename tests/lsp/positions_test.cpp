#include "lint/lsp/positions.h"

#include <doctest/doctest.h>

#include <string>

namespace shipshape::lsp {

namespace {
constexpr auto utf8 = PositionEncoding::utf8;
constexpr auto utf16 = PositionEncoding::utf16;
constexpr auto utf32 = PositionEncoding::utf32;
}  // namespace

TEST_CASE("lsp positions: encoding names") {
  CHECK(to_string(utf8) == "utf-8");
  CHECK(to_string(utf16) == "utf-16");
  CHECK(to_string(utf32) == "utf-32");
  CHECK(parse_position_encoding("utf-8") == utf8);
  CHECK(parse_position_encoding("utf-16") == utf16);
  CHECK(parse_position_encoding("utf-32") == utf32);
  CHECK_FALSE(parse_position_encoding("UTF-16"));
  CHECK_FALSE(parse_position_encoding("latin1"));
}

TEST_CASE("lsp positions: lines end at LF, CRLF and a lone CR") {
  const LineIndex index("a\nbb\r\nccc\rd");
  REQUIRE(index.line_count() == 4);
  CHECK(index.line_start(0) == 0);
  CHECK(index.line_start(1) == 2);
  CHECK(index.line_start(2) == 6);
  CHECK(index.line_start(3) == 10);
  CHECK(index.line_content_end(0) == 1);
  CHECK(index.line_content_end(1) == 4);
  CHECK(index.line_content_end(2) == 9);
  CHECK(index.line_content_end(3) == 11);
  CHECK(index.position(5, utf16) == LspPosition{1, 2});  // between CR and LF: the end of the line
  CHECK(index.position(9, utf16) == LspPosition{2, 3});
  CHECK(index.position(10, utf16) == LspPosition{3, 0});
  CHECK(index.position(99, utf16) == LspPosition{3, 1});  // clamped to the end
  CHECK(LineIndex("").line_count() == 1);
  CHECK(LineIndex("x\n").line_count() == 2);
}

TEST_CASE("lsp positions: characters are counted in the negotiated encoding") {
  // "é" is 2 bytes / 1 UTF-16 unit, "日" 3 bytes / 1 unit, "😀" 4 bytes / 2 units (a surrogate pair).
  const std::string text = "# \xC3\xA9\xE6\x97\xA5\xF0\x9F\x98\x80 x\nRUN y";
  const LineIndex index(text);
  const auto x = static_cast<std::uint32_t>(text.find(" x") + 1);
  CHECK(x == 12);
  CHECK(index.position(x, utf8) == LspPosition{0, 12});
  CHECK(index.position(x, utf16) == LspPosition{0, 7});
  CHECK(index.position(x, utf32) == LspPosition{0, 6});
  const auto run = static_cast<std::uint32_t>(text.find("RUN"));
  CHECK(index.position(run + 4, utf16) == LspPosition{1, 4});
  for (const PositionEncoding encoding : {utf8, utf16, utf32}) {
    CAPTURE(to_string(encoding));
    CHECK(index.offset(index.position(x, encoding), encoding) == x);
    CHECK(index.offset(index.position(run + 4, encoding), encoding) == run + 4);
  }
}

TEST_CASE("lsp positions: offsets of positions clamp as LSP specifies") {
  const std::string text = "ab\xF0\x9F\x98\x80z\r\nsecond";
  const LineIndex index(text);
  CHECK(index.offset({0, 0}, utf16) == 0);
  CHECK(index.offset({0, 2}, utf16) == 2);
  CHECK(index.offset({0, 3}, utf16) == 2);  // inside the surrogate pair: the character's start
  CHECK(index.offset({0, 4}, utf16) == 6);
  CHECK(index.offset({0, 5}, utf16) == 7);  // the end of the line, before CRLF
  CHECK(index.offset({0, 500}, utf16) == 7);
  CHECK(index.offset({0, 4}, utf8) == 2);  // inside the 4-byte sequence
  CHECK(index.offset({0, 3}, utf32) == 6);
  CHECK(index.offset({1, 3}, utf16) == 12);
  CHECK(index.offset({2, 0}, utf16) == text.size());  // past the last line: the end of the text
  CHECK(index.offset({9, 9}, utf16) == text.size());
}

TEST_CASE("lsp positions: invalid UTF-8 bytes count as one unit each") {
  const std::string text = "a\xFF\xC3z";
  const LineIndex index(text);
  CHECK(index.position(4, utf16) == LspPosition{0, 4});
  CHECK(index.position(4, utf8) == LspPosition{0, 4});
  CHECK(index.offset({0, 3}, utf16) == 3);
}

TEST_CASE("lsp positions: shipshape ranges convert through byte offsets, past a BOM") {
  const std::string editor_text =
      "\xEF\xBB\xBF"
      "FROM \xC3\xA9\n";
  const SourceFile source("Dockerfile", editor_text);  // drops the BOM
  const Range word = source.range(5, 7);               // "é"
  const LineIndex index(editor_text);
  CHECK(to_lsp_range(index, word, utf16, 3) == LspRange{{0, 6}, {0, 7}});
  CHECK(to_lsp_range(index, word, utf8, 3) == LspRange{{0, 8}, {0, 10}});
  const LineIndex plain("FROM \xC3\xA9\n");
  CHECK(to_lsp_range(plain, word, utf16) == LspRange{{0, 5}, {0, 6}});
}

}  // namespace shipshape::lsp
