// Conformance with BuildKit's own parser fixtures (frontend/dockerfile/parser/testfiles*): our syntax tree,
// dumped the way BuildKit's Node.Dump() prints its AST, must equal each fixture's `result` file.

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "parsers/dockerfile/document.h"
#include "parsers/dockerfile/go_compat.h"
#include "parsers/dockerfile/parse.h"
#include "parsers/dockerfile/syntax.h"
#include "tests/support/support.h"

namespace fs = std::filesystem;
using namespace shipshape;
using namespace shipshape::dockerfile;

namespace {

// unicode.IsPrint, close enough for the fixtures' text.
bool is_print(char32_t r) {
  if (r < 0x80) return r >= 0x20 && r < 0x7F;
  if (r <= 0x9F || r == 0xAD || r == 0xA0) return false;
  if ((r >= 0x200B && r <= 0x200F) || r == 0x2028 || r == 0x2029 || r == 0xFEFF) return false;
  if (r >= 0xE000 && r <= 0xF8FF) return false;
  return !go::is_space(r);
}

// strconv.Quote
std::string go_quote(std::string_view s) {
  static const char* hex = "0123456789abcdef";
  std::string out = "\"";
  std::size_t pos = 0;
  while (pos < s.size()) {
    const go::Rune r = go::decode_rune(s, pos);
    if (r.width == 1 && r.value == go::replacement_rune) {
      const auto b = static_cast<unsigned char>(s[pos]);
      out += "\\x";
      out.push_back(hex[b >> 4]);
      out.push_back(hex[b & 15]);
    } else if (r.value == '"' || r.value == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(r.value));
    } else if (is_print(r.value)) {
      out.append(s.substr(pos, r.width));
    } else {
      switch (r.value) {
        case '\a': out += "\\a"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\v': out += "\\v"; break;
        default:
          if (r.value < 0x20 || r.value == 0x7F) {
            out += "\\x";
            out.push_back(hex[r.value >> 4]);
            out.push_back(hex[r.value & 15]);
          } else if (r.value < 0x10000) {
            out += "\\u";
            for (int shift = 12; shift >= 0; shift -= 4) out.push_back(hex[(r.value >> shift) & 15]);
          } else {
            out += "\\U";
            for (int shift = 28; shift >= 0; shift -= 4) out.push_back(hex[(r.value >> shift) & 15]);
          }
      }
    }
    pos += r.width;
  }
  out.push_back('"');
  return out;
}

std::string lower(std::string s) {
  for (char& c : s) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return s;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.pop_back();
  std::size_t start = 0;
  while (start < s.size() && (s[start] == ' ' || s[start] == '\n')) ++start;
  return s.substr(start);
}

// Node.Dump() of one instruction node.
std::string dump(const Instruction& inst) {
  std::string out = lower(inst.keyword);
  if (!inst.flags.empty()) {
    out += " [";
    for (std::size_t i = 0; i < inst.flags.size(); ++i) {
      if (i > 0) out += ' ';
      out += go_quote(inst.flags[i].text);
    }
    out += ']';
  }
  if (inst.kind == InstructionKind::onbuild) {
    if (inst.trigger) out += " (" + dump(*inst.trigger) + ")";
  } else if (inst.kind == InstructionKind::env || inst.kind == InstructionKind::label) {
    for (const KeyValue& pair : inst.pairs) {
      out += ' ' + go_quote(pair.key.text) + ' ' + go_quote(pair.value.text) + ' ' + go_quote(pair.legacy ? "" : "=");
    }
  } else if (inst.kind == InstructionKind::unknown) {
    out += " \"\"";  // parseIgnore leaves one empty node
  } else {
    for (const Word& w : inst.arguments) out += ' ' + go_quote(w.text);
  }
  return trim(out);
}

std::string dump(const SyntaxTree& tree) {
  std::string out;
  for (const Instruction& inst : tree.instructions) {
    out += '(';
    out += dump(inst);
    out += ")\n";
  }
  return trim(out) + "\n";
}

fs::path buildkit_dir() { return testing::corpus_dir() / "parser-conformance" / "buildkit"; }

}  // namespace

TEST_CASE("dockerfile conformance: go_quote matches strconv.Quote on the fixture's escapes") {
  CHECK(go_quote("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(go_quote(std::string("\x00\b\f\n\r\t", 6)) == "\"\\x00\\b\\f\\n\\r\\t\"");
  CHECK(go_quote("\xE2\x99\xA5") == "\"\xE2\x99\xA5\"");
  CHECK(go_quote("\xff") == "\"\\xff\"");
}

TEST_CASE("dockerfile conformance: every BuildKit testfiles fixture dumps to its result") {
  const fs::path dir = buildkit_dir() / "testfiles";
  std::size_t cases = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_directory()) continue;
    const std::string name = entry.path().filename().string();
    CAPTURE(name);
    const SourceFile source(name, testing::read_file(entry.path() / "Dockerfile"));
    const SyntaxTree tree = parse_syntax(source);
    for (const Diagnostic& d : tree.errors) CAPTURE(d.message);
    REQUIRE(tree.ok());
    CHECK(dump(tree) == testing::read_file(entry.path() / "result"));
    ++cases;
  }
  CHECK(cases == 33);
}

TEST_CASE("dockerfile conformance: every BuildKit testfiles-negative fixture is rejected") {
  const fs::path dir = buildkit_dir() / "testfiles-negative";
  std::size_t cases = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_directory()) continue;
    const std::string name = entry.path().filename().string();
    CAPTURE(name);
    const SourceFile source(name, testing::read_file(entry.path() / "Dockerfile"));
    const SyntaxTree tree = parse_syntax(source);
    CHECK_FALSE(tree.ok());
    const ParseResult result = parse(source);
    CHECK(result.document == nullptr);
    CHECK_FALSE(result.errors.empty());
    ++cases;
  }
  CHECK(cases == 4);
}

TEST_CASE("dockerfile conformance: negative fixtures fail for BuildKit's reasons") {
  const fs::path dir = buildkit_dir() / "testfiles-negative";
  const auto first_error = [&](const char* name) {
    const SourceFile source(name, testing::read_file(dir / name / "Dockerfile"));
    const SyntaxTree tree = parse_syntax(source);
    REQUIRE_FALSE(tree.errors.empty());
    return tree.errors.front().message;
  };
  CHECK(first_error("empty_dockerfile") == "file with no instructions");
  CHECK(first_error("only_comments") == "file with no instructions");
  CHECK(first_error("env_no_value") == "ENV must have two arguments");
  CHECK(first_error("shykes-nested-json") == "when using JSON array syntax, arrays must be comprised of strings only");
}

TEST_CASE("dockerfile conformance: testfile-line gives BuildKit's line spans") {
  const SourceFile source("Dockerfile", testing::read_file(buildkit_dir() / "testfile-line" / "Dockerfile"));
  const SyntaxTree tree = parse_syntax(source);
  REQUIRE(tree.ok());
  REQUIRE(tree.instructions.size() == 3);
  CHECK(tree.instructions[0].start_line == 5);
  CHECK(tree.instructions[0].end_line == 5);
  CHECK(tree.instructions[1].start_line == 11);
  CHECK(tree.instructions[1].end_line == 12);
  CHECK(tree.instructions[2].start_line == 17);
  CHECK(tree.instructions[2].end_line == 31);
  // The ranges agree with the line spans.
  for (const Instruction& inst : tree.instructions) {
    CHECK(inst.range.begin.line == inst.start_line);
    CHECK(inst.range.end.line == inst.end_line);
  }
}
