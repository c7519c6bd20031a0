#pragma once
// Positioned JSON: a compact DOM where every value keeps its exact byte range, every object member its
// key (unescaped) and the key's range, and every node its RFC 6901 JSON Pointer (computed on demand).
//
// Nodes live in one arena and are addressed by NodeId; `Value` is a cheap handle (document + id) for
// navigation. A Document owns a copy of the text it was parsed from, so it stays valid on its own.
//
// Ranges: `range()` covers the value as written (strings with their quotes, objects from `{` to `}`);
// `key_range()` covers the member's key token *with* its quotes.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/source.h"

namespace shipshape::json {

enum class Kind : std::uint8_t { null, boolean, number, string, array, object };
// "null", "boolean", "number", "string", "array", "object"
std::string_view to_string(Kind kind);

using NodeId = std::uint32_t;
inline constexpr NodeId kNoNode = 0xFFFFFFFFu;

// Appends `token` to `pointer` as one RFC 6901 reference token: "/" + token with `~` -> `~0`, `/` -> `~1`.
void append_pointer_token(std::string& pointer, std::string_view token);

class Value;

class Document {
 public:
  // A key seen twice in one object. Lookups return the last occurrence, as nlohmann_json, Python's json
  // module (so the AWS CLI) and JavaScript's JSON.parse do.
  struct DuplicateKey {
    NodeId object = kNoNode;
    NodeId first = kNoNode;      // the member written first
    NodeId duplicate = kNoNode;  // a later member with the same (unescaped) key
  };

  Document() = default;

  bool empty() const { return nodes_.empty(); }
  Value root() const;
  NodeId root_id() const { return nodes_.empty() ? kNoNode : 0; }
  std::size_t node_count() const { return nodes_.size(); }
  std::string_view text() const { return text_; }

  // ---- by id (ids must be valid; kNoNode is not) ----
  Kind kind(NodeId id) const { return nodes_[id].kind; }
  NodeId parent(NodeId id) const { return nodes_[id].parent; }
  // Position among the parent's elements or members (0-based, in source order).
  std::uint32_t index_in_parent(NodeId id) const { return nodes_[id].index; }
  bool is_member(NodeId id) const;  // a value inside an object (so it has a key)

  Range range(NodeId id) const;           // the value as written
  Range key_range(NodeId id) const;       // the key with its quotes; for non-members, an empty range at the value
  std::string_view key(NodeId id) const;  // the unescaped key; empty for non-members

  bool boolean(NodeId id) const { return nodes_[id].a != 0; }
  std::string_view string(NodeId id) const;       // unescaped content (may contain NUL from \u0000)
  std::string_view number_text(NodeId id) const;  // the number exactly as written
  double number(NodeId id) const;                 // nearest double (±inf beyond the double range)
  // The value when the number is written as an integer (no fraction, no exponent) that fits in int64.
  std::optional<std::int64_t> integer(NodeId id) const;

  std::uint32_t size(NodeId id) const;                       // elements or members; 0 for scalars
  NodeId child(NodeId id, std::uint32_t index) const;        // element or member by position; kNoNode if out of range
  NodeId member(NodeId object, std::string_view key) const;  // last member with this key, or kNoNode

  std::string pointer(NodeId id) const;         // "" for the root
  NodeId find(std::string_view pointer) const;  // kNoNode when the pointer is malformed or resolves to nothing

  // The source range of decoded bytes [begin, end) of a string value, accounting for escapes, e.g. to point
  // at the tag inside an image name. Offsets are clamped to the string.
  Range string_subrange(NodeId id, std::size_t begin, std::size_t end) const;

  const std::vector<DuplicateKey>& duplicate_keys() const { return duplicates_; }

  Position position(std::uint32_t offset) const;
  Range range(std::uint32_t begin, std::uint32_t end) const { return {position(begin), position(end)}; }
  std::string_view slice(const Range& r) const { return std::string_view(text_).substr(r.begin.offset, r.size()); }

 private:
  friend class Parser;

  // Where a decoded string lives: in the text (no escapes) or in the pool (unescaped copy).
  struct StringRef {
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
    bool pooled = false;
  };
  struct Node {
    std::uint32_t begin = 0;  // value bytes [begin, end)
    std::uint32_t end = 0;
    NodeId parent = kNoNode;
    std::uint32_t index = 0;  // position in the parent
    // containers: first slot in elements_/members_ and count; strings: StringRef offset/length (pooled
    // flag in `flags`); booleans: a = value; numbers: unused (the text is [begin, end)).
    std::uint32_t a = 0;
    std::uint32_t b = 0;
    Kind kind = Kind::null;
    std::uint8_t flags = 0;  // kPooled for strings
  };
  struct Member {
    NodeId value = kNoNode;
    std::uint32_t key_begin = 0;  // the key token with quotes
    std::uint32_t key_end = 0;
    StringRef key;
  };
  static constexpr std::uint8_t kPooled = 1;

  std::string_view view(const StringRef& ref) const;
  const Member& member_slot(NodeId id) const;

  std::string text_;
  std::vector<std::uint32_t> line_starts_;
  std::vector<Node> nodes_;       // pre-order: the root is node 0
  std::vector<NodeId> elements_;  // array children, contiguous per array
  std::vector<Member> members_;   // object members, contiguous per object
  std::string pool_;              // unescaped strings and keys that contain escapes
  std::vector<DuplicateKey> duplicates_;
};

// A handle to one node. Default-constructed or missing values are "absent": every query on them returns
// an empty/false/absent answer, so lookups can be chained: `doc.root()["a"][0]["b"].string_or("")`.
class Value {
 public:
  Value() = default;
  Value(const Document* document, NodeId id) : document_(document), id_(id) {}

  bool exists() const { return document_ != nullptr && id_ != kNoNode; }
  explicit operator bool() const { return exists(); }
  NodeId id() const { return id_; }
  const Document* document() const { return document_; }

  std::optional<Kind> kind() const;
  bool is(Kind k) const { return exists() && document_->kind(id_) == k; }
  bool is_null() const { return is(Kind::null); }
  bool is_object() const { return is(Kind::object); }
  bool is_array() const { return is(Kind::array); }
  bool is_string() const { return is(Kind::string); }
  bool is_number() const { return is(Kind::number); }
  bool is_boolean() const { return is(Kind::boolean); }

  std::string_view string_or(std::string_view fallback) const;
  std::optional<bool> boolean() const;
  std::optional<double> number() const;
  std::optional<std::int64_t> integer() const;

  std::uint32_t size() const;
  Value operator[](std::string_view key) const;  // object member (last occurrence)
  Value operator[](std::uint32_t index) const;   // array element or object member by position
  Value parent() const;

  Range range() const;
  Range key_range() const;
  std::string_view key() const;
  std::string pointer() const;

  friend bool operator==(const Value& a, const Value& b) { return a.document_ == b.document_ && a.id_ == b.id_; }

 private:
  const Document* document_ = nullptr;
  NodeId id_ = kNoNode;
};

}  // namespace shipshape::json
