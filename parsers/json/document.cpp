#include "parsers/json/document.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace shipshape::json {

std::string_view to_string(Kind kind) {
  switch (kind) {
    case Kind::null: return "null";
    case Kind::boolean: return "boolean";
    case Kind::number: return "number";
    case Kind::string: return "string";
    case Kind::array: return "array";
    case Kind::object: return "object";
  }
  return "value";
}

void append_pointer_token(std::string& pointer, std::string_view token) {
  pointer.push_back('/');
  for (const char c : token) {
    if (c == '~') {
      pointer += "~0";
    } else if (c == '/') {
      pointer += "~1";
    } else {
      pointer.push_back(c);
    }
  }
}

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

unsigned read_hex4(std::string_view s, std::size_t i) {
  unsigned value = 0;
  for (std::size_t k = 0; k < 4 && i + k < s.size(); ++k)
    value = value * 16 + static_cast<unsigned>(std::max(0, hex_digit(s[i + k])));
  return value;
}

std::size_t utf8_length_of(unsigned code_point) {
  if (code_point < 0x80) return 1;
  if (code_point < 0x800) return 2;
  if (code_point < 0x10000) return 3;
  return 4;
}

// Parses one RFC 6901 array index: "0" or digits without a leading zero.
std::optional<std::uint32_t> parse_index(std::string_view token) {
  if (token.empty() || token.size() > 10 || (token.size() > 1 && token[0] == '0')) return std::nullopt;
  std::uint64_t value = 0;
  for (const char c : token) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (value >= kNoNode) return std::nullopt;
  return static_cast<std::uint32_t>(value);
}

// Unescapes one reference token (`~0` -> `~`, `~1` -> `/`); false when a `~` starts anything else.
bool unescape_token(std::string_view token, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] != '~') {
      out.push_back(token[i]);
      continue;
    }
    if (i + 1 >= token.size()) return false;
    if (token[i + 1] == '0') {
      out.push_back('~');
    } else if (token[i + 1] == '1') {
      out.push_back('/');
    } else {
      return false;
    }
    ++i;
  }
  return true;
}

}  // namespace

std::string_view Document::view(const StringRef& ref) const {
  const std::string& source = ref.pooled ? pool_ : text_;
  return std::string_view(source).substr(ref.offset, ref.length);
}

const Document::Member& Document::member_slot(NodeId id) const {
  const Node& parent_node = nodes_[nodes_[id].parent];
  return members_[parent_node.a + nodes_[id].index];
}

bool Document::is_member(NodeId id) const {
  const NodeId p = nodes_[id].parent;
  return p != kNoNode && nodes_[p].kind == Kind::object;
}

Position Document::position(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  if (line_starts_.empty()) return Position{offset, 1, offset + 1};
  const auto next = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line = static_cast<std::uint32_t>(next - line_starts_.begin());  // 1-based
  return Position{offset, line, offset - line_starts_[line - 1] + 1};
}

Range Document::range(NodeId id) const { return range(nodes_[id].begin, nodes_[id].end); }

Range Document::key_range(NodeId id) const {
  if (!is_member(id)) return range(nodes_[id].begin, nodes_[id].begin);
  const Member& slot = member_slot(id);
  return range(slot.key_begin, slot.key_end);
}

std::string_view Document::key(NodeId id) const {
  if (!is_member(id)) return {};
  return view(member_slot(id).key);
}

std::string_view Document::string(NodeId id) const {
  const Node& node = nodes_[id];
  if (node.kind != Kind::string) return {};
  return view(StringRef{node.a, node.b, (node.flags & kPooled) != 0});
}

std::string_view Document::number_text(NodeId id) const {
  const Node& node = nodes_[id];
  if (node.kind != Kind::number) return {};
  return std::string_view(text_).substr(node.begin, node.end - node.begin);
}

double Document::number(NodeId id) const {
  const std::string_view digits = number_text(id);
  if (digits.empty()) return 0;
  double value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  (void)end;
  if (error == std::errc::result_out_of_range) {
    // The grammar is valid, only the magnitude is not representable: overflow to ±inf, underflow to ±0.
    const bool negative = digits.front() == '-';
    const std::size_t e = digits.find_first_of("eE");
    const bool tiny = (e != std::string_view::npos && e + 1 < digits.size() && digits[e + 1] == '-') ||
                      digits.substr(negative ? 1 : 0, 1) == "0";
    value = tiny ? 0.0 : std::numeric_limits<double>::infinity();
    return negative ? -value : value;
  }
  return value;
}

