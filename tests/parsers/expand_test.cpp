#include "parsers/dockerfile/expand.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/text.h"
#include "tests/support/support.h"

using shipshape::dockerfile::expand_word;
using shipshape::dockerfile::expand_words;
using shipshape::dockerfile::Expansion;
using shipshape::dockerfile::VariableLookup;
using shipshape::dockerfile::VariableValue;

namespace {

using Span = std::pair<std::size_t, std::size_t>;

// Variables for a test: name -> value; a value of kUnknown marks a build argument decided at build time.
const std::string kUnknown = "\x01unknown";
using Variables = std::map<std::string, std::string, std::less<>>;

VariableLookup lookup_in(const Variables& variables) {
  return [&variables](std::string_view name) -> std::optional<VariableValue> {
    const auto found = variables.find(name);
    if (found == variables.end()) return std::nullopt;
    if (found->second == kUnknown) return VariableValue{"", false};
    return VariableValue{found->second, true};
  };
}

// Windows compares variable names case-insensitively (BuildKit's NormalizeEnvKey upper-cases them there).
VariableLookup case_insensitive_lookup_in(const Variables& variables) {
  return [&variables](std::string_view name) -> std::optional<VariableValue> {
    for (const auto& [key, value] : variables) {
      if (shipshape::text::iequals(key, name)) return VariableValue{value, true};
    }
    return std::nullopt;
  };
}

std::string expand(std::string_view word, const Variables& variables, char escape = '\\') {
  const Expansion expansion = expand_word(word, lookup_in(variables), escape);
  REQUIRE_MESSAGE(expansion.ok(), "expanding " << word << ": " << expansion.error);
  return expansion.text;
}

std::string error_of(std::string_view word, const Variables& variables = {}, char escape = '\\') {
  return expand_word(word, lookup_in(variables), escape).error;
}

std::vector<std::string> texts(const std::vector<Expansion>& words) {
  std::vector<std::string> result;
  for (const Expansion& word : words) result.push_back(word.ok() ? word.text : "error");
  return result;
}

std::vector<std::string> lines_of(const std::string& content) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < content.size()) {
    std::size_t end = content.find('\n', start);
    if (end == std::string::npos) end = content.size();
    std::string line = content.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

std::string trim_left_spaces(std::string_view s) {
  const std::size_t first = s.find_first_not_of(' ');
  return first == std::string_view::npos ? std::string() : std::string(s.substr(first));
}

// Invariants every result must satisfy, whatever the input.
void check_well_formed(const Expansion& expansion) {
  if (!expansion.ok()) {
    CHECK(expansion.text.empty());
    CHECK(expansion.unknown_spans.empty());
  }
  CHECK(expansion.known == expansion.unknown_spans.empty());
  std::size_t previous_end = 0;
  for (const auto& [begin, end] : expansion.unknown_spans) {
    CHECK(begin >= previous_end);
    CHECK(begin < end);
    CHECK(end <= expansion.text.size());
    previous_end = end;
  }
  const std::set<std::string> referenced(expansion.referenced.begin(), expansion.referenced.end());
  CHECK(referenced.size() == expansion.referenced.size());
  for (const std::string& name : expansion.unset) CHECK(referenced.count(name) == 1);
}

}  // namespace

// ---- BuildKit's own tables (frontend/dockerfile/shell/envVarTest and wordsTest), read at test time ----

