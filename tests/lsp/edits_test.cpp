#include "lint/lsp/edits.h"

#include <doctest/doctest.h>

#include <string>

namespace shipshape::lsp {

namespace {

constexpr auto utf16 = PositionEncoding::utf16;

// Applies one edit to `text` (positions in UTF-16), to check edits by their effect.
std::string apply_edit(const std::string& text, const TextEdit& edit) {
  const LineIndex index(text);
  const std::uint32_t begin = index.offset(edit.range.start, utf16);
  const std::uint32_t end = index.offset(edit.range.end, utf16);
  return text.substr(0, begin) + edit.new_text + text.substr(end);
}

std::uint32_t offset_of_line(const std::string& text, std::uint32_t line) { return LineIndex(text).line_start(line); }

}  // namespace

TEST_CASE("lsp edits: an ignore comment goes on a new line before the instruction, indented like it") {
  const std::string text = "FROM alpine\n  USER root\nRUN x\n";
  const LineIndex index(text);
  const auto edit = ignore_instruction_edit(index, offset_of_line(text, 1), "DL3002", utf16);
  REQUIRE(edit);
  CHECK(*edit == TextEdit{{{1, 0}, {1, 0}}, "  # shipshape ignore=DL3002\n"});
  CHECK(apply_edit(text, *edit) == "FROM alpine\n  # shipshape ignore=DL3002\n  USER root\nRUN x\n");
}

TEST_CASE("lsp edits: an ignore comment on the first line and in a CRLF file") {
  const std::string text = "FROM ubuntu:latest\r\nRUN x\r\n";
  const auto edit = ignore_instruction_edit(LineIndex(text), 0, "DL3007", utf16);
  REQUIRE(edit);
  CHECK(apply_edit(text, *edit) == "# shipshape ignore=DL3007\r\nFROM ubuntu:latest\r\nRUN x\r\n");
  // The last line without a line break takes the file's line ending.
  const std::string last = "FROM a\r\n\tUSER root";
  const auto at_end = ignore_instruction_edit(LineIndex(last), 8, "DL3002", utf16);
  REQUIRE(at_end);
  CHECK(apply_edit(last, *at_end) == "FROM a\r\n\t# shipshape ignore=DL3002\r\n\tUSER root");
}

TEST_CASE("lsp edits: an ignore comment for the first instruction goes after a BOM") {
  const std::string text = "\xEF\xBB\xBF  FROM ubuntu:latest\n";
  const auto edit = ignore_instruction_edit(LineIndex(text), 3, "DL3007", utf16, 3);
  REQUIRE(edit);
  CHECK(*edit == TextEdit{{{0, 1}, {0, 1}}, "  # shipshape ignore=DL3007\n"});
  CHECK(apply_edit(text, *edit) == "\xEF\xBB\xBF  # shipshape ignore=DL3007\n  FROM ubuntu:latest\n");
}

TEST_CASE("lsp edits: an ignore comment directly above is extended instead") {
  const std::string text = "FROM a\n# shipshape ignore=DL3007 -- pinned by the base image\nUSER root\n";
  const LineIndex index(text);
  const auto edit = ignore_instruction_edit(index, offset_of_line(text, 2), "DL3002", utf16);
  REQUIRE(edit);
  CHECK(*edit == TextEdit{{{1, 25}, {1, 25}}, ",DL3002"});
  CHECK(apply_edit(text, *edit) == "FROM a\n# shipshape ignore=DL3007,DL3002 -- pinned by the base image\nUSER root\n");
  // Already listed (in any case): nothing to do.
  CHECK_FALSE(ignore_instruction_edit(index, offset_of_line(text, 2), "dl3007", utf16));
  // A comment two lines up, or another tool's comment, is not extended.
  const std::string apart = "# shipshape ignore=DL3007\n\nUSER root\n";
  const auto separate = ignore_instruction_edit(LineIndex(apart), offset_of_line(apart, 2), "DL3002", utf16);
  REQUIRE(separate);
  CHECK(apply_edit(apart, *separate) == "# shipshape ignore=DL3007\n\n# shipshape ignore=DL3002\nUSER root\n");
  const std::string hadolint = "# hadolint ignore=DL3007\nFROM a\n";
  const auto other = ignore_instruction_edit(LineIndex(hadolint), offset_of_line(hadolint, 1), "DL3007", utf16);
  REQUIRE(other);
  CHECK(apply_edit(hadolint, *other) == "# hadolint ignore=DL3007\n# shipshape ignore=DL3007\nFROM a\n");
}

TEST_CASE("lsp edits: merging counts the comment's columns in the negotiated encoding") {
  const std::string text = "  #\xC3\xA9\n  # shipshape ignore=DL1\n  RUN x\n";
  const LineIndex index(text);
  const auto edit = ignore_instruction_edit(index, offset_of_line(text, 2), "DL2", PositionEncoding::utf8);
  REQUIRE(edit);
  CHECK(*edit == TextEdit{{{1, 24}, {1, 24}}, ",DL2"});
}

TEST_CASE("lsp edits: the suppression list of a comment line") {
  const auto list = find_suppression_list("  #  shipshape   ignore=A,B  # why", "ignore");
  REQUIRE(list);
  CHECK(list->begin == 24);
  CHECK(list->end == 27);
  CHECK(find_suppression_list("# shipshape ignore=X#y", "ignore")->end == 22);  // only a blank ends the list
  CHECK(find_suppression_list("##shipshape ignore =A", "ignore")->begin == 20);
  CHECK_FALSE(find_suppression_list("# Shipshape ignore=X", "ignore"));  // as the engine: case matters
  CHECK_FALSE(find_suppression_list("# shipshape IGNORE=X", "ignore"));
  CHECK_FALSE(find_suppression_list("# shipshape ignore= X", "ignore"));
  CHECK_FALSE(find_suppression_list("shipshape ignore=X", "ignore"));
  CHECK_FALSE(find_suppression_list("# shipshape ignore=", "ignore"));
  CHECK_FALSE(find_suppression_list("# shipshape ignore-file=X", "ignore"));
  CHECK_FALSE(find_suppression_list("# shipshapeignore=X", "ignore"));
  CHECK_FALSE(find_suppression_list("RUN echo # shipshape ignore=X", "ignore"));
  CHECK(find_suppression_list("# shipshape ignore-file=X", "ignore-file")->begin == 24);
}

TEST_CASE("lsp edits: a file-wide ignore goes after the parser directives") {
  const std::string text = "# syntax=docker/dockerfile:1\n#escape=`\n# check = skip=all\n# a comment\nFROM a\n";
  const auto edit = ignore_file_edit(LineIndex(text), "DL3006", utf16);
  REQUIRE(edit);
  CHECK(*edit == TextEdit{{{3, 0}, {3, 0}}, "# shipshape ignore-file=DL3006\n"});
  const std::string plain = "FROM a\n";
  CHECK(apply_edit(plain, *ignore_file_edit(LineIndex(plain), "DL3006", utf16)) ==
        "# shipshape ignore-file=DL3006\nFROM a\n");
  const std::string empty;
  CHECK(apply_edit(empty, *ignore_file_edit(LineIndex(empty), "X1", utf16)) == "# shipshape ignore-file=X1\n");
}

TEST_CASE("lsp edits: a file-wide ignore extends the ignore-file comment after the directives") {
  const std::string text = "# syntax=x\n# shipshape ignore-file=DL3006\nFROM a\n";
  const LineIndex index(text);
  const auto edit = ignore_file_edit(index, "DL3007", utf16);
  REQUIRE(edit);
  CHECK(apply_edit(text, *edit) == "# syntax=x\n# shipshape ignore-file=DL3006,DL3007\nFROM a\n");
  CHECK_FALSE(ignore_file_edit(index, "DL3006", utf16));
}

TEST_CASE("lsp edits: a file of directives only, without a final line break") {
  const std::string text = "# syntax=x\r\n# escape=\\";
  const auto edit = ignore_file_edit(LineIndex(text), "DL3006", utf16);
  REQUIRE(edit);
  CHECK(*edit == TextEdit{{{1, 10}, {1, 10}}, "\r\n# shipshape ignore-file=DL3006"});
}

TEST_CASE("lsp edits: a file-wide ignore goes after a BOM") {
  const std::string text =
      "\xEF\xBB\xBF"
      "FROM a\n";
  const auto edit = ignore_file_edit(LineIndex(text), "DL3006", utf16, 3);
  REQUIRE(edit);
  CHECK(*edit == TextEdit{{{0, 1}, {0, 1}}, "# shipshape ignore-file=DL3006\n"});
  const std::string with_directive = "\xEF\xBB\xBF# syntax=x\n# shipshape ignore-file=A\nFROM a\n";
  CHECK(ignore_file_edit(LineIndex(with_directive), "B", utf16, 3) == TextEdit{{{1, 25}, {1, 25}}, ",B"});
  const std::string merged_first = "\xEF\xBB\xBF# shipshape ignore-file=A\n";
  CHECK(ignore_file_edit(LineIndex(merged_first), "B", utf16, 3) == TextEdit{{{0, 26}, {0, 26}}, ",B"});
}

TEST_CASE("lsp edits: a rule's fix becomes LSP edits over the editor's text") {
  const std::string editor_text = "\xEF\xBB\xBF# \xF0\x9F\x98\x80\nRUN apt install x\n";
  const SourceFile source("Dockerfile", editor_text);
  const std::uint32_t apt = static_cast<std::uint32_t>(source.text().find("apt "));
  rules::Fix fix{"replace `apt` with `apt-get`", {rules::Edit{source.range(apt, apt + 3), "apt-get"}}};
  const auto edits = fix_edits(LineIndex(editor_text), fix, utf16, 3);
  REQUIRE(edits.size() == 1);
  CHECK(edits[0] == TextEdit{{{1, 4}, {1, 7}}, "apt-get"});
  rules::Fix on_first_line{"x", {rules::Edit{source.range(2, 6), "y"}}};
  CHECK(fix_edits(LineIndex(editor_text), on_first_line, utf16, 3)[0].range == LspRange{{0, 3}, {0, 5}});
}

}  // namespace shipshape::lsp
