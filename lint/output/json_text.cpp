#include "lint/output/json_text.h"

#include <charconv>
#include <string_view>

namespace shipshape::lint::output {

namespace {

using Json = nlohmann::ordered_json;

void indent(std::string& out, std::size_t depth) { out.append(2 * depth, ' '); }

// Printable ASCII is written here; text with control characters or non-ASCII bytes (which need escapes, UTF-8
// validation and replacement) goes through nlohmann, so that the output stays exactly its own.
void append_string(std::string& out, std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x80) {
      out += Json(text).dump(-1, ' ', false, Json::error_handler_t::replace);
      return;
    }
  }
  out += '"';
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

template <class Integer>
void append_integer(std::string& out, Integer value) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

}  // namespace

void append_json(std::string& out, const Json& value, std::size_t depth) {
  switch (value.type()) {
    case Json::value_t::object: {
      if (value.empty()) {
        out += "{}";
        return;
      }
      out += "{\n";
      bool first = true;
      for (const auto& [key, member] : value.items()) {
        if (!first) out += ",\n";
        first = false;
        indent(out, depth + 1);
        append_string(out, key);
        out += ": ";
        append_json(out, member, depth + 1);
      }
      out += '\n';
      indent(out, depth);
      out += '}';
      return;
    }
    case Json::value_t::array: {
      if (value.empty()) {
        out += "[]";
        return;
      }
      out += "[\n";
      bool first = true;
      for (const Json& element : value) {
        if (!first) out += ",\n";
        first = false;
        indent(out, depth + 1);
        append_json(out, element, depth + 1);
      }
      out += '\n';
      indent(out, depth);
      out += ']';
      return;
    }
    case Json::value_t::string: append_string(out, value.get_ref<const std::string&>()); return;
    case Json::value_t::boolean: out += value.get<bool>() ? "true" : "false"; return;
    case Json::value_t::null: out += "null"; return;
    case Json::value_t::number_integer: append_integer(out, value.get<std::int64_t>()); return;
    case Json::value_t::number_unsigned: append_integer(out, value.get<std::uint64_t>()); return;
    default: {  // floats, binary, discarded: rare, so printed by nlohmann itself and indented for the depth
      const std::string text = value.dump(2, ' ', false, Json::error_handler_t::replace);
      for (const char c : text) {
        out += c;
        if (c == '\n') indent(out, depth);
      }
      return;
    }
  }
}

void JsonArrayWriter::add(const Json& element) {
  out_ += empty_ ? "[\n" : ",\n";
  empty_ = false;
  indent(out_, depth_ + 1);
  append_json(out_, element, depth_ + 1);
}

void JsonArrayWriter::close() {
  if (empty_) {
    out_ += "[]";
    return;
  }
  out_ += '\n';
  indent(out_, depth_);
  out_ += ']';
}

std::string json_text(const Json& value) {
  std::string out;
  append_json(out, value);
  return out;
}

}  // namespace shipshape::lint::output
