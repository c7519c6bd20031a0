// Malformed input never crashes, hangs or throws out of the Dockerfile front end: mutated corpus files and
// pathological constructions parse or are rejected with diagnostics, with every position inside the file.

#include <doctest/doctest.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "parsers/dockerfile/document.h"
#include "parsers/dockerfile/parse.h"
#include "tests/support/support.h"

using namespace shipshape;
using namespace shipshape::dockerfile;

namespace {

bool inside(const SourceFile& source, const Range& r) {
  return r.begin.offset <= r.end.offset && r.end.offset <= source.size();
}

// Parses and checks the result's invariants; returns whether a document came out.
bool parse_and_check(const std::string& text) {
  const SourceFile source("Dockerfile", text);
  const ParseResult result = parse(source);
  if (!result.document) {
    CHECK_FALSE(result.errors.empty());
    for (const Diagnostic& d : result.errors) CHECK(inside(source, d.range));
    return false;
  }
  CHECK(result.errors.empty());
  const Document& doc = *result.document;
  std::uint32_t previous_end = 0;
  for (const Instruction& inst : doc.instructions()) {
    CHECK(inside(source, inst.range));
    CHECK(inst.range.begin.offset >= previous_end);
    previous_end = inst.range.end.offset;
    for (const Word& w : inst.arguments) CHECK(inst.range.contains(w.range));
    for (const Flag& f : inst.flags) CHECK(inst.range.contains(f.range));
    (void)doc.expand(inst.rest.text, inst);
    (void)doc.user(inst);
  }
  CHECK_FALSE(doc.stages().empty());
  (void)doc.final_stage();
  return true;
}

}  // namespace

TEST_CASE("dockerfile robustness: mutated corpus files parse or fail cleanly") {
  std::vector<std::string> seeds;
  for (const auto& path : testing::files_under(testing::corpus_dir() / "dockerfiles")) {
    seeds.push_back(testing::read_file(path));
    if (seeds.size() == 400) break;
  }
  static const std::vector<std::string> tokens = {
      "\\\n", "`\n", "<<EOF\n", "<<-EOF", "EOF\n", "\"", "'", "[", "]", "${", "}", "$", "\n", "\r\n", "\t", " ",
      "--mount=", ",", "=", "#", "# escape=`\n", "ONBUILD ", "FROM ", " AS ", "ARG ", "ENV ", "\xC2\xA0", "\xff", "{"};
  std::mt19937 random(20261123);
  std::size_t accepted = 0;
  std::size_t rejected = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text = seeds[random() % seeds.size()];
    const int mutations = 1 + static_cast<int>(random() % 6);
    for (int m = 0; m < mutations && !text.empty(); ++m) {
      const std::size_t at = random() % (text.size() + 1);
      switch (random() % 4) {
        case 0: text.insert(at, tokens[random() % tokens.size()]); break;
        case 1: if (at < text.size()) text.erase(at, 1 + random() % 8); break;
        case 2: if (at < text.size()) text[at] = static_cast<char>(random()); break;
        default: text.insert(at, text.substr(random() % text.size(), random() % 40)); break;
      }
    }
    (parse_and_check(text) ? accepted : rejected) += 1;
  }
  MESSAGE(accepted << " mutations parsed, " << rejected << " rejected");
  CHECK(accepted > 300);
  CHECK(rejected > 300);
}

TEST_CASE("dockerfile robustness: pathological inputs stay fast and shallow") {
  const auto timed = [](const std::string& text) {
    const auto start = std::chrono::steady_clock::now();
    parse_and_check(text);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  std::string continuations = "FROM a\nRUN echo";
  for (int i = 0; i < 20000; ++i) continuations += " \\\n x";
  CHECK(timed(continuations) < 5);

  std::string nested_json = "FROM a\nCMD " + std::string(30000, '[') + std::string(30000, ']') + "\n";
  CHECK(timed(nested_json) < 5);

  std::string nested_dollar = "FROM a\nRUN cat <<EOF " + std::string(5000, ' ');
  for (int i = 0; i < 5000; ++i) nested_dollar += "${a:-";
  nested_dollar += std::string(5000, '}') + "\nx\nEOF\n";
  CHECK(timed(nested_dollar) < 5);

  std::string onbuilds = "FROM a\n";
  for (int i = 0; i < 8000; ++i) onbuilds += "ONBUILD ";
  onbuilds += "RUN x\n";
  CHECK(timed(onbuilds) < 5);

  std::string many = "FROM a\n";
  for (int i = 0; i < 20000; ++i) many += "ENV V" + std::to_string(i % 50) + "=$V" + std::to_string((i + 1) % 50) + "x\n";
  CHECK(timed(many) < 5);

  std::string heredocs = "FROM a\nCOPY";
  for (int i = 0; i < 3000; ++i) heredocs += " <<E" + std::to_string(i);
  heredocs += " /dst/\n";
  for (int i = 0; i < 3000; ++i) heredocs += "body\nE" + std::to_string(i) + "\n";
  CHECK(timed(heredocs) < 5);
}