TEST_CASE("expand: BuildKit envVarTest table, every A and U row") {
  const auto path = shipshape::testing::corpus_dir() / "parser-conformance/buildkit/shell/envVarTest";
  const Variables environment{{"PWD", "/home"}, {"SHELL", "bash"}, {"KOREAN", "한국어"}, {"NULL", ""}};
  int checked = 0;
  int expecting_error = 0;
  int windows_rows = 0;
  for (const std::string& raw : lines_of(shipshape::testing::read_file(path))) {
    if (raw.starts_with("#")) continue;
    const std::string_view line = shipshape::text::trim(raw);
    if (line.empty()) continue;
    const auto fields = shipshape::text::split(line, '|');
    REQUIRE_MESSAGE(fields.size() == 3, "malformed row: " << line);
    const std::string_view platform = shipshape::text::trim(fields[0]);
    const std::string_view source = shipshape::text::trim(fields[1]);
    const std::string_view expected = shipshape::text::trim(fields[2]);
    REQUIRE_MESSAGE((platform == "A" || platform == "U" || platform == "W"), "bad platform in " << line);
    if (platform == "W") {
      // Windows-only rows: BuildKit on Windows looks names up case-insensitively. Skipped for Linux
      // semantics, but they must hold under the Windows lookup.
      ++windows_rows;
      const Expansion windows = expand_word(source, case_insensitive_lookup_in(environment));
      CHECK_MESSAGE(windows.text == expected, "W row " << source);
      continue;
    }
    ++checked;
    const Expansion expansion = expand_word(source, lookup_in(environment));
    if (expected == "error") {
      ++expecting_error;
      CHECK_MESSAGE(!expansion.ok(), "expected an error for " << source << ", got " << expansion.text);
    } else {
      CHECK_MESSAGE(expansion.ok(), source << ": " << expansion.error);
      CHECK_MESSAGE(expansion.text == expected, source);
    }
  }
  MESSAGE("envVarTest: checked " << checked << " A/U rows (" << expecting_error << " expecting an error); "
                                 << windows_rows << " W rows skipped for Linux semantics");
  CHECK(checked == 228);
  CHECK(expecting_error == 36);
  CHECK(windows_rows == 2);
}

TEST_CASE("expand: BuildKit wordsTest table, every row") {
  const auto path = shipshape::testing::corpus_dir() / "parser-conformance/buildkit/shell/wordsTest";
  Variables environment;
  const auto lookup = lookup_in(environment);
  int checked = 0;
  int environment_lines = 0;
  for (const std::string& line : lines_of(shipshape::testing::read_file(path))) {
    if (line.starts_with("#")) continue;
    if (line.starts_with("ENV ")) {
      // The file's ENV lines are NAME=VALUE with the value verbatim (leading and trailing spaces included).
      const std::string assignment = trim_left_spaces(std::string_view(line).substr(3));
      const std::size_t equals = assignment.find('=');
      REQUIRE(equals != std::string::npos);
      environment[assignment.substr(0, equals)] = assignment.substr(equals + 1);
      ++environment_lines;
      continue;
    }
    const auto fields = shipshape::text::split(line, '|');
    REQUIRE_MESSAGE(fields.size() == 2, "malformed row: " << line);
    const std::string_view source = shipshape::text::trim(fields[0]);
    std::vector<std::string> expected;
    const std::string expected_field = trim_left_spaces(fields[1]);
    for (const std::string_view word : shipshape::text::split(expected_field, ',')) {
      expected.emplace_back(word);
    }
    ++checked;
    CHECK_MESSAGE(texts(expand_words(source, lookup)) == expected, "row: " << line);
  }
  MESSAGE("wordsTest: checked " << checked << " rows with " << environment_lines << " ENV lines");
  CHECK(checked == 24);
  CHECK(environment_lines == 4);
}

// ---- quoting and escapes ----

