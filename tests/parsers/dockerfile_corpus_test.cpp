// The Dockerfile front end on the shared corpus of 1,571 real Dockerfiles: every file parses, and every
// recorded position slices the source to exactly what it claims to hold.

#include <doctest/doctest.h>

#include <chrono>
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

std::string_view slice_of(const SourceFile& source, const Range& range) { return source.slice(range); }

struct CorpusFile {
  std::string name;
  SourceFile source;
};

const std::vector<CorpusFile>& corpus() {
  static const std::vector<CorpusFile> files = [] {
    std::vector<CorpusFile> out;
    for (const fs::path& path : testing::files_under(testing::corpus_dir() / "dockerfiles")) {
      const std::string name = path.lexically_relative(testing::corpus_dir()).string();
      out.push_back({name, SourceFile(name, testing::read_file(path))});
    }
    return out;
  }();
  return files;
}

// The instruction's text rebuilt independently from its line numbers: from its first line's first non-blank
// character to the end of its last line (line ending excluded).
std::string_view text_from_lines(const SourceFile& source, const Instruction& inst) {
  const std::string_view first = source.line_text(inst.start_line);
  const std::uint32_t begin = source.line_start(inst.start_line) + static_cast<std::uint32_t>(go::leading_space(first));
  const std::uint32_t end =
      source.line_start(inst.end_line) + static_cast<std::uint32_t>(source.line_text(inst.end_line).size());
  return source.text().substr(begin, end - begin);
}

// The logical text a range covers: the source slice with BuildKit's continuation handling undone
// (escape + line break removed, comment and blank lines inside dropped).
std::string joined(const SourceFile& source, const Range& range, char escape) {
  const std::string_view slice = slice_of(source, range);
  std::vector<std::string_view> lines;
  std::size_t pos = 0;
  while (true) {
    const std::size_t nl = slice.find('\n', pos);
    lines.push_back(slice.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (i > 0) {
      const std::size_t lead = go::leading_space(line);
      if (lead == line.size() || line[lead] == '#') continue;  // blank or comment line inside
    }
    if (i + 1 < lines.size()) {
      std::size_t k = line.size();
      while (k > 0 && (line[k - 1] == ' ' || line[k - 1] == '\t')) --k;
      if (k > 0 && line[k - 1] == escape) line = line.substr(0, k - 1);
    }
    out += line;
  }
  return out;
}

void check_positions(const SourceFile& source, char escape, const Instruction& inst, std::size_t& checked) {
  // Keyword, flags and arguments slice to what they hold.
  CHECK(slice_of(source, inst.keyword_range) == inst.keyword);
  CHECK(inst.range.contains(inst.keyword_range));
  for (const Flag& flag : inst.flags) {
    CHECK(inst.range.contains(flag.range));
    if (flag.text.find_first_of("\"'\\") == std::string::npos) {
      CHECK(joined(source, flag.range, escape) == flag.text);
      CHECK(joined(source, flag.name_range, escape) == flag.name);
    }
    ++checked;
  }
  for (const Word& w : inst.arguments) {
    CHECK(inst.range.contains(w.range));
    if (inst.json && inst.command.argv.empty()) {  // ADD/COPY/VOLUME exec form: the JSON string literals
      CHECK(slice_of(source, w.range).front() == '"');
      CHECK(slice_of(source, w.range).back() == '"');
    } else if (!inst.json || &w != &inst.arguments.front() || inst.kind != InstructionKind::healthcheck) {
      if (!inst.json) CHECK(joined(source, w.range, escape) == w.text);
    }
    ++checked;
  }
  for (const Word& w : inst.command.argv) {
    CHECK(slice_of(source, w.range).front() == '"');
    CHECK(slice_of(source, w.range).back() == '"');
  }
  if (!inst.command.json && !inst.command.shell.text.empty()) {
    // The shell pieces put together are exactly the command text.
    std::string from_pieces;
    for (const SourcePiece& p : inst.command.pieces) from_pieces += source.text().substr(p.begin, p.end - p.begin);
    CHECK(from_pieces == inst.command.shell.text);
  }
  for (const Heredoc& h : inst.heredocs) {
    CHECK(inst.range.contains(h.body));
    CHECK(slice_of(source, h.body) == h.content);
    CHECK(slice_of(source, h.terminator).substr(slice_of(source, h.terminator).size() - h.name.size()) == h.name);
    ++checked;
  }
  if (inst.trigger) check_positions(source, escape, *inst.trigger, checked);
}

}  // namespace

TEST_CASE("dockerfile corpus: all 1,571 Dockerfiles parse without errors") {
  REQUIRE(corpus().size() == 1571);
  std::size_t instructions = 0;
  std::size_t failures = 0;
  for (const CorpusFile& file : corpus()) {
    const ParseResult result = parse(file.source);
    if (!result.document) {
      ++failures;
      for (const Diagnostic& d : result.errors) {
        FAIL_CHECK(file.name << ":" << d.range.begin.line << ": " << d.message);
      }
      continue;
    }
    CHECK_FALSE(result.document->stages().empty());
    instructions += result.document->instructions().size();
  }
  CHECK(failures == 0);
  MESSAGE("instructions in the corpus: " << instructions);
  CHECK(instructions > 15000);
}

TEST_CASE("dockerfile corpus: every range slices the source to the instruction's text") {
  std::size_t instructions = 0;
  std::size_t pieces = 0;
  for (const CorpusFile& file : corpus()) {
    CAPTURE(file.name);
    const SyntaxTree tree = parse_syntax(file.source);
    REQUIRE(tree.ok());
    for (const Instruction& inst : tree.instructions) {
      CAPTURE(inst.start_line);
      // The whole instruction: the source sliced by its range is the instruction as written, line for line.
      CHECK(slice_of(file.source, inst.range) == text_from_lines(file.source, inst));
      CHECK(inst.range.begin.line == inst.start_line);
      CHECK(inst.range.end.line == inst.end_line);
      // Without heredocs, the joined slice is BuildKit's logical line.
      if (inst.heredocs.empty()) CHECK(joined(file.source, inst.range, tree.escape) == inst.line.text());
      check_positions(file.source, tree.escape, inst, pieces);
      ++instructions;
    }
  }
  MESSAGE("instructions checked: " << instructions << ", words/flags/heredocs checked: " << pieces);
  CHECK(instructions > 15000);
}

TEST_CASE("dockerfile corpus: parse time of the whole corpus without the shell layer") {
  ParseOptions options;
  options.parse_shell = false;
  const auto start = std::chrono::steady_clock::now();
  std::size_t parsed = 0;
  for (const CorpusFile& file : corpus()) parsed += parse(file.source, options).document ? 1 : 0;
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  MESSAGE("parsed " << parsed << " Dockerfiles in " << ms << " ms (no shell)");
  CHECK(parsed == corpus().size());
  CHECK(ms < 5000);  // generous: debug and sanitizer builds run here too; release takes a few tens of ms
}
