#include "parsers/dockerfile/json_array.h"

#include <optional>

#include "parsers/dockerfile/go_compat.h"

namespace shipshape::dockerfile {

namespace {

// encoding/json refuses nesting deeper than this.
constexpr std::size_t max_depth = 10000;

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A validating scanner over one JSON text, iterative (nesting depth is input-controlled).
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  // Validates the whole text as one JSON array; records the top-level string elements and whether some
  // top-level element is not a string.
  bool scan_array(std::vector<std::pair<std::uint32_t, std::uint32_t>>& strings, bool& non_string) {
    skip_space();
    if (pos_ >= text_.size() || text_[pos_] != '[') return false;
    // Containers: '[' or '{'. After a value inside a container, expect ',' or the closing bracket.
    std::vector<char> stack;
    stack.push_back('[');
    ++pos_;
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      stack.pop_back();
    } else {
      bool expect_value = true;
      while (!stack.empty()) {
        skip_space();
        if (pos_ >= text_.size()) return false;
        if (expect_value) {
          const bool top_level = stack.size() == 1;
          if (stack.back() == '{') {
            // An object member: "key" ':' value.
            if (text_[pos_] != '"' || !scan_string()) return false;
            skip_space();
            if (pos_ >= text_.size() || text_[pos_] != ':') return false;
            ++pos_;
            skip_space();
            if (pos_ >= text_.size()) return false;
          }
          const char c = text_[pos_];
          if (c == '[' || c == '{') {
            if (top_level) non_string = true;
            if (stack.size() >= max_depth) return false;
            stack.push_back(c);
            ++pos_;
            skip_space();
            const char close = c == '[' ? ']' : '}';
            if (pos_ < text_.size() && text_[pos_] == close) {
              ++pos_;
              stack.pop_back();
              expect_value = false;
            }
            continue;
          }
          const std::size_t start = pos_;
          if (c == '"') {
            if (!scan_string()) return false;
            if (top_level) strings.emplace_back(static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(pos_));
          } else {
            if (!scan_scalar()) return false;
            if (top_level) non_string = true;
          }
          expect_value = false;
          continue;
        }
        const char c = text_[pos_];
        const char close = stack.back() == '[' ? ']' : '}';
        if (c == ',') {
          ++pos_;
          expect_value = true;
        } else if (c == close) {
          ++pos_;
          stack.pop_back();
        } else {
          return false;
        }
      }
    }
    skip_space();
    return pos_ == text_.size();
  }

 private:
  void skip_space() {
    while (pos_ < text_.size() && is_json_space(text_[pos_])) ++pos_;
  }

  bool scan_string() {
    ++pos_;  // opening quote
    while (pos_ < text_.size()) {
      const unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        if (pos_ + 1 >= text_.size()) return false;
        const char e = text_[pos_ + 1];
        if (e == 'u') {
          if (pos_ + 6 > text_.size()) return false;
          for (std::size_t k = 2; k < 6; ++k) {
            if (hex_value(text_[pos_ + k]) < 0) return false;
          }
          pos_ += 6;
          continue;
        }
        if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't') {
          return false;
        }
        pos_ += 2;
        continue;
      }
      ++pos_;
    }
    return false;
  }

  bool scan_literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  bool scan_scalar() {
    const char c = text_[pos_];
    if (c == 't') return scan_literal("true");
    if (c == 'f') return scan_literal("false");
    if (c == 'n') return scan_literal("null");
    // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    if (c == '-') ++pos_;
    if (pos_ >= text_.size()) return false;
    if (text_[pos_] == '0') {
      ++pos_;
    } else if (text_[pos_] >= '1' && text_[pos_] <= '9') {
      while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    } else {
      return false;
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (pos_ >= text_.size() || !is_digit(text_[pos_])) return false;
      while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (pos_ >= text_.size() || !is_digit(text_[pos_])) return false;
      while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    }
    return true;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

std::optional<char32_t> read_u4(std::string_view s, std::size_t pos) {
  if (pos + 6 > s.size() || s[pos] != '\\' || s[pos + 1] != 'u') return std::nullopt;
  char32_t value = 0;
  for (std::size_t k = pos + 2; k < pos + 6; ++k) {
    const int h = hex_value(s[k]);
    if (h < 0) return std::nullopt;
    value = value * 16 + static_cast<char32_t>(h);
  }
  return value;
}

// Decodes a validated JSON string literal (with its quotes) as encoding/json's unquote does.
std::string decode_string(std::string_view literal) {
  const std::string_view s = literal.substr(1, literal.size() - 2);
  std::string out;
  out.reserve(s.size());
  std::size_t pos = 0;
  while (pos < s.size()) {
    const char c = s[pos];
    if (c == '\\') {
      const char e = s[pos + 1];
      switch (e) {
        case 'b': out.push_back('\b'); pos += 2; continue;
        case 'f': out.push_back('\f'); pos += 2; continue;
        case 'n': out.push_back('\n'); pos += 2; continue;
        case 'r': out.push_back('\r'); pos += 2; continue;
        case 't': out.push_back('\t'); pos += 2; continue;
        case 'u': {
          char32_t rune = *read_u4(s, pos);
          pos += 6;
          if (rune >= 0xD800 && rune <= 0xDFFF) {
            const auto low = read_u4(s, pos);
            if (rune < 0xDC00 && low && *low >= 0xDC00 && *low <= 0xDFFF) {
              rune = 0x10000 + ((rune - 0xD800) << 10) + (*low - 0xDC00);
              pos += 6;
            } else {
              rune = go::replacement_rune;
            }
          }
          go::append_rune(out, rune);
          continue;
        }
        default: out.push_back(e); pos += 2; continue;  // \" \\ \/
      }
    }
    if (static_cast<unsigned char>(c) < 0x80) {
      out.push_back(c);
      ++pos;
      continue;
    }
    const go::Rune rune = go::decode_rune(s, pos);
    if (rune.value == go::replacement_rune && rune.width == 1) {
      go::append_rune(out, go::replacement_rune);
    } else {
      out.append(s.substr(pos, rune.width));
    }
    pos += rune.width;
  }
  return out;
}

}  // namespace

JsonArray parse_json_array(std::string_view text) {
  JsonArray result;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> strings;
  bool non_string = false;
  Scanner scanner(text);
  if (!scanner.scan_array(strings, non_string)) return result;
  if (non_string) {
    result.kind = JsonArray::Kind::not_strings;
    return result;
  }
  result.kind = JsonArray::Kind::strings;
  result.elements.reserve(strings.size());
  for (const auto& [begin, end] : strings) {
    result.elements.push_back({decode_string(text.substr(begin, end - begin)), begin, end});
  }
  return result;
}

}  // namespace shipshape::dockerfile