TEST_CASE("expand: quotes and the default escape character") {
  const Variables vars{{"X", "x"}};
  CHECK(expand(R"(a'$X'b)", vars) == "a$Xb");
  CHECK(expand(R"(a"$X"b)", vars) == "axb");
  CHECK(expand(R"("a\"b\$X\\c\d")", vars) == R"(a"b$X\c\d)");
  CHECK(expand(R"(a\ b\$X\'\")", vars) == R"(a b$X'")");
  CHECK(expand(R"(trailing\)", vars) == "trailing");
  CHECK(expand(R"("'$X'")", vars) == "'x'");
  CHECK(expand(R"('"$X"')", vars) == R"("$X")");
  CHECK(expand("$", vars) == "$");
  CHECK(expand("a$-b", vars) == "ab");  // `$-` is a special parameter, never set in a Dockerfile
  CHECK(expand("cost: $5.00", vars) == "cost: .00");
  CHECK(error_of(R"(a"b)") == "unexpected end of statement while looking for matching double-quote");
  CHECK(error_of("a'b") == "unexpected end of statement while looking for matching single-quote");
}

TEST_CASE("expand: backtick as the escape character") {
  const Variables vars{{"X", "x"}, {"DIR", "C:\\app"}};
  // A backslash is an ordinary character, as on Windows paths.
  CHECK(expand(R"(C:\Users\$X)", vars, '`') == R"(C:\Users\x)");
  CHECK(expand("`$X", vars, '`') == "$X");
  CHECK(expand("a` b``c", vars, '`') == "a b`c");
  CHECK(expand("\"a`\"b`$X``c`d\"", vars, '`') == "a\"b$X`c`d");
  CHECK(expand("${DIR}\\bin", vars, '`') == "C:\\app\\bin");
  CHECK(expand("${X:-`}}", {}, '`') == "}");
  CHECK(expand("trailing`", vars, '`') == "trailing");
  // In a pattern the escape character is kept, and BuildKit's pattern syntax knows only `\`.
  CHECK(expand("${P#`*}", {{"P", "`*z"}}, '`') == "*z");  // `*` stays a (shortest) wildcard
  CHECK(expand("${P#\\*}", {{"P", "*z"}}, '`') == "z");
  const auto words = expand_words("a` b c``d", lookup_in(vars), '`');
  CHECK(texts(words) == std::vector<std::string>{"a b", "c`d"});
}

// ---- modifiers ----

TEST_CASE("expand: default, alternative and required values") {
  const Variables vars{{"SET", "v"}, {"EMPTY", ""}};
  CHECK(expand("${SET:-d} ${EMPTY:-d} ${NONE:-d}", vars) == "v d d");
  CHECK(expand("${SET-d} ${EMPTY-d} ${NONE-d}", vars) == "v  d");
  CHECK(expand("${SET:+a} ${EMPTY:+a} ${NONE:+a}", vars) == "a  ");
  CHECK(expand("${SET+a} ${EMPTY+a} ${NONE+a}", vars) == "a a ");
  CHECK(expand("${SET:?} ${SET?} ${EMPTY?}", vars) == "v v ");
  CHECK(error_of("${NONE?}", vars) == "NONE: is not allowed to be unset");
  CHECK(error_of("${NONE:?}", vars) == "NONE: is not allowed to be unset");
  CHECK(error_of("${EMPTY:?}", vars) == "EMPTY: is not allowed to be empty");
  CHECK(error_of("${NONE?need $SET here}", vars) == "NONE: need v here");
  CHECK(expand("${NONE:-'a b'\"$SET\"}", vars) == "a bv");
  CHECK(expand("${NONE:-${EMPTY:-${SET}}}", vars) == "v");
  CHECK(expand("${NONE:-a\\}b}", vars) == "a}b");
}

TEST_CASE("expand: prefix and suffix removal") {
  const Variables vars{{"P", "a/b/c.tar.gz"}, {"S", "x**"}, {"Q", "??y"}, {"B", "[ab]c"}, {"N", "a\nb"}};
  CHECK(expand("${P#*/}", vars) == "b/c.tar.gz");
  CHECK(expand("${P##*/}", vars) == "c.tar.gz");
  CHECK(expand("${P%.*}", vars) == "a/b/c.tar");
  CHECK(expand("${P%%.*}", vars) == "a/b/c");
  CHECK(expand("${P#zzz}", vars) == "a/b/c.tar.gz");
  CHECK(expand("${P#}${P%}", vars) == "a/b/c.tar.gza/b/c.tar.gz");
  CHECK(expand("${P#a?b}", vars) == "/c.tar.gz");
  CHECK(expand("${S%\\*}", vars) == "x*");
  CHECK(expand("${S%%\\**}", vars) == "x");
  CHECK(expand("${Q#\\??}", vars) == "y");
  CHECK(expand("${B#[ab]}", vars) == "c");  // brackets are literal in BuildKit patterns
  CHECK(expand("${B#[a}", vars) == "b]c");
  CHECK(expand("${N#a?}", vars) == "a\nb");  // `?` and `*` never match a newline
  CHECK(expand("${N##*}", vars) == "\nb");
  CHECK(expand("${NONE#x}", vars) == "");
  CHECK(expand("${P#\"a/\"}", vars) == "b/c.tar.gz");
  CHECK(expand("${P#$SEP}", {{"P", "a/b"}, {"SEP", "a/"}}) == "b");
}

TEST_CASE("expand: pattern replacement") {
  const Variables vars{{"V", "one two two"}, {"U", "http://x"}, {"E", "ab"}, {"PATHS", "/a/b"}};
  CHECK(expand("${V/two/2}", vars) == "one 2 two");
  CHECK(expand("${V//two/2}", vars) == "one 2 2");
  CHECK(expand("${V//t?o/}", vars) == "one  ");
  CHECK(expand("${V/o*/X}", vars) == "X");
  CHECK(expand("${V/nomatch/X}", vars) == "one two two");
  CHECK(expand("${U/http:\\/\\//https:\\/\\/}", vars) == "https:\\/\\/x");
  CHECK(expand("${PATHS//\\//:}", vars) == ":a:b");
  CHECK(expand("${E///-}", vars) == "-a-b-");      // the empty pattern matches between every character
  CHECK(expand("${E//?/<$$0>}", vars) == "<0><0>");  // the word is expanded first: `$$` is a parameter
  CHECK(expand("${E//?/$R}", {{"E", "ab"}, {"R", "[$0]"}}) == "[a][b]");  // Go's template: $0 = the match
  CHECK(expand("${E//?/$R}", {{"E", "ab"}, {"R", "$1${x}$"}}) == "$$");
  CHECK(expand("${E/?/$R}", {{"E", "ab"}, {"R", "[$0]"}}) == "[$0]b");  // a single replacement is literal
  CHECK(expand("${NONE/x/y}", vars) == "");
  CHECK(error_of("${V//two}", vars) == "syntax error: missing '/' in ${}");
  CHECK(error_of("${V/two/2", vars) == "syntax error: missing '}'");
}

TEST_CASE("expand: matching follows Go's leftmost-first regexp semantics") {
  const Variables vars{{"AB", "ab"}, {"E", ""}, {"R", "[$0]"}, {"P", "x/y*z"}, {"V", "ab-ab"}};
  CHECK(expand("${AB//*/-}", vars) == "-");  // no second replacement for the empty match at the end
  CHECK(expand("${AB//*/$R}", vars) == "[ab]");
  CHECK(expand("${E/*/-} ${NONE/*/-}", vars) == "- -");  // `*` matches the empty (or unset) value
  CHECK(expand("${P//\\*/+}", vars) == "x/y+z");
  CHECK(expand("${P##*[/]}", vars) == "x/y*z");
  CHECK(expand("${V#a*b}", vars) == "-ab");
  CHECK(expand("${V##a*b}", vars) == "");
  CHECK(expand("${V%a*b}", vars) == "ab-");
  CHECK(expand("${V%%a*b}", vars) == "");
  CHECK(expand("${V/b*a/_}", vars) == "a_b");
  CHECK(expand("${V//[ab]/_}", vars) == "ab-ab");
}

TEST_CASE("expand: errors carry BuildKit's reasons") {
  CHECK(error_of("${}") == "syntax error: bad substitution");
  CHECK(error_of("${:x}") == "syntax error: bad substitution");
  CHECK(error_of("${{x}") == "syntax error: bad substitution");
  CHECK(error_of("${") == "syntax error: missing '}'");
  CHECK(error_of("${v:=x}") == "unsupported modifier (:=) in substitution");
  CHECK(error_of("${v=x}") == "unsupported modifier (=) in substitution");
  CHECK(error_of("${v:#x}") == "unsupported modifier (:#) in substitution");
  CHECK(error_of("${v:%x}") == "unsupported modifier (:%) in substitution");
  CHECK(error_of("${v:/x/y}") == "unsupported modifier (:/) in substitution");
  CHECK(error_of("${v.}") == "unsupported modifier (.) in substitution");
  CHECK(error_of("${v") == "unsupported modifier (\xEF\xBF\xBD) in substitution");  // Go prints EOF as U+FFFD
  CHECK(error_of("${v:-x") == "syntax error: missing '}'");
  CHECK(error_of("${a:-${b:-${c") == "syntax error: missing '}'");
  CHECK(error_of("${a:-'}") == "syntax error: missing '}'");
  CHECK(error_of("${a:-${}}") == "syntax error: bad substitution");
  CHECK(error_of("${v#\\x}") == "invalid pattern (\\x) in substitution: invalid escape '\\x'");
  // Suffix patterns are checked reversed, and BuildKit's message shows them reversed.
  CHECK(error_of("${v%a\\x}") == "invalid pattern (\\xa) in substitution: invalid escape '\\x'");
  CHECK(error_of("${v#$P}", {{"P", "ab\\"}}) ==
        "invalid pattern (ab\\) in substitution: invalid escape '\\\xEF\xBF\xBD'");
  CHECK(error_of("${v/\\q/x}") == "invalid pattern (\\q) in substitution: invalid escape '\\q'");
}

TEST_CASE("expand: special and positional parameters, names and Unicode") {
  const Variables vars{{"A_1", "a"}, {"이름", "name"}, {"ÉTÉ", "summer"}};
  CHECK(expand("$A_1$0$1$12x$@$*$#$?$$$!", vars) == "ax");
  CHECK(expand("$이름-${ÉTÉ}", vars) == "name-summer");
  CHECK(expand("$A_1·", vars) == "a·");  // U+00B7 is punctuation, not part of the name
  CHECK(expand("$٣x", vars) == "x");      // an Arabic-Indic digit starts a positional parameter
  CHECK(expand("\xEF\xBB\xBF$A_1", vars) == "a");  // a leading byte order mark is skipped, as Go's scanner does
  CHECK(expand("a\xFF$A_1", vars) == "a\xEF\xBF\xBD" "a");  // invalid UTF-8 reads as U+FFFD
  CHECK(expand("plain text \xC3\xA9", vars) == "plain text \xC3\xA9");
  const Expansion names = expand_word("$1 ${@:-x} $A_1", lookup_in(vars));
  CHECK(names.referenced == std::vector<std::string>{"1", "@", "A_1"});
  CHECK(names.unset == std::vector<std::string>{"1", "@"});
}

// ---- referenced and unset names ----

TEST_CASE("expand: referenced and unset names are tracked in source order") {
  const Variables vars{{"A", "a"}, {"EMPTY", ""}, {"U", kUnknown}};
  const Expansion expansion =
      expand_word("${A:-$B} $C ${B} \"$EMPTY\" ${D:+$E} '$F' \\$G ${U} ${A#$H} ${A//$I/$J}", lookup_in(vars));
  REQUIRE(expansion.ok());
  CHECK(expansion.referenced == std::vector<std::string>{"A", "B", "C", "EMPTY", "D", "E", "U", "H", "I", "J"});
  // B is referenced even though A is set: BuildKit evaluates the operand anyway and reports it.
  CHECK(expansion.unset == std::vector<std::string>{"B", "C", "D", "E", "H", "I", "J"});
  CHECK(expansion.text == "a     $F $G ${U} a a");

  const Expansion failing = expand_word("$A ${B:=x} $C", lookup_in(vars));
  CHECK(failing.error == "unsupported modifier (:=) in substitution");
  CHECK(failing.referenced == std::vector<std::string>{"A", "B"});
  CHECK(failing.unset == std::vector<std::string>{"B"});

  const Expansion without_lookup = expand_word("$A-${B:-b}", VariableLookup());
  CHECK(without_lookup.text == "-b");
  CHECK(without_lookup.unset == std::vector<std::string>{"A", "B"});

  int calls = 0;
  const VariableLookup counting = [&calls](std::string_view) -> std::optional<VariableValue> {
    ++calls;
    return VariableValue{"v", true};
  };
  CHECK(expand_word("$X$X${X}", counting).referenced == std::vector<std::string>{"X"});
  CHECK(calls == 3);
  CHECK(expand_word("no variables here", counting).referenced.empty());
  CHECK(calls == 3);
}

TEST_CASE("expand: words carry the names referenced in them") {
  const Variables vars{{"A", "a"}, {"SPACED", "x y"}, {"EMPTY", ""}};
  const auto words = expand_words("$A-$B $SPACED $EMPTY c \"\" $NONE", lookup_in(vars));
  REQUIRE(texts(words) == std::vector<std::string>{"a-", "x", "y", "c"});
  CHECK(words[0].referenced == std::vector<std::string>{"A", "B"});
  CHECK(words[0].unset == std::vector<std::string>{"B"});
  CHECK(words[1].referenced == std::vector<std::string>{"SPACED"});
  CHECK(words[2].referenced.empty());
  // $EMPTY starts between words, so it belongs to the next one; $NONE comes after the last word.
  CHECK(words[3].referenced == std::vector<std::string>{"EMPTY", "NONE"});
  CHECK(words[3].unset == std::vector<std::string>{"NONE"});

  CHECK(expand_words("", lookup_in(vars)).empty());
  CHECK(expand_words(" $EMPTY \"\" '' ", lookup_in(vars)).empty());
  const auto failed = expand_words("ok ${A:=x}", lookup_in(vars));
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].error == "unsupported modifier (:=) in substitution");
  CHECK(failed[0].text.empty());
  CHECK(failed[0].referenced == std::vector<std::string>{"A"});

  // BuildKit's shared words buffer: an operand-taking ${...} drops what its word held before it.
  CHECK(texts(expand_words("80${P:-/tcp} a\"${A:+b}\" $A${E}c", lookup_in(vars))) ==
        std::vector<std::string>{"/tcp", "b", "ac"});
  CHECK(expand_word("80${P:-/tcp}", lookup_in(vars)).text == "80/tcp");

  // Whitespace from a value splits, quoted or escaped whitespace does not; Unicode spaces count.
  CHECK(texts(expand_words("\"$SPACED\" a\\ b 'c d' x\xC2\xA0y", lookup_in(vars))) ==
        std::vector<std::string>{"x y", "a b", "c d", "x", "y"});
}

