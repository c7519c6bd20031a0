// Malformed input never crashes the front end: deterministic mutations of every corpus file (truncation,
// byte replacement with JSON-significant and invalid bytes) and random JSON-ish text either load or give
// diagnostics whose positions lie inside the file.

#include <doctest/doctest.h>

#include <random>
#include <string>

#include "parsers/ecs/load.h"
#include "parsers/ecs/model.h"
#include "parsers/json/parse.h"
#include "tests/support/support.h"

namespace {

using namespace shipshape;

void check_position(const Position& position, const SourceFile& source) {
  CHECK(position.offset <= source.size());
  CHECK(position.line >= 1);
  CHECK(position.line <= source.line_count());
  CHECK(position.column >= 1);
  CHECK(position == source.position_at(position.offset));  // the same line/column SourceFile computes
}

// Loads `text` and checks every reported position. Returns whether it loaded.
bool load_checked(std::string text) {
  const SourceFile source("mutated.json", std::move(text));
  const ecs::LoadResult result = ecs::load(source);
  CHECK((result.file == nullptr) == !result.errors.empty());
  for (const auto& error : result.errors) {
    check_position(error.range.begin, source);
    check_position(error.range.end, source);
    CHECK_FALSE(error.message.empty());
  }
  if (result.file) {
    for (const auto& problem : result.file->problems) {
      check_position(problem.range.begin, source);
      check_position(problem.range.end, source);
    }
  }
  return result.file != nullptr;
}

}  // namespace

TEST_CASE("ecs robustness: mutated corpus files load or fail cleanly") {
  static constexpr char kByteList[] = "{}[],:\"\\ \0\xFF\xC3/'1a\n-e.tn";
  constexpr std::string_view kBytes(kByteList, sizeof kByteList - 1);  // keeps the NUL
  std::mt19937 random(20260101);
  std::size_t loaded = 0;
  std::size_t failed = 0;
  for (const auto& path : testing::files_under(testing::corpus_dir() / "ecs")) {
    const std::string original = testing::read_file(path);
    INFO(path.string());
    for (int cut = 1; cut < 16; ++cut) {
      (load_checked(original.substr(0, original.size() * cut / 16)) ? loaded : failed)++;
    }
    for (int round = 0; round < 40; ++round) {
      std::string mutated = original;
      const std::size_t at = random() % mutated.size();
      mutated[at] = kBytes[random() % kBytes.size()];
      if (round % 4 == 0) mutated.insert(random() % mutated.size(), 1, kBytes[random() % kBytes.size()]);
      (load_checked(std::move(mutated)) ? loaded : failed)++;
    }
  }
  MESSAGE(loaded << " mutations loaded, " << failed << " were rejected");
  CHECK(loaded + failed == 124 * 55);
  CHECK(failed > loaded);  // most mutations break the JSON; a parser that accepted them would be wrong
}

TEST_CASE("ecs robustness: random JSON-ish text never crashes the parser") {
  static constexpr char kAlphabetList[] = "{}[],:\"\\ \0\xFF\xE2\x80/'0123a-e.+tnrufl\t\n";
  constexpr std::string_view kAlphabet(kAlphabetList, sizeof kAlphabetList - 1);
  std::mt19937 random(7);
  for (int round = 0; round < 4000; ++round) {
    std::string text;
    const std::size_t length = random() % 48;
    for (std::size_t i = 0; i < length; ++i) text.push_back(kAlphabet[random() % kAlphabet.size()]);
    const json::ParseResult result = json::parse(text);
    CHECK(result.ok() != result.document.empty());
    CHECK(result.errors.size() == (result.ok() ? 0u : 1u));
    load_checked(std::move(text));
  }
}
