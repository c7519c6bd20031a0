// json_text must print exactly what nlohmann's dump(2, ' ', false, replace) prints: the JSON, SARIF and Code
// Climate outputs switched to it, and their goldens were made with the dump.
#include <doctest/doctest.h>

#include <string>

#include "lint/output/json_text.h"

namespace {

using Json = nlohmann::ordered_json;
using shipshape::lint::output::append_json;
using shipshape::lint::output::json_text;

std::string reference(const Json& value) { return value.dump(2, ' ', false, Json::error_handler_t::replace); }

}  // namespace

TEST_CASE("json_text: scalars, strings and escapes print as nlohmann's dump") {
  const Json values[] = {
      nullptr, true, false, 0, -1, 42, std::int64_t{-9223372036854775807LL - 1}, std::uint64_t{18446744073709551615ULL},
      1.5, -0.0, 1e300, "", "plain text", "quote \" and backslash \\", "slash / stays", "tab\there",
      "newline\nreturn\rformfeed\fbackspace\b", std::string("nul \0 byte", 10), "\x01\x1f control",
      "\x7f delete", "caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x90\xB3", "bad \xFF utf-8 \xC3", "truncated \xE2\x9C",
  };
  for (const Json& value : values) {
    CAPTURE(reference(value));
    CHECK(json_text(value) == reference(value));
  }
}

TEST_CASE("json_text: objects and arrays, empty and nested, keep nlohmann's layout") {
  Json document;
  document["empty object"] = Json::object();
  document["empty array"] = Json::array();
  document["list"] = Json::array({1, "two", Json::array({3, Json::object()}), Json{{"k", nullptr}}});
  document["nested"] = Json{{"a", Json{{"b", Json{{"c", "deep"}}}}}, {"key \"quoted\" \xC3\xA9", false}};
  document["bad key \xFF"] = 1;
  document["binary"] = Json::binary({1, 2, 3}, 7);
  document["floats"] = Json::array({0.1, -2.5e-7, 3.0});
  CHECK(json_text(document) == reference(document));
  CHECK(json_text(Json::array()) == "[]");
  CHECK(json_text(Json::object()) == "{}");
}

TEST_CASE("append_json: a value written deeper in a document is indented for that depth") {
  const Json inner = Json{{"x", Json::array({1, 2})}};
  const Json outer = Json{{"outer", inner}};
  std::string out = "{\n  \"outer\": ";
  append_json(out, inner, 1);
  out += "\n}";
  CHECK(out == reference(outer));
}

TEST_CASE("JsonArrayWriter: an array written one element at a time prints as the whole array would") {
  using shipshape::lint::output::JsonArrayWriter;
  const Json elements = Json::array({Json{{"a", 1}}, "two", Json::array({3})});
  for (const Json& array : {Json::array(), elements}) {
    CAPTURE(reference(array));
    const Json outer = Json{{"list", array}};
    std::string out = "{\n  \"list\": ";
    JsonArrayWriter writer(out, 1);
    for (const Json& element : array) writer.add(element);
    writer.close();
    out += "\n}";
    CHECK(out == reference(outer));
  }
}