// ---- unknown values ----

TEST_CASE("expand: an unknown variable keeps its spelling and marks its span") {
  const Variables vars{{"TAG", kUnknown}, {"K", "k"}, {"EMPTY", ""}};
  const auto lookup = lookup_in(vars);

  const Expansion simple = expand_word("img:$TAG-${TAG}", lookup);
  REQUIRE(simple.ok());
  CHECK(simple.text == "img:$TAG-${TAG}");
  CHECK_FALSE(simple.known);
  CHECK(simple.unknown_spans == std::vector<Span>{{4, 8}, {9, 15}});
  CHECK(simple.unset.empty());

  // Every modifier applied to an unknown value is unknown: the value may be unset, empty or anything.
  for (const std::string word : {"${TAG:-x}", "${TAG-x}", "${TAG:+x}", "${TAG+x}", "${TAG:?}", "${TAG?m}",
                                 "${TAG#v}", "${TAG##*.}", "${TAG%.*}", "${TAG%%-*}", "${TAG/a/b}",
                                 "${TAG//a/b}"}) {
    const Expansion e = expand_word("[" + word + "]", lookup);
    CHECK_MESSAGE(e.ok(), word);
    CHECK_MESSAGE(e.text == "[" + word + "]", word);
    const std::vector<Span> whole{{1, 1 + word.size()}};
    CHECK_MESSAGE(e.unknown_spans == whole, word);
  }

  // Quotes and escapes around an unknown value are still processed.
  const Expansion quoted = expand_word("\"a $TAG\"\\ b", lookup);
  CHECK(quoted.text == "a $TAG b");
  CHECK(quoted.unknown_spans == std::vector<Span>{{2, 6}});

  // A known variable decides as far as it can.
  const Expansion set_default = expand_word("${K:-${TAG}}", lookup);
  CHECK(set_default.text == "k");
  CHECK(set_default.known);
  const Expansion empty_default = expand_word("x${EMPTY:-a${TAG}b}", lookup);
  CHECK(empty_default.text == "xa${TAG}b");
  CHECK(empty_default.unknown_spans == std::vector<Span>{{2, 8}});
  CHECK(expand_word("${EMPTY:+${TAG}}", lookup).known);
  CHECK(expand_word("${K:+<${TAG}>}", lookup).unknown_spans == std::vector<Span>{{1, 7}});
  CHECK(expand_word("${K:?$TAG}", lookup).text == "k");
  CHECK(expand_word("${EMPTY:?$TAG}", lookup).error == "EMPTY: $TAG");  // the message keeps the spelling
  const Expansion unknown_pattern = expand_word("${K#$TAG}", lookup);
  CHECK(unknown_pattern.text == "${K#$TAG}");
  CHECK(unknown_pattern.unknown_spans == std::vector<Span>{{0, 9}});
  const Expansion no_match = expand_word("${K/z/$TAG}", lookup);
  CHECK(no_match.text == "k");
  CHECK(no_match.known);
  const Expansion match = expand_word("${K/k/$TAG}", lookup);
  CHECK(match.text == "${K/k/$TAG}");
  CHECK_FALSE(match.known);
  // A known but invalid pattern is an error whatever the value.
  CHECK(expand_word("${TAG#\\q}", lookup).error == "invalid pattern (\\q) in substitution: invalid escape '\\q'");
  CHECK(expand_word("${TAG:=x}", lookup).error == "unsupported modifier (:=) in substitution");

  // In words, an unknown spelling stays one piece even when it contains spaces.
  const auto words = expand_words("a ${TAG:-x y}z b", lookup);
  REQUIRE(texts(words) == std::vector<std::string>{"a", "${TAG:-x y}z", "b"});
  CHECK(words[1].unknown_spans == std::vector<Span>{{0, 11}});
  CHECK(words[0].known);
  CHECK(words[1].referenced == std::vector<std::string>{"TAG"});
}

