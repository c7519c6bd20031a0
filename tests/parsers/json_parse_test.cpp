#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <string>

#include "parsers/json/parse.h"

using shipshape::json::Document;
using shipshape::json::Kind;
using shipshape::json::kNoNode;
using shipshape::json::parse;
using shipshape::json::ParseResult;

namespace {

// Absolute time limits only hold for optimized builds without sanitizers.
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__) && !defined(SHIPSHAPE_SANITIZED)
constexpr bool kOptimizedBuild = true;
#else
constexpr bool kOptimizedBuild = false;
#endif

// The single diagnostic for `text`, as "line:column: message".
std::string error_of(std::string_view text) {
  const ParseResult result = parse(text);
  REQUIRE_MESSAGE(result.errors.size() == 1, "expected exactly one error for: " << text);
  CHECK(result.document.empty());
  const auto& error = result.errors.front();
  return std::to_string(error.range.begin.line) + ":" + std::to_string(error.range.begin.column) + ": " + error.message;
}

}  // namespace

TEST_CASE("json: scalars, containers and decoded values") {
  const ParseResult result =
      parse(R"({"s": "a\"b\\c\/d\n\u00e9\ud83d\ude00", "n": -12.5e+2, "i": 42, "t": true, "f": false,
"z": null, "a": [1, [], {}], "e": ""})");
  REQUIRE(result.ok());
  const Document& doc = result.document;
  const auto root = doc.root();
  CHECK(root.is_object());
  CHECK(root.size() == 8);
  CHECK(root["s"].string_or("") == "a\"b\\c/d\n\xC3\xA9\xF0\x9F\x98\x80");
  CHECK(root["n"].number() == -1250.0);
  CHECK(doc.number_text(root["n"].id()) == "-12.5e+2");
  CHECK_FALSE(root["n"].integer());
  CHECK(root["i"].integer() == 42);
  CHECK(root["t"].boolean() == true);
  CHECK(root["f"].boolean() == false);
  CHECK(root["z"].is_null());
  CHECK(root["a"].size() == 3);
  CHECK(root["a"][1].is_array());
  CHECK(root["a"][1].size() == 0);
  CHECK(root["a"][2].is_object());
  CHECK(root["e"].is_string());
  CHECK(root["e"].string_or("x").empty());
  CHECK_FALSE(root["missing"].exists());
  CHECK_FALSE(root["missing"]["deeper"][3].exists());
  CHECK(root["a"][7].exists() == false);
}

TEST_CASE("json: value and key ranges are exact, keys with quotes") {
  const std::string text = "{\n  \"family\": \"web\",\n  \"k\\u0065y\": [10, 20]\n}";
  const ParseResult result = parse(text);
  REQUIRE(result.ok());
  const Document& doc = result.document;
  const auto family = doc.root()["family"];
  CHECK(doc.slice(family.key_range()) == "\"family\"");
  CHECK(family.key_range().begin.line == 2);
  CHECK(family.key_range().begin.column == 3);
  CHECK(doc.slice(family.range()) == "\"web\"");
  CHECK(family.range().begin.column == 13);
  const auto escaped = doc.root()["key"];  // the key is unescaped
  REQUIRE(escaped.exists());
  CHECK(escaped.key() == "key");
  CHECK(doc.slice(escaped.key_range()) == "\"k\\u0065y\"");
  CHECK(doc.slice(escaped.range()) == "[10, 20]");
  CHECK(doc.slice(escaped[1].range()) == "20");
  CHECK(escaped[1].range().begin.line == 3);
  CHECK(escaped[1].range().begin.column == 20);
  CHECK(doc.slice(doc.root().range()) == text);
  // Array elements and the root have no key: an empty range at the value.
  CHECK(escaped[0].key_range().empty());
  CHECK(escaped[0].key_range().begin == escaped[0].range().begin);
}

