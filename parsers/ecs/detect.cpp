#include "parsers/ecs/detect.h"

#include <cstddef>
#include <vector>

#include "parsers/ecs/load.h"
#include "parsers/ecs/schema.h"

namespace shipshape::ecs {

bool container_keys_look_valid(std::span<const std::string_view> keys) {
  const schema::Object& container = schema::container_definition();
  bool has_image = false;
  std::size_t known = 0;
  std::size_t specific = 0;
  for (const std::string_view key : keys) {
    if (container.find(key) == nullptr) continue;
    ++known;
    if (key == "image") {
      has_image = true;
    } else if (key != "name" && key != "command") {
      ++specific;
    }
  }
  const std::size_t foreign = keys.size() - known;
  return has_image && (specific > 0 || foreign == 0) && foreign <= known;
}

namespace {

// A forward-only scanner over JSON-ish text that never builds anything: it finds keys at the levels that
// matter and skips everything else. Malformed text simply ends the scan (the loader reports it).
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }

  char peek() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\r' || text_[pos_] == '\t'))
      ++pos_;
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }
  bool consume(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }

  // Reads a string at the cursor, returning its raw content (escapes left as written).
  bool string(std::string_view& out) {
    if (peek() != '"') return false;
    const std::size_t start = ++pos_;
    while (pos_ < text_.size() && text_[pos_] != '"') pos_ += text_[pos_] == '\\' ? 2 : 1;
    if (pos_ >= text_.size()) return false;
    out = text_.substr(start, pos_ - start);
    ++pos_;
    return true;
  }

  // Skips one value of any kind, nested containers included, without recursion.
  bool skip_value() {
    const char first = peek();
    if (first != '{' && first != '[') {
      if (first == '"') {
        std::string_view ignored;
        return string(ignored);
      }
      while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '}' && text_[pos_] != ']') ++pos_;
      return true;
    }
    std::size_t depth = 0;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '"') {
        std::string_view ignored;
        if (!string(ignored)) return false;
        continue;
      }
      ++pos_;
      if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) return true;
      }
    }
    return false;
  }

  // Calls `on_key(key)` for each member of the object at the cursor; `on_key` returns true to stop the
  // scan, leaving the cursor at that member's value. Returns whether `on_key` stopped it.
  template <class OnKey>
  bool members(OnKey on_key) {
    if (!consume('{')) return false;
    while (true) {
      std::string_view key;
      if (!string(key) || !consume(':')) return false;
      if (on_key(key)) return true;
      if (!skip_value()) return false;
      if (!consume(',')) return false;
    }
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// An object whose members include "containerDefinitions": [...] (possibly inside "taskDefinition": {...}).
bool object_looks_like_task_definition(Scanner& scanner, bool allow_wrapper) {
  bool found = false;
  scanner.members([&](std::string_view key) {
    if (key == "containerDefinitions" && scanner.peek() == '[') {
      found = true;
      return true;
    }
    if (allow_wrapper && key == "taskDefinition" && scanner.peek() == '{') {
      found = object_looks_like_task_definition(scanner, false);
      return found;
    }
    return false;
  });
  return found;
}

}  // namespace

bool looks_like_task_definition(std::string_view text) {
  Scanner scanner(text);
  const char first = scanner.peek();
  if (first == '{') {
    // Nearly every other JSON file stops at this search.
    if (text.find("\"containerDefinitions\"") == std::string_view::npos) return false;
    return object_looks_like_task_definition(scanner, true);
  }
  if (first != '[') return false;
  scanner.consume('[');
  std::vector<std::string_view> keys;
  scanner.members([&](std::string_view key) {
    keys.push_back(key);
    return false;
  });
  return container_keys_look_valid(keys);
}

}  // namespace shipshape::ecs
