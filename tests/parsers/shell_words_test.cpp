// Static values of shell words: quotes, escapes, ANSI-C strings, concatenation, and expansions.

#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "parsers/shell/script.h"

using shipshape::SourceFile;
using namespace shipshape::shell;

namespace {

std::optional<std::string> value(std::string_view text) { return static_value(text); }

// The words of the first command of a one-line script, name first.
std::vector<Word> words_of(const std::string& line) {
  const SourceFile source("Dockerfile", line);
  const Script script = Script::parse(source, {Piece{0, source.size()}});
  REQUIRE_FALSE(script.empty());
  std::vector<Word> words{script.commands()[0].name};
  for (const Word& word : script.commands()[0].arguments) words.push_back(word);
  // Word::text points into the script's buffer; keep only what outlives it.
  for (Word& word : words) word.text = {};
  return words;
}

}  // namespace

TEST_CASE("shell words: quotes and escapes are removed") {
  CHECK(value("plain") == "plain");
  CHECK(value("'single $x `y`'") == "single $x `y`");
  CHECK(value("\"double\"") == "double");
  CHECK(value("\"a\\\"b\\\\c\\$d\\`e\\x\"") == "a\"b\\c$d`e\\x");  // only \" \\ \$ \` are escapes in "..."
  CHECK(value("x\\ y") == "x y");
  CHECK(value("\\$HOME") == "$HOME");
  CHECK(value("\"a\"'b'c") == "abc");
  CHECK(value("--opt=\"a b\"") == "--opt=a b");
  CHECK(value("'it'\\''s'") == "it's");
  CHECK(value("") == "");
  CHECK(value("\"\"") == "");
  CHECK(value("line\\\ncontinued") == "linecontinued");
  CHECK(value("\"line\\\ncontinued\"") == "linecontinued");
  CHECK(value("trailing\\") == "trailing\\");
  CHECK(value("'unterminated") == "unterminated");
}

TEST_CASE("shell words: ANSI-C and locale strings") {
  CHECK(value("$'a\\nb'") == "a\nb");
  CHECK(value("$'\\t\\r\\e\\a\\b\\f\\v\\\\\\'\\\"\\?'") == "\t\r\x1B\a\b\f\v\\'\"?");
  CHECK(value("$'\\x41\\101\\u00e9\\U0001F600'") == "AA\xC3\xA9\xF0\x9F\x98\x80");
  CHECK(value("$'\\cA'") == "\x01");
  CHECK(value("$'\\q'") == "\\q");
  CHECK(value("$\"hello\"") == "hello");
  CHECK(value("pre$'\\t'post") == "pre\tpost");
}

TEST_CASE("shell words: any expansion makes a word dynamic") {
  CHECK_FALSE(value("$HOME").has_value());
  CHECK_FALSE(value("${A:-b}").has_value());
  CHECK_FALSE(value("\"$@\"").has_value());
  CHECK_FALSE(value("$1").has_value());
  CHECK_FALSE(value("$?").has_value());
  CHECK_FALSE(value("$(date)").has_value());
  CHECK_FALSE(value("`date`").has_value());
  CHECK_FALSE(value("$((1+2))").has_value());
  CHECK_FALSE(value("\"pre-$x\"").has_value());
  CHECK_FALSE(value("a=$b").has_value());
  // A `$` that starts nothing is literal, as is everything in single quotes.
  CHECK(value("$") == "$");
  CHECK(value("a$") == "a$");
  CHECK(value("\"$\"") == "$");
  CHECK(value("'$(no)'") == "$(no)");
  CHECK(value("\"cost: $ 5\"") == "cost: $ 5");
}

TEST_CASE("shell words: globs, braces and tildes are kept as written") {
  CHECK(value("/var/lib/apt/lists/*") == "/var/lib/apt/lists/*");
  CHECK(value("{a,b}") == "{a,b}");
  CHECK(value("~/x") == "~/x");
  CHECK(value("file?.[ch]") == "file?.[ch]");
}

TEST_CASE("shell words: values of parsed words") {
  const auto words = words_of(
      "\"apt-get\" install \"b\"'c'd $'\\n' x\\ y ~/z ${A:-b} $((1+2)) \"$@\" a*b {a,b} <(ls) pkg=1.2 '' \"\"");
  REQUIRE(words.size() == 15);
  CHECK(words[0].value == "apt-get");
  CHECK(words[1].value == "install");
  CHECK(words[2].value == "bcd");
  CHECK(words[3].value == "\n");
  CHECK(words[4].value == "x y");
  CHECK(words[5].value == "~/z");
  CHECK_FALSE(words[6].is_static());
  CHECK_FALSE(words[7].is_static());
  CHECK_FALSE(words[8].is_static());
  CHECK(words[9].value == "a*b");
  CHECK(words[10].value == "{a,b}");
  CHECK_FALSE(words[11].is_static());  // process substitution
  CHECK(words[12].value == "pkg=1.2");
  CHECK(words[13].value == "");
  CHECK(words[14].value == "");
  CHECK(words[14].is(""));
  CHECK_FALSE(words[12].is("pkg"));
  CHECK(words[12].starts_with("pkg="));
  CHECK_FALSE(words[6].starts_with("$"));
  CHECK(words[6].value_or("?") == "?");
  CHECK(words[1].value_or("?") == "install");
}

TEST_CASE("shell words: an arithmetic command is a test command, not a program") {
  const SourceFile source("Dockerfile", "(( n > 1 )) && echo big");
  const Script script = Script::parse(source, {Piece{0, source.size()}});
  REQUIRE(script.commands().size() == 2);
  const Command& arithmetic = script.commands()[0];
  CHECK(arithmetic.kind == CommandKind::test);
  CHECK(arithmetic.name.text == "((");
  REQUIRE(arithmetic.arguments.size() == 3);
  CHECK(arithmetic.arguments[1].text == ">");
  CHECK(arithmetic.after == Operator::and_if);
}

TEST_CASE("shell words: basename of a command path") {
  CHECK(basename_of("/usr/bin/apt-get") == "apt-get");
  CHECK(basename_of("apt-get") == "apt-get");
  CHECK(basename_of("./configure") == "configure");
  CHECK(basename_of("dir/") == "");
  CHECK(basename_of("") == "");
}