// ---- pathological input ----

TEST_CASE("expand: very long words") {
  const Variables vars{{"X", "value"}, {"U", kUnknown}};
  std::string word;
  for (int i = 0; i < 100000; ++i) word += "ab$X\"c\"'d'";
  const Expansion expansion = expand_word(word, lookup_in(vars));
  REQUIRE(expansion.ok());
  CHECK(expansion.text.size() == 100000u * 9u);
  CHECK(expansion.text.substr(0, 18) == "abvaluecdabvaluecd");
  CHECK(expansion.referenced == std::vector<std::string>{"X"});

  const std::string plain(4 << 20, 'a');
  CHECK(expand_word(plain, lookup_in(vars)).text == plain);

  std::string unknowns;
  for (int i = 0; i < 50000; ++i) unknowns += "$U ";
  const auto words = expand_words(unknowns, lookup_in(vars));
  REQUIRE(words.size() == 50000u);
  CHECK(words.back().text == "$U");
  CHECK(words.back().unknown_spans == std::vector<Span>{{0, 2}});

  // Many distinct names.
  std::string many;
  for (int i = 0; i < 20000; ++i) many += "${N" + std::to_string(i) + "}";
  const Expansion distinct = expand_word(many, lookup_in(vars));
  CHECK(distinct.referenced.size() == 20000u);
  CHECK(distinct.unset.size() == 20000u);
}

