#pragma once
// JSON text for the JSON-based formats (json, sarif, codeclimate), byte for byte what nlohmann's
// dump(2, ' ', false, error_handler_t::replace) prints, several times faster: that dump escapes and validates
// every character one at a time, and was a third of a SARIF run over a large repository.

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace shipshape::lint::output {

// Appends `value` as it prints `depth` levels deep in a document (two spaces per level; the first line is not
// indented, as after a key).
void append_json(std::string& out, const nlohmann::ordered_json& value, std::size_t depth = 0);

// `value` as a whole document (without a final newline).
std::string json_text(const nlohmann::ordered_json& value);

// Writes an array one element at a time, laid out as append_json lays out an array `depth` levels deep, so that a
// report need not hold every element's tree at once. Call close() once, after the last element.
class JsonArrayWriter {
 public:
  JsonArrayWriter(std::string& out, std::size_t depth) : out_(out), depth_(depth) {}
  void add(const nlohmann::ordered_json& element);
  void close();

 private:
  std::string& out_;
  std::size_t depth_;
  bool empty_ = true;
};

}  // namespace shipshape::lint::output