TEST_CASE("json: pointers escape ~ and / and resolve back") {
  const ParseResult result = parse(R"({"a/b": {"m~n": [0, {"": 1, "x y": 2}]}, "0": 3})");
  REQUIRE(result.ok());
  const Document& doc = result.document;
  const auto deep = doc.root()["a/b"]["m~n"][1];
  CHECK(deep["x y"].pointer() == "/a~1b/m~0n/1/x y");
  CHECK(deep[""].pointer() == "/a~1b/m~0n/1/");
  CHECK(doc.root().pointer().empty());
  CHECK(doc.find("/a~1b/m~0n/1/x y") == deep["x y"].id());
  CHECK(doc.find("/a~1b/m~0n/1/") == deep[""].id());
  CHECK(doc.find("/0") == doc.root()["0"].id());
  CHECK(doc.find("") == doc.root_id());
  CHECK(doc.find("/a~1b/m~0n/01") == kNoNode);  // leading zero: not an index
  CHECK(doc.find("/a~1b/m~0n/2") == kNoNode);   // out of range
  CHECK(doc.find("/a~1b/m~0n/-") == kNoNode);
  CHECK(doc.find("/a~2b") == kNoNode);  // invalid escape
  CHECK(doc.find("a~1b") == kNoNode);   // must start with '/'
  CHECK(doc.find("/a/b") == kNoNode);   // an unescaped '/' splits the token
  std::string built;
  shipshape::json::append_pointer_token(built, "~/x");
  CHECK(built == "/~0~1x");
}

TEST_CASE("json: duplicate keys are recorded and the last one wins") {
  const ParseResult result = parse(R"({"image": "a", "name": "n", "image": "b", "image": "c"})");
  REQUIRE(result.ok());
  const Document& doc = result.document;
  CHECK(doc.root()["image"].string_or("") == "c");
  REQUIRE(doc.duplicate_keys().size() == 2);
  CHECK(doc.string(doc.duplicate_keys()[0].first) == "a");
  CHECK(doc.string(doc.duplicate_keys()[0].duplicate) == "b");
  CHECK(doc.string(doc.duplicate_keys()[1].first) == "a");
  CHECK(doc.string(doc.duplicate_keys()[1].duplicate) == "c");
  CHECK(doc.key_range(doc.duplicate_keys()[1].duplicate).begin.column == 43);

  // Large objects take the sorting path; the result is the same.
  std::string big = "{";
  for (int i = 0; i < 40; ++i) big += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
  big += "\"k7\": 100, \"k3\": 101}";
  const ParseResult large = parse(big);
  REQUIRE(large.ok());
  REQUIRE(large.document.duplicate_keys().size() == 2);
  CHECK(large.document.key(large.document.duplicate_keys()[0].duplicate) == "k7");
  CHECK(large.document.key(large.document.duplicate_keys()[1].duplicate) == "k3");
  CHECK(large.document.root()["k7"].integer() == 100);
}

TEST_CASE("json: numbers are validated strictly and kept as written") {
  for (const std::string_view valid :
       {"0", "-0", "1e+5", "1E-5", "0.5", "-12.25e3", "123456789012345678901234567890"}) {
    const ParseResult result = parse(valid);
    REQUIRE_MESSAGE(result.ok(), valid);
    CHECK(result.document.number_text(0) == valid);
  }
  CHECK(parse("1e+5").document.number(0) == 100000.0);
  CHECK(parse("1e999").document.number(0) == std::numeric_limits<double>::infinity());
  CHECK(parse("-1e999").document.number(0) == -std::numeric_limits<double>::infinity());
  CHECK(parse("1e-999").document.number(0) == 0.0);
  CHECK_FALSE(parse("123456789012345678901234567890").document.integer(0));
  CHECK(parse("-9223372036854775808").document.integer(0) == INT64_MIN);

  CHECK(error_of("[01]") == "1:2: numbers cannot have leading zeros");
  CHECK(error_of("[-007]") == "1:2: numbers cannot have leading zeros");
  CHECK(error_of("[0x1F]") == "1:2: hexadecimal numbers are not valid JSON");
  CHECK(error_of("[1.]") == "1:2: expected a digit after the decimal point");
  CHECK(error_of("[1e]") == "1:2: expected digits in the exponent");
  CHECK(error_of("[-]") == "1:2: `-` must be followed by a digit");
  CHECK(error_of("[+1]") == "1:2: a JSON number cannot start with `+`");
  CHECK(error_of("[.5]") == "1:2: a JSON number cannot start with `.`");
  CHECK(error_of("[NaN]") == "1:2: NaN is not a valid JSON number");
  CHECK(error_of("[-Infinity]") == "1:2: Infinity is not a valid JSON number");
  CHECK(error_of("[1.5.2]") == "1:2: malformed number");
}