TEST_CASE("expand: deep nesting uses no recursion") {
  const Variables vars{{"U", kUnknown}, {"K", "k"}};
  constexpr int depth = 200000;
  std::string nested;
  for (int i = 0; i < depth; ++i) nested += "${A:-";
  nested += "x";
  nested += std::string(depth, '}');
  const Expansion expansion = expand_word(nested, lookup_in(vars));
  REQUIRE(expansion.ok());
  CHECK(expansion.text == "x");
  CHECK(expansion.referenced == std::vector<std::string>{"A"});

  std::string unterminated;
  for (int i = 0; i < depth; ++i) unterminated += "${A:-\"";
  CHECK(expand_word(unterminated, lookup_in(vars)).error == "syntax error: missing '}'");

  std::string quotes_and_patterns;
  for (int i = 0; i < 20000; ++i) quotes_and_patterns += "\"${K/k/";
  quotes_and_patterns += "z";
  for (int i = 0; i < 20000; ++i) quotes_and_patterns += "}\"";
  CHECK(expand(quotes_and_patterns, vars) == "z");

  // An unknown value at the bottom of a deep chain: every level is unknown, only the outermost is kept.
  std::string unknown_chain;
  for (int i = 0; i < 2000; ++i) unknown_chain += "${U:-";
  unknown_chain += "x" + std::string(2000, '}');
  const Expansion chain = expand_word(unknown_chain, lookup_in(vars));
  CHECK(chain.text == unknown_chain);
  CHECK(chain.unknown_spans == std::vector<Span>{{0, unknown_chain.size()}});
}