std::optional<std::int64_t> Document::integer(NodeId id) const {
  const std::string_view digits = number_text(id);
  if (digits.empty() || digits.find_first_of(".eE") != std::string_view::npos) return std::nullopt;
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

std::uint32_t Document::size(NodeId id) const {
  const Node& node = nodes_[id];
  return (node.kind == Kind::array || node.kind == Kind::object) ? node.b : 0;
}

NodeId Document::child(NodeId id, std::uint32_t index) const {
  const Node& node = nodes_[id];
  if (index >= size(id)) return kNoNode;
  return node.kind == Kind::array ? elements_[node.a + index] : members_[node.a + index].value;
}

NodeId Document::member(NodeId object, std::string_view key) const {
  const Node& node = nodes_[object];
  if (node.kind != Kind::object) return kNoNode;
  for (std::uint32_t i = node.b; i-- > 0;) {
    const Member& slot = members_[node.a + i];
    if (view(slot.key) == key) return slot.value;
  }
  return kNoNode;
}

std::string Document::pointer(NodeId id) const {
  std::vector<NodeId> chain;
  for (NodeId at = id; at != kNoNode && nodes_[at].parent != kNoNode; at = nodes_[at].parent) chain.push_back(at);
  std::string result;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (is_member(*it)) {
      append_pointer_token(result, key(*it));
    } else {
      result.push_back('/');
      result += std::to_string(nodes_[*it].index);
    }
  }
  return result;
}

NodeId Document::find(std::string_view pointer) const {
  if (nodes_.empty()) return kNoNode;
  NodeId at = 0;
  if (pointer.empty()) return at;
  if (pointer.front() != '/') return kNoNode;
  std::string token;
  std::size_t start = 1;
  while (true) {
    const std::size_t slash = pointer.find('/', start);
    const std::string_view raw =
        pointer.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (!unescape_token(raw, token)) return kNoNode;
    const Node& node = nodes_[at];
    if (node.kind == Kind::object) {
      at = member(at, token);
    } else if (node.kind == Kind::array) {
      const auto index = parse_index(token);
      at = index ? child(at, *index) : kNoNode;
    } else {
      return kNoNode;
    }
    if (at == kNoNode) return kNoNode;
    if (slash == std::string_view::npos) return at;
    start = slash + 1;
  }
}

Range Document::string_subrange(NodeId id, std::size_t begin, std::size_t end) const {
  const Node& node = nodes_[id];
  if (node.kind != Kind::string || node.end - node.begin < 2) return range(id);
  const std::string_view raw = std::string_view(text_).substr(node.begin + 1, node.end - node.begin - 2);
  // Walk the source and the decoded bytes side by side.
  std::size_t source = 0;
  std::size_t decoded = 0;
  std::uint32_t source_begin = node.begin + 1 + static_cast<std::uint32_t>(raw.size());
  std::uint32_t source_end = source_begin;
  bool have_begin = false;
  while (source < raw.size()) {
    std::size_t source_step = 1;
    std::size_t decoded_step = 1;
    if (raw[source] == '\\' && source + 1 < raw.size()) {
      source_step = 2;
      if (raw[source + 1] == 'u') {
        source_step = 6;
        const unsigned unit = read_hex4(raw, source + 2);
        unsigned code_point = unit;
        if (unit >= 0xD800 && unit <= 0xDBFF && source + 12 <= raw.size() && raw[source + 6] == '\\') {
          const unsigned low = read_hex4(raw, source + 8);
          code_point = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
          source_step = 12;
        }
        decoded_step = utf8_length_of(code_point);
      }
    }
    if (!have_begin && decoded + decoded_step > begin) {
      source_begin = node.begin + 1 + static_cast<std::uint32_t>(source);
      have_begin = true;
    }
    if (decoded >= end) {
      source_end = node.begin + 1 + static_cast<std::uint32_t>(source);
      break;
    }
    source += source_step;
    decoded += decoded_step;
    source_end = node.begin + 1 + static_cast<std::uint32_t>(source);
  }
  if (!have_begin) source_end = source_begin;
  return range(source_begin, std::max(source_begin, source_end));
}

Value Document::root() const { return Value(this, root_id()); }

// ---- Value ----

std::optional<Kind> Value::kind() const {
  if (!exists()) return std::nullopt;
  return document_->kind(id_);
}

std::string_view Value::string_or(std::string_view fallback) const {
  return is_string() ? document_->string(id_) : fallback;
}

std::optional<bool> Value::boolean() const {
  if (!is_boolean()) return std::nullopt;
  return document_->boolean(id_);
}

std::optional<double> Value::number() const {
  if (!is_number()) return std::nullopt;
  return document_->number(id_);
}

std::optional<std::int64_t> Value::integer() const {
  if (!is_number()) return std::nullopt;
  return document_->integer(id_);
}

std::uint32_t Value::size() const { return exists() ? document_->size(id_) : 0; }

Value Value::operator[](std::string_view key) const {
  if (!is_object()) return {};
  return Value(document_, document_->member(id_, key));
}

Value Value::operator[](std::uint32_t index) const {
  if (!exists()) return {};
  return Value(document_, document_->child(id_, index));
}

Value Value::parent() const {
  if (!exists()) return {};
  return Value(document_, document_->parent(id_));
}

Range Value::range() const { return exists() ? document_->range(id_) : Range{}; }
Range Value::key_range() const { return exists() ? document_->key_range(id_) : Range{}; }
std::string_view Value::key() const { return exists() ? document_->key(id_) : std::string_view{}; }
std::string Value::pointer() const { return exists() ? document_->pointer(id_) : std::string{}; }

}  // namespace shipshape::json