TEST_CASE("json: strings reject raw control characters, bad escapes and lone surrogates") {
  CHECK(error_of("[\"a\tb\"]") == "1:4: unescaped control character U+0009 in a string");
  CHECK(parse("[\"a\tb\"]").errors[0].hint == "write it as `\\t`");
  CHECK(error_of("{\"a\": \"one\ntwo\"}") == "1:11: line break inside a string");
  CHECK(error_of(R"(["\x41"])") == "1:3: invalid escape `\\x` in a string");
  CHECK(error_of(R"(["it\'s"])") == "1:5: invalid escape `\\'` in a string");
  CHECK(error_of(R"(["\u12"])") == "1:3: `\\u` must be followed by four hexadecimal digits");
  CHECK(error_of(R"(["\ud800"])") ==
        "1:3: unpaired UTF-16 surrogate: a high surrogate (\\uD800-\\uDBFF) must be followed by a low one "
        "(\\uDC00-\\uDFFF)");
  CHECK(error_of(R"(["\udc00"])") ==
        "1:3: unpaired UTF-16 surrogate: a low surrogate (\\uDC00-\\uDFFF) without a high one before it");
  // \u0000 is fine and decodes to a NUL byte.
  const ParseResult nul = parse(R"(["a\u0000b"])");
  REQUIRE(nul.ok());
  CHECK(nul.document.root()[0].string_or("") == std::string_view("a\0b", 3));
}

TEST_CASE("json: NUL bytes and invalid UTF-8 are rejected with their position") {
  CHECK(error_of(std::string_view("{\"a\": \"x\0y\"}", 12)) == "1:9: NUL byte inside a string");
  CHECK(error_of(std::string_view("{\"a\": 1,\0}", 10)) ==
        "1:9: NUL byte (U+0000) in the file; JSON text cannot contain NUL bytes");
  CHECK(error_of("[\"caf\xC3\"]") == "1:6: invalid UTF-8 byte 0xC3 in a string; JSON text must be UTF-8");
  CHECK(error_of("[\"\xED\xA0\x80\"]") ==
        "1:3: invalid UTF-8 byte 0xED in a string; JSON text must be UTF-8");  // encoded surrogate
  CHECK(error_of("[\"\xC0\xAF\"]") == "1:3: invalid UTF-8 byte 0xC0 in a string; JSON text must be UTF-8");  // overlong
  CHECK(error_of("[1,\xFF]") == "1:4: invalid UTF-8 byte 0xFF; JSON text must be UTF-8");
  CHECK(error_of("[1,\xC2\xA0 2]") == "1:4: unexpected character U+00A0 (no-break space): expected a value");
  // Valid multi-byte UTF-8 is kept as is.
  const ParseResult ok = parse("[\"\xE6\x97\xA5\xF0\x9F\x90\xB3\"]");
  REQUIRE(ok.ok());
  CHECK(ok.document.root()[0].string_or("") == "\xE6\x97\xA5\xF0\x9F\x90\xB3");
}

TEST_CASE("json: comments, trailing commas, single quotes and other non-JSON are rejected") {
  CHECK(error_of("{\n  // note\n  \"a\": 1\n}") == "2:3: comments are not allowed in JSON");
  CHECK(error_of("{\"a\": 1 /* x */}") == "1:9: comments are not allowed in JSON");
  CHECK(parse("{\"a\": 1 /* x */}").errors[0].range.size() == 7);
  CHECK(error_of("{\"a\": [1, 2,],}") == "1:12: trailing comma before `]`");
  CHECK(error_of("{\n  \"a\": 1,\n}") == "2:9: trailing comma before `}`");
  CHECK(error_of("{'a': 1}") == "1:2: object keys must be in double quotes, not single quotes");
  CHECK(error_of("{\"a\": 'x'}") == "1:7: strings must be in double quotes, not single quotes");
  CHECK(error_of("{a: 1}") == "1:2: object keys must be strings in double quotes");
  CHECK(error_of("{\"a\" 1}") == "1:6: unexpected `1`: expected `:` after the key");
  CHECK(error_of("{\"a\": 1 \"b\": 2}") == "1:9: expected `,` or `}`: a comma is missing before this");
  CHECK(error_of("[1 2]") == "1:4: expected `,` or `]`: a comma is missing before this");
  CHECK(error_of("[1,,2]") == "1:4: expected a value before `,`");
  CHECK(error_of("[1}") == "1:3: expected `,` or `]`, found `}`");
  CHECK(error_of("{\"a\": }") == "1:7: unexpected `}`: expected a value after `:`");
  CHECK(error_of("[True]") == "1:2: JSON literals are lower case: write `true`");
  CHECK(error_of("[undefined]") == "1:2: `undefined` is not JSON");
  CHECK(error_of("[secret_word]") == "1:2: unexpected word: JSON strings must be in double quotes");
  CHECK(error_of("{} {}") == "1:4: unexpected `{`: expected the end of the file: a JSON file holds exactly one value");
  CHECK(error_of("") == "1:1: the file is empty: expected a JSON value");
  CHECK(error_of("  \n ") == "2:2: the file is empty: expected a JSON value");
  CHECK(error_of("[1]\x0C") ==
        "1:4: unexpected control character U+000C: expected the end of the file: a JSON file holds exactly one value");
}

TEST_CASE("json: truncated input names the bracket that is not closed") {
  CHECK(error_of("{\n  \"containerDefinitions\": [\n    {\"name\": \"a\"") ==
        "3:17: unexpected end of file: the `{` at line 3, column 5 is not closed");
  CHECK(error_of("{\"a\": [1, 2") == "1:12: unexpected end of file: the `[` at line 1, column 7 is not closed");
  CHECK(error_of("{\"a\"") == "1:5: unexpected end of file: expected `:` after the key");
  CHECK(error_of("{\"a\": \"unterminated") == "1:7: string is not closed: the file ends inside it");
  CHECK(error_of("{\"a\": tr") == "1:7: unexpected word: JSON strings must be in double quotes");
  CHECK(error_of("{\"a\":") == "1:6: unexpected end of file: the `{` at line 1, column 1 is not closed");
}

TEST_CASE("json: 10,000-deep nesting is a diagnostic, not a crash") {
  const std::string deep = std::string(10000, '[') + std::string(10000, ']');
  const ParseResult result = parse(deep);
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].message == "nesting is deeper than 512 levels");
  CHECK(result.errors[0].range.begin.line == 1);
  CHECK(result.errors[0].range.begin.column == 513);
  CHECK(result.document.empty());

  std::string objects;
  for (int i = 0; i < 10000; ++i) objects += "{\"a\":";
  const ParseResult nested_objects = parse(objects);
  REQUIRE(nested_objects.errors.size() == 1);
  CHECK(nested_objects.errors[0].range.begin.column == 512 * 5 + 1);

  // Exactly at the bound is fine, and the limit is configurable.
  const std::string at_limit = std::string(512, '[') + std::string(512, ']');
  CHECK(parse(at_limit).ok());
  CHECK_FALSE(parse(at_limit, {.max_depth = 100}).ok());
}

TEST_CASE("json: a leading byte order mark is skipped, positions stay byte offsets") {
  const ParseResult result = parse("\xEF\xBB\xBF{\"a\": 1}");
  REQUIRE(result.ok());
  CHECK(result.document.root().range().begin.offset == 3);
  CHECK(result.document.root()["a"].integer() == 1);
}

TEST_CASE("json: string_subrange maps decoded offsets through escapes") {
  const ParseResult result = parse(R"(["repo\/app:1.0", "a\u00e9b", "plain"])");
  REQUIRE(result.ok());
  const Document& doc = result.document;
  const auto image = doc.root()[0];
  CHECK(image.string_or("") == "repo/app:1.0");
  CHECK(doc.slice(doc.string_subrange(image.id(), 9, 12)) == "1.0");  // the tag, after an escaped '/'
  CHECK(doc.slice(doc.string_subrange(image.id(), 4, 5)) == "\\/");
  CHECK(doc.slice(doc.string_subrange(image.id(), 0, 4)) == "repo");
  const auto accented = doc.root()[1];
  CHECK(doc.slice(doc.string_subrange(accented.id(), 1, 3)) == "\\u00e9");  // two decoded bytes, one escape
  CHECK(doc.slice(doc.string_subrange(accented.id(), 3, 4)) == "b");
  const auto plain = doc.root()[2];
  CHECK(doc.slice(doc.string_subrange(plain.id(), 2, 99)) == "ain");
  CHECK(doc.string_subrange(plain.id(), 9, 9).empty());
}

TEST_CASE("json: parent, index and member navigation") {
  const ParseResult result = parse(R"({"a": [true, {"b": null}]})");
  REQUIRE(result.ok());
  const Document& doc = result.document;
  const auto b = doc.root()["a"][1]["b"];
  CHECK(b.parent() == doc.root()["a"][1]);
  CHECK(doc.index_in_parent(doc.root()["a"][1].id()) == 1);
  CHECK(doc.is_member(b.id()));
  CHECK_FALSE(doc.is_member(doc.root()["a"][0].id()));
  CHECK(doc.root()[0u] == doc.root()["a"]);  // members by position
  CHECK(doc.root()["a"].key() == "a");
  CHECK(to_string(Kind::object) == "object");
}

TEST_CASE("json: a 50 MB array loads in linear time and memory") {
  // ~58 MB of container-like objects: 600,000 objects, 4.8 million values; and the same array 8 times
  // smaller. Linear time means the big one costs about 8 times as much (quadratic would be 64 times).
  const auto make = [](int count) {
    const std::string element =
        R"({"name": "container-000000", "image": "nginx:1.25", "cpu": 128, "essential": true, "x": [1, 2]},)";
    std::string text = "[";
    text.reserve(static_cast<std::size_t>(count) * element.size() + 1);
    for (int i = 0; i < count; ++i) text += element;
    text.back() = ']';
    return text;
  };
  const auto time_parse = [](const std::string& text, std::size_t expected_nodes) {
    const auto start = std::chrono::steady_clock::now();
    const ParseResult result = parse(text);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    REQUIRE(result.ok());
    CHECK(result.document.node_count() == expected_nodes);
    return seconds;
  };
  const std::string small = make(75000);
  const std::string big = make(600000);
  REQUIRE(big.size() > 50'000'000);
  const double small_seconds = std::min(time_parse(small, 1 + 75000 * 8), time_parse(small, 1 + 75000 * 8));
  // The best of two runs each, so that a busy neighbour (tests run in parallel) does not skew the ratio.
  const double big_seconds = std::min(time_parse(big, 1 + 600000 * 8), time_parse(big, 1 + 600000 * 8));
  MESSAGE("parsed " << big.size() / 1e6 << " MB in " << big_seconds << " s; 1/8 of it in " << small_seconds << " s");
  CHECK(big_seconds < 24 * small_seconds);
  if (kOptimizedBuild) CHECK(big_seconds < 5.0);  // about 0.5 s in Release on one core

  const ParseResult result = parse(big);
  CHECK(result.document.root().size() == 600000);
  CHECK(result.document.root()[599999]["x"][1].integer() == 2);
  CHECK(result.document.root()[599999]["x"][1].pointer() == "/599999/x/1");
}