TEST_CASE("expand: explosive replacements and costly patterns stop with an error, quickly") {
  const Variables vars{{"X", std::string(64, 'a')}, {"LONG", std::string(20000, 'a')}};
  std::string explosive = "${X//?/$X}";
  for (int i = 0; i < 6; ++i) explosive = "${X//?/" + explosive + "}";
  const auto start = std::chrono::steady_clock::now();
  CHECK(expand_word(explosive, lookup_in(vars)).error == "expansion too large");
  // Backtracking-hostile pattern: many stars against a long value that does not match.
  const Expansion stars = expand_word("${LONG#" + std::string(200, '*') + "b}", lookup_in(vars));
  CHECK(stars.text == std::string(20000, 'a'));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(elapsed < std::chrono::seconds(5));
}

TEST_CASE("expand: random byte strings never crash and give well-formed results") {
  const Variables vars{{"A", "a b"}, {"E", ""}, {"U", kUnknown}, {"P", "x/y*z"}};
  const auto lookup = lookup_in(vars);
  static const std::string alphabet = "${}:-+?#%/\\`'\" \tAEUPab*?[]0@\n";
  std::mt19937 random(20240611);
  std::uniform_int_distribution<int> length(0, 40);
  std::uniform_int_distribution<int> coin(0, 9);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  int failures = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string input;
    const int n = length(random);
    for (int i = 0; i < n; ++i) {
      input += coin(random) == 0 ? static_cast<char>(byte(random)) : alphabet[pick(random)];
    }
    const char escape = (round % 2 == 0) ? '\\' : '`';
    const Expansion expansion = expand_word(input, lookup, escape);
    check_well_formed(expansion);
    if (!expansion.ok()) ++failures;
    for (const Expansion& word : expand_words(input, lookup, escape)) {
      check_well_formed(word);
      if (word.ok()) CHECK_FALSE(word.text.empty());
    }
  }
  // The generator must exercise both outcomes.
  CHECK(failures > 1000);
  CHECK(failures < 19000);
}
