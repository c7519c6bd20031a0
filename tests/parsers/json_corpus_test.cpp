// Positions and pointers of the JSON layer on every real task definition in the shared corpus, checked
// against two independent implementations: nlohmann_json for values and pointers, tree-sitter-json for
// key and value positions.

#include <doctest/doctest.h>
#include <tree_sitter/api.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <tuple>
#include <vector>

#include "parsers/json/parse.h"
#include "tests/support/support.h"

extern "C" const TSLanguage* tree_sitter_json(void);

namespace {

using shipshape::json::Document;
using shipshape::json::Kind;
using shipshape::json::NodeId;
namespace testing = shipshape::testing;

std::vector<std::filesystem::path> ecs_corpus() {
  auto files = testing::files_under(testing::corpus_dir() / "ecs");
  REQUIRE(files.size() == 124);
  return files;
}

// Our node equals nlohmann's value (scalars exactly; containers by kind and size).
void check_same_value(const Document& doc, NodeId id, const nlohmann::json& expected, const std::string& where) {
  INFO(where);
  switch (doc.kind(id)) {
    case Kind::null: CHECK(expected.is_null()); break;
    case Kind::boolean:
      REQUIRE(expected.is_boolean());
      CHECK(expected.get<bool>() == doc.boolean(id));
      break;
    case Kind::string:
      REQUIRE(expected.is_string());
      CHECK(expected.get<std::string>() == doc.string(id));
      break;
    case Kind::number:
      REQUIRE(expected.is_number());
      if (expected.is_number_integer()) {
        CHECK(doc.integer(id) == expected.get<std::int64_t>());
      } else {
        CHECK(doc.number(id) == expected.get<double>());
      }
      break;
    case Kind::array:
      REQUIRE(expected.is_array());
      CHECK(expected.size() == doc.size(id));
      break;
    case Kind::object:
      REQUIRE(expected.is_object());
      CHECK(expected.size() == doc.size(id));
      break;
  }
}

struct PairSpan {
  std::uint32_t key_begin, key_end, value_begin, value_end;
  std::uint32_t key_row, key_column;  // 0-based, bytes
  friend bool operator==(const PairSpan&, const PairSpan&) = default;
  friend bool operator<(const PairSpan& a, const PairSpan& b) { return a.key_begin < b.key_begin; }
};

std::vector<PairSpan> tree_sitter_pairs(const std::string& text) {
  TSParser* parser = ts_parser_new();
  REQUIRE(ts_parser_set_language(parser, tree_sitter_json()));  // the linked grammar's ABI is accepted
  TSTree* tree = ts_parser_parse_string(parser, nullptr, text.data(), static_cast<std::uint32_t>(text.size()));
  std::vector<PairSpan> pairs;
  TSTreeCursor cursor = ts_tree_cursor_new(ts_tree_root_node(tree));
  CHECK_FALSE(ts_node_has_error(ts_tree_root_node(tree)));
  // Pre-order walk without recursion.
  bool done = false;
  while (!done) {
    const TSNode node = ts_tree_cursor_current_node(&cursor);
    if (std::string_view(ts_node_type(node)) == "pair") {
      const TSNode key = ts_node_child_by_field_name(node, "key", 3);
      const TSNode value = ts_node_child_by_field_name(node, "value", 5);
      pairs.push_back({ts_node_start_byte(key), ts_node_end_byte(key), ts_node_start_byte(value),
                       ts_node_end_byte(value), ts_node_start_point(key).row, ts_node_start_point(key).column});
    }
    if (ts_tree_cursor_goto_first_child(&cursor)) continue;
    while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
      if (!ts_tree_cursor_goto_parent(&cursor)) {
        done = true;
        break;
      }
    }
  }
  ts_tree_cursor_delete(&cursor);
  ts_tree_delete(tree);
  ts_parser_delete(parser);
  std::sort(pairs.begin(), pairs.end());
  return pairs;
}

}  // namespace

TEST_CASE("json corpus: every key and value range slices back to the source, every pointer resolves in nlohmann") {
  std::size_t keys = 0;
  std::size_t values = 0;
  for (const auto& path : ecs_corpus()) {
    const std::string text = testing::read_file(path);
    const auto parsed = shipshape::json::parse(text);
    INFO(path.string());
    REQUIRE(parsed.ok());
    const Document& doc = parsed.document;
    CHECK(doc.duplicate_keys().empty());
    const nlohmann::json expected = nlohmann::json::parse(text);
    for (NodeId id = 0; id < doc.node_count(); ++id) {
      const std::string pointer = doc.pointer(id);
      const nlohmann::json::json_pointer json_pointer(pointer);
      REQUIRE_MESSAGE(expected.contains(json_pointer), pointer);
      const nlohmann::json& value = expected.at(json_pointer);
      check_same_value(doc, id, value, pointer);
      CHECK(doc.find(pointer) == id);
      // The value's own text, parsed on its own, is the value.
      CHECK_MESSAGE(nlohmann::json::parse(doc.slice(doc.range(id))) == value, pointer);
      ++values;
      if (doc.is_member(id)) {
        // Key ranges include the quotes: the slice is the key token exactly as written.
        const std::string_view written = doc.slice(doc.key_range(id));
        REQUIRE(written.size() >= 2);
        CHECK(written.front() == '"');
        CHECK(written.back() == '"');
        CHECK(nlohmann::json::parse(written).get<std::string>() == doc.key(id));
        if (written.find('\\') == std::string_view::npos) CHECK(written.substr(1, written.size() - 2) == doc.key(id));
        ++keys;
      }
    }
  }
  MESSAGE("checked " << keys << " keys and " << values << " values");
  CHECK(keys == 2314);
  CHECK(values == 3154);
}

TEST_CASE("json corpus: key and value positions equal tree-sitter-json's") {
  std::size_t pairs_checked = 0;
  for (const auto& path : ecs_corpus()) {
    const std::string text = testing::read_file(path);
    INFO(path.string());
    const auto parsed = shipshape::json::parse(text);
    REQUIRE(parsed.ok());
    const Document& doc = parsed.document;
    std::vector<PairSpan> ours;
    for (NodeId id = 0; id < doc.node_count(); ++id) {
      if (!doc.is_member(id)) continue;
      const auto key = doc.key_range(id);
      const auto value = doc.range(id);
      ours.push_back({key.begin.offset, key.end.offset, value.begin.offset, value.end.offset, key.begin.line - 1,
                      key.begin.column - 1});
    }
    std::sort(ours.begin(), ours.end());
    const std::vector<PairSpan> theirs = tree_sitter_pairs(text);
    REQUIRE(ours.size() == theirs.size());
    for (std::size_t i = 0; i < ours.size(); ++i) {
      INFO("pair " << i << " at byte " << ours[i].key_begin);
      CHECK(ours[i] == theirs[i]);
    }
    pairs_checked += ours.size();
  }
  CHECK(pairs_checked == 2314);
}
