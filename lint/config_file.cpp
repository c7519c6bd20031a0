// Reading `.shipshape.yaml`. libyaml's event parser does the YAML; on top of it a small loader builds a tree of
// positioned nodes (aliases become shared references, so a document is never copied out), and a schema reader
// turns the tree into a ConfigFile, reporting every problem at the exact node it is about.

#include <yaml.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>
#include <optional>

#include "lint/config_file.h"
#include "parsers/text.h"

namespace shipshape::lint {

namespace {

// ---------------------------------------------------------------------------------------------------------------
// Positions: libyaml counts characters, the rest of shipshape counts bytes.

class MarkMapper {
 public:
  explicit MarkMapper(const SourceFile& source) : source_(source) {
    const std::string_view text = source.text();
    char_starts_.reserve(text.size() + 1);
    for (std::size_t i = 0; i < text.size(); ++i) {
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) char_starts_.push_back(static_cast<std::uint32_t>(i));
    }
    char_starts_.push_back(static_cast<std::uint32_t>(text.size()));
  }

  Position at(const yaml_mark_t& mark) const {
    const std::size_t index = std::min<std::size_t>(mark.index, char_starts_.size() - 1);
    return source_.position_at(char_starts_[index]);
  }
  Range range(const yaml_mark_t& begin, const yaml_mark_t& end) const { return Range{at(begin), at(end)}; }
  Position at_byte(std::size_t offset) const {
    return source_.position_at(static_cast<std::uint32_t>(std::min<std::size_t>(offset, source_.size())));
  }

 private:
  const SourceFile& source_;
  std::vector<std::uint32_t> char_starts_;  // byte offset of each character, plus the end
};

// ---------------------------------------------------------------------------------------------------------------
// The YAML tree.

enum class NodeKind : std::uint8_t { scalar, sequence, mapping };

// A node where it is used: an alias uses its anchored node at the alias's own position.
struct Ref {
  std::uint32_t node = 0;
  Range at;
};

struct Node {
  NodeKind kind = NodeKind::scalar;
  bool plain = false;          // unquoted and untagged: `true`, `3`, `null` have their YAML meaning
  bool string_tag = false;     // `!!str`: always a string
  std::string value;           // scalar text
  std::vector<Ref> children;   // sequence items; mapping keys and values alternating
  Range range;
  std::uint64_t expanded = 1;  // node count with aliases expanded
  bool complete = false;       // an alias to a node that is still open would make a cycle
};

struct Tree {
  std::vector<Node> nodes;
  std::optional<Ref> root;
};

constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";

struct ParserHandle {
  yaml_parser_t parser;
  bool ready = false;
  ParserHandle() { ready = yaml_parser_initialize(&parser) != 0; }
  ~ParserHandle() {
    if (ready) yaml_parser_delete(&parser);
  }
  ParserHandle(const ParserHandle&) = delete;
  ParserHandle& operator=(const ParserHandle&) = delete;
};

struct EventHandle {
  yaml_event_t event;
  ~EventHandle() { yaml_event_delete(&event); }
};

std::string_view as_view(const yaml_char_t* text) {
  return text == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char*>(text));
}

// Builds the tree from libyaml's events without recursion; aliases are checked here (libyaml's event parser
// leaves them to the loader) and the expanded size is bounded as the tree grows.
class TreeBuilder {
 public:
  TreeBuilder(const SourceFile& source, const MarkMapper& marks, std::vector<Diagnostic>& errors)
      : source_(source), marks_(marks), errors_(errors) {}

  bool build(Tree& tree) {
    ParserHandle handle;
    if (!handle.ready) return fail(Range{}, "cannot initialise the YAML parser (out of memory)");
    const std::string_view text = source_.text();
    yaml_parser_set_input_string(&handle.parser, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    yaml_parser_set_encoding(&handle.parser, YAML_UTF8_ENCODING);
    tree_ = &tree;
    int documents = 0;
    for (;;) {
      EventHandle current;
      if (yaml_parser_parse(&handle.parser, &current.event) == 0) return parser_error(handle.parser);
      const yaml_event_t& event = current.event;
      const Range where = marks_.range(event.start_mark, event.end_mark);
      switch (event.type) {
        case YAML_STREAM_END_EVENT: return true;
        case YAML_DOCUMENT_START_EVENT:
          if (++documents > 1) {
            return fail(where, "a configuration file holds one YAML document; a second one starts here");
          }
          break;
        case YAML_ALIAS_EVENT:
          if (!alias(as_view(event.data.alias.anchor), where)) return false;
          break;
        case YAML_SCALAR_EVENT: {
          const auto& scalar = event.data.scalar;
          Node node;
          node.kind = NodeKind::scalar;
          node.value.assign(reinterpret_cast<const char*>(scalar.value), scalar.length);
          node.range = where;
          node.complete = true;
          if (!apply_tag(node, as_view(scalar.tag), where)) return false;
          // Without a tag, only a plain scalar has a YAML type other than string (`"true"` is a string).
          if (scalar.tag == nullptr) node.plain = scalar.style == YAML_PLAIN_SCALAR_STYLE;
          const std::uint32_t index = add(std::move(node), as_view(scalar.anchor));
          if (!attach(Ref{index, where})) return false;
          break;
        }
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
          const bool mapping = event.type == YAML_MAPPING_START_EVENT;
          Node node;
          node.kind = mapping ? NodeKind::mapping : NodeKind::sequence;
          node.range = where;
          const std::string_view tag =
              as_view(mapping ? event.data.mapping_start.tag : event.data.sequence_start.tag);
          if (!apply_tag(node, tag, where)) return false;
          const std::string_view anchor =
              as_view(mapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor);
          const bool block = mapping ? event.data.mapping_start.style == YAML_BLOCK_MAPPING_STYLE
                                     : event.data.sequence_start.style == YAML_BLOCK_SEQUENCE_STYLE;
          // libyaml's scanner costs time proportional to the flow nesting for every token: stop deep inputs early.
          if (open_.size() >= kMaxConfigDepth) {
            return fail(where, fmt::format("the configuration nests more than {} levels deep", kMaxConfigDepth));
          }
          open_.push_back(Open{add(std::move(node), anchor), block, where.end, false});
          break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: {
          if (open_.empty()) break;  // libyaml never does this; be safe anyway
          const Open closed = open_.back();
          open_.pop_back();
          Node& node = tree.nodes[closed.node];
          // A block collection ends where libyaml sees the next token, often lines further down: end it at its
          // last item instead, so that its range covers exactly what was written.
          node.range.end = (closed.block && closed.has_child) ? closed.last_end : where.end;
          node.complete = true;
          if (!attach(Ref{closed.node, node.range})) return false;
          break;
        }
        default: break;
      }
    }
  }

 private:
  struct Open {
    std::uint32_t node;
    bool block;
    Position last_end;
    bool has_child;
  };

  bool fail(Range where, std::string message) {
    errors_.push_back(Diagnostic{where, std::move(message), {}});
    return false;
  }

  bool parser_error(const yaml_parser_t& parser) {
    const std::string problem = parser.problem != nullptr ? parser.problem : "cannot parse the file";
    if (parser.error == YAML_READER_ERROR) {
      const Position at = marks_.at_byte(parser.problem_offset);
      return fail(Range{at, at}, "invalid YAML: " + problem);
    }
    if (parser.error == YAML_MEMORY_ERROR) return fail(Range{}, "invalid YAML: out of memory");
    const Position at = marks_.at(parser.problem_mark);
    std::string message = "invalid YAML: " + problem;
    if (parser.context != nullptr) {
      const Position context = marks_.at(parser.context_mark);
      message += fmt::format(" ({} at line {}, column {})", parser.context, context.line,
                             source_.column(context, ColumnUnit::characters));
    }
    return fail(Range{at, at}, std::move(message));
  }

  // Core-schema tags keep their meaning; anything else is refused rather than silently misread.
  bool apply_tag(Node& node, std::string_view tag, Range where) {
    if (tag.empty() || tag == "!") return true;
    if (tag.substr(0, kCoreTagPrefix.size()) == kCoreTagPrefix) {
      const std::string_view type = tag.substr(kCoreTagPrefix.size());
      if (type == "str") {
        node.string_tag = true;
        return true;
      }
      if (type == "bool" || type == "int" || type == "null" || type == "seq" || type == "map") {
        node.plain = true;
        return true;
      }
    }
    const bool core = tag.substr(0, kCoreTagPrefix.size()) == kCoreTagPrefix;
    return fail(where, fmt::format("unsupported YAML tag `{}{}`", core ? "!!" : "",
                                   core ? tag.substr(kCoreTagPrefix.size()) : tag));
  }

  std::uint32_t add(Node node, std::string_view anchor) {
    const auto index = static_cast<std::uint32_t>(tree_->nodes.size());
    tree_->nodes.push_back(std::move(node));
    if (!anchor.empty()) anchors_[std::string(anchor)] = index;  // a later anchor of the same name wins
    return index;
  }

  bool alias(std::string_view anchor, Range where) {
    const auto found = anchors_.find(anchor);
    if (found == anchors_.end()) return fail(where, fmt::format("unknown anchor: no `&{}` before this alias", anchor));
    if (!tree_->nodes[found->second].complete) {
      return fail(where, fmt::format("alias `*{}` refers to a node that contains it", anchor));
    }
    return attach(Ref{found->second, where});
  }

  bool attach(Ref ref) {
    if (open_.empty()) {
      tree_->root = ref;
      return true;
    }
    Open& parent = open_.back();
    Node& node = tree_->nodes[parent.node];
    node.children.push_back(ref);
    node.expanded += tree_->nodes[ref.node].expanded;
    parent.last_end = ref.at.end;
    parent.has_child = true;
    if (node.expanded > kMaxConfigNodes) {
      return fail(ref.at, fmt::format("the configuration expands to more than {} nodes through aliases; "
                                      "refusing it (an alias bomb?)",
                                      kMaxConfigNodes));
    }
    return true;
  }

  const SourceFile& source_;
  const MarkMapper& marks_;
  std::vector<Diagnostic>& errors_;
  Tree* tree_ = nullptr;
  std::vector<Open> open_;
  std::map<std::string, std::uint32_t, std::less<>> anchors_;
};

// ---------------------------------------------------------------------------------------------------------------
// Scalars: the YAML 1.2 core schema for plain scalars.

enum class ScalarType : std::uint8_t { null, boolean, integer, string };

bool is_null_text(std::string_view v) { return v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL"; }
bool is_true_text(std::string_view v) { return v == "true" || v == "True" || v == "TRUE"; }
bool is_false_text(std::string_view v) { return v == "false" || v == "False" || v == "FALSE"; }
bool is_integer_text(std::string_view v) {
  if (!v.empty() && (v.front() == '-' || v.front() == '+')) v.remove_prefix(1);
  return !v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

ScalarType scalar_type(const Node& node) {
  if (!node.plain || node.string_tag) return ScalarType::string;
  if (is_null_text(node.value)) return ScalarType::null;
  if (is_true_text(node.value) || is_false_text(node.value)) return ScalarType::boolean;
  if (is_integer_text(node.value)) return ScalarType::integer;
  return ScalarType::string;
}

// "a list", "the string `abc`": what was found instead of what a key expects.
std::string describe(const Node& node) {
  switch (node.kind) {
    case NodeKind::sequence: return "a list";
    case NodeKind::mapping: return "a mapping";
    case NodeKind::scalar: break;
  }
  std::string shown = node.value.size() > 40 ? node.value.substr(0, 37) + "..." : node.value;
  std::replace(shown.begin(), shown.end(), '\n', ' ');
  switch (scalar_type(node)) {
    case ScalarType::null: return "nothing (null)";
    case ScalarType::boolean: return fmt::format("the boolean `{}`", shown);
    case ScalarType::integer: return fmt::format("the integer `{}`", shown);
    case ScalarType::string: break;
  }
  return fmt::format("the string `{}`", shown);
}

// `extend_select` and `extendSelect` mean `extend-select`.
std::string to_kebab_case(std::string_view key) {
  std::string out;
  for (const char c : key) {
    if (c == '_') {
      out.push_back('-');
    } else if (c >= 'A' && c <= 'Z') {
      if (!out.empty() && out.back() != '-') out.push_back('-');
      out.push_back(text::ascii_lower(c));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string suggest_key(std::string_view key, const std::vector<std::string_view>& known) {
  const std::string kebab = to_kebab_case(key);
  for (const std::string_view candidate : known) {
    if (candidate == kebab) return std::string(candidate);
  }
  return std::string(text::closest_match(key, known));
}

std::string join(const std::vector<std::string_view>& items) {
  std::string out;
  for (const std::string_view item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

// "`ignore[1].pointer`: " before a message about a nested value; nothing at the top level.
std::string prefix(std::string_view path) { return path.empty() ? std::string() : fmt::format("`{}`: ", path); }

std::string item_path(std::string_view path, std::size_t index) { return fmt::format("{}[{}]", path, index); }
std::string key_path(std::string_view path, std::string_view key) {
  return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

// An RFC 6901 problem in `pointer`, or empty when it is valid.
std::string pointer_problem(std::string_view pointer) {
  if (pointer.empty()) return {};
  if (pointer.front() != '/') return "a JSON Pointer is empty or starts with `/`";
  for (std::size_t i = 0; i < pointer.size(); ++i) {
    if (pointer[i] == '~' && (i + 1 == pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1'))) {
      return "`~` must be followed by `0` (for `~`) or `1` (for `/`)";
    }
  }
  return {};
}

const std::vector<std::string_view>& top_level_keys() {
  static const std::vector<std::string_view> keys{"select",  "extend-select", "ignore",     "fail-level",
                                                  "exclude", "inline-suppressions", "build-args", "target",
                                                  "rules",   "overrides"};
  return keys;
}
const std::vector<std::string_view>& rule_keys() {
  static const std::vector<std::string_view> keys{"severity", "enabled", "options"};
  return keys;
}
const std::vector<std::string_view>& pointer_ignore_keys() {
  static const std::vector<std::string_view> keys{"rule", "path", "pointer", "reason"};
  return keys;
}
const std::vector<std::string_view>& override_keys() {
  static const std::vector<std::string_view> keys{"files", "select", "extend-select", "ignore", "rules"};
  return keys;
}

constexpr std::size_t kMaxErrors = 100;

// ---------------------------------------------------------------------------------------------------------------
// The schema.

class ConfigReader {
 public:
  ConfigReader(const Tree& tree, std::span<const rules::RegisteredRule> rules, std::vector<Diagnostic>& errors)
      : tree_(tree), rules_(rules), errors_(errors) {}

  void read(ConfigFile& out) {
    if (!tree_.root) return;  // an empty file: all defaults
    const Ref root = *tree_.root;
    if (node(root).kind == NodeKind::scalar && scalar_type(node(root)) == ScalarType::null) return;
    if (node(root).kind != NodeKind::mapping) {
      error(root.at, fmt::format("expected a mapping of settings at the top level (see docs/configuration.md), "
                                 "found {}",
                                 describe(node(root))));
      return;
    }
    for (const auto& [key, value] : entries(root, "")) {
      const std::string_view name = node(key).value;
      if (name == "select") {
        std::vector<std::string> selectors;
        if (read_selectors(value, "select", selectors)) out.settings.select = std::move(selectors);
      } else if (name == "extend-select") {
        read_selectors(value, "extend-select", out.settings.extend_select);
      } else if (name == "ignore") {
        read_ignore(value, "ignore", out.settings.ignore, &out.ignores);
      } else if (name == "fail-level") {
        read_fail_level(value, out);
      } else if (name == "exclude") {
        read_string_list(value, "exclude", "globs", out.exclude);
      } else if (name == "inline-suppressions") {
        if (const auto flag = read_boolean(value, "inline-suppressions")) out.inline_suppressions = *flag;
      } else if (name == "build-args") {
        read_build_args(value, out.build_args);
      } else if (name == "target") {
        if (auto target = read_string(value, "target")) out.target = std::move(*target);
      } else if (name == "rules") {
        read_rules(value, "rules", out.settings.rules);
      } else if (name == "overrides") {
        read_overrides(value, out.overrides);
      } else if (name.substr(0, 2) == "x-") {
        // Extension keys, as in Compose files: a place for anchors that other settings alias.
      } else {
        unknown_key(key, "", top_level_keys());
      }
    }
  }

 private:
  const Node& node(Ref ref) const { return tree_.nodes[ref.node]; }

  void error(Range at, std::string message) {
    if (errors_.size() >= kMaxErrors) return;
    // A node reached twice (an alias, a merged mapping) is reported once.
    for (const Diagnostic& earlier : errors_) {
      if (earlier.range == at && earlier.message == message) return;
    }
    errors_.push_back(Diagnostic{at, std::move(message), {}});
  }

  void expected(Ref ref, std::string_view path, std::string_view what) {
    error(ref.at, fmt::format("{}expected {}, found {}", prefix(path), what, describe(node(ref))));
  }

  void unknown_key(Ref key, std::string_view path, const std::vector<std::string_view>& known) {
    const std::string& name = node(key).value;
    const std::string suggestion = suggest_key(name, known);
    const std::string where = path.empty() ? std::string() : fmt::format(" in `{}`", path);
    error(key.at, suggestion.empty()
                      ? fmt::format("unknown key `{}`{}; the keys are: {}", name, where, join(known))
                      : fmt::format("unknown key `{}`{} (did you mean `{}`?)", name, where, suggestion));
  }

  // The key/value pairs of a mapping, with `<<` merge keys expanded (explicit keys win, then earlier merged
  // mappings over later ones); duplicate keys and non-string keys are errors.
  std::vector<std::pair<Ref, Ref>> entries(Ref mapping, std::string_view path) {
    std::vector<std::pair<Ref, Ref>> out;
    std::map<std::string, Position, std::less<>> seen;
    std::vector<Ref> merges;  // a stack: the next mapping to merge is at the back
    const auto collect = [&](Ref source, bool explicit_keys) {
      const std::vector<Ref>& children = node(source).children;
      std::vector<Ref> nested;
      for (std::size_t i = 0; i + 1 < children.size(); i += 2) {
        const Ref key = children[i];
        const Ref value = children[i + 1];
        const Node& key_node = node(key);
        if (key_node.kind != NodeKind::scalar) {
          if (explicit_keys) error(key.at, fmt::format("{}keys must be strings, found {}", prefix(path), describe(key_node)));
          continue;
        }
        if (key_node.plain && key_node.value == "<<") {
          merge_sources(value, path, nested);
          continue;
        }
        const auto [found, inserted] = seen.emplace(key_node.value, key.at.begin);
        if (!inserted) {
          if (explicit_keys) {
            error(key.at, fmt::format("{}duplicate key `{}` (first given at line {})", prefix(path), key_node.value,
                                      found->second.line));
          }
          continue;
        }
        out.emplace_back(key, value);
      }
      merges.insert(merges.end(), nested.rbegin(), nested.rend());
    };
    collect(mapping, true);
    std::size_t budget = kMaxConfigNodes;
    while (!merges.empty() && budget-- > 0) {
      const Ref source = merges.back();
      merges.pop_back();
      collect(source, false);
    }
    return out;
  }

  void merge_sources(Ref value, std::string_view path, std::vector<Ref>& out) {
    const Node& merged = node(value);
    if (merged.kind == NodeKind::mapping) {
      out.push_back(value);
    } else if (merged.kind == NodeKind::sequence) {
      for (const Ref item : merged.children) {
        if (node(item).kind == NodeKind::mapping) {
          out.push_back(item);
        } else {
          expected(item, key_path(path, "<<"), "a mapping to merge");
        }
      }
    } else {
      expected(value, key_path(path, "<<"), "a mapping or a list of mappings to merge");
    }
  }

  // ---- values ----

  std::optional<std::string> read_string(Ref ref, std::string_view path) {
    const Node& value = node(ref);
    // Any scalar reads as the text written: `target: 2` and `VERSION: 1.2` are strings where a string is expected.
    if (value.kind == NodeKind::scalar && scalar_type(value) != ScalarType::null) return value.value;
    expected(ref, path, "a string");
    return std::nullopt;
  }

  std::optional<bool> read_boolean(Ref ref, std::string_view path) {
    const Node& value = node(ref);
    if (value.kind == NodeKind::scalar && scalar_type(value) == ScalarType::boolean) return is_true_text(value.value);
    expected(ref, path, "a boolean (true or false)");
    return std::nullopt;
  }

  std::optional<std::int64_t> read_integer(Ref ref, std::string_view path) {
    const Node& value = node(ref);
    if (value.kind != NodeKind::scalar || scalar_type(value) != ScalarType::integer) {
      expected(ref, path, "an integer");
      return std::nullopt;
    }
    std::string_view digits = value.value;
    if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
    std::int64_t result = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), result);
    if (ec != std::errc() || end != digits.data() + digits.size()) {
      error(ref.at, fmt::format("{}the integer `{}` is out of range", prefix(path), value.value));
      return std::nullopt;
    }
    return result;
  }

  // A list of strings; with `single` a lone string is a list of one.
  bool read_string_list(Ref ref, std::string_view path, std::string_view what, std::vector<std::string>& out,
                        bool single = false) {
    const Node& value = node(ref);
    if (single && value.kind == NodeKind::scalar && scalar_type(value) != ScalarType::null) {
      out.push_back(value.value);
      return true;
    }
    if (value.kind != NodeKind::sequence) {
      expected(ref, path, single ? fmt::format("a string or a list of {}", what) : fmt::format("a list of {}", what));
      return false;
    }
    bool ok = true;
    for (std::size_t i = 0; i < value.children.size(); ++i) {
      if (auto item = read_string(value.children[i], item_path(path, i))) {
        out.push_back(std::move(*item));
      } else {
        ok = false;
      }
    }
    return ok;
  }

  // ---- rules ----

  static bool selects(const rules::RuleInfo& rule, std::string_view selector) {
    return text::iequals(selector, "ALL") || text::istarts_with(rule.id, selector) || rule.name == selector;
  }

  const rules::RegisteredRule* find_rule(std::string_view id_or_name) const {
    for (const rules::RegisteredRule& rule : rules_) {
      if (text::iequals(rule.info->id, id_or_name) || rule.info->name == id_or_name) return &rule;
    }
    return nullptr;
  }

  std::string suggest_rule(std::string_view word) const {
    std::vector<std::string_view> candidates;
    for (const rules::RegisteredRule& rule : rules_) {
      candidates.push_back(rule.info->id);
      candidates.push_back(rule.info->name);
    }
    return std::string(text::closest_match(word, candidates));
  }

  bool check_selector(Ref ref, std::string_view path, const std::string& selector) {
    if (!selector.empty()) {
      for (const rules::RegisteredRule& rule : rules_) {
        if (selects(*rule.info, selector)) return true;
      }
    }
    const std::string suggestion = suggest_rule(selector);
    error(ref.at, suggestion.empty()
                      ? fmt::format("{}no rule has the id, id prefix or name `{}`; see `shipshape --list-rules`",
                                    prefix(path), selector)
                      : fmt::format("{}no rule has the id, id prefix or name `{}` (did you mean `{}`?)", prefix(path),
                                    selector, suggestion));
    return false;
  }

  // Rule selectors (ids, id prefixes, names, ALL); with `single` a lone selector is a list of one. False when
  // anything was wrong (reported).
  bool read_selectors(Ref ref, std::string_view path, std::vector<std::string>& out, bool single = false) {
    const Node& value = node(ref);
    if (single && value.kind == NodeKind::scalar) {
      auto selector = read_string(ref, path);
      if (!selector || !check_selector(ref, path, *selector)) return false;
      out.push_back(std::move(*selector));
      return true;
    }
    if (value.kind != NodeKind::sequence) {
      expected(ref, path, single ? "a rule selector or a list of rule selectors" : "a list of rule selectors");
      return false;
    }
    bool ok = true;
    for (std::size_t i = 0; i < value.children.size(); ++i) {
      const Ref item = value.children[i];
      auto selector = read_string(item, item_path(path, i));
      if (selector && check_selector(item, path, *selector)) {
        out.push_back(std::move(*selector));
      } else {
        ok = false;
      }
    }
    return ok;
  }

  // `ignore`: selectors, and (at the top level only) pointer-ignore objects.
  void read_ignore(Ref ref, std::string_view path, std::vector<std::string>& selectors,
                   std::vector<PointerIgnore>* pointer_ignores) {
    const Node& value = node(ref);
    if (value.kind != NodeKind::sequence) {
      expected(ref, path,
               pointer_ignores != nullptr ? "a list of rule selectors and pointer ignores" : "a list of rule selectors");
      return;
    }
    for (std::size_t i = 0; i < value.children.size(); ++i) {
      const Ref item = value.children[i];
      if (node(item).kind == NodeKind::mapping) {
        if (pointer_ignores == nullptr) {
          error(item.at, fmt::format("{}pointer ignores belong in the top-level `ignore` (with a `path`)",
                                     prefix(item_path(path, i))));
        } else {
          read_pointer_ignore(item, item_path(path, i), *pointer_ignores);
        }
        continue;
      }
      auto selector = read_string(item, item_path(path, i));
      if (selector && check_selector(item, path, *selector)) selectors.push_back(std::move(*selector));
    }
  }

  void read_pointer_ignore(Ref ref, const std::string& path, std::vector<PointerIgnore>& out) {
    PointerIgnore entry;
    entry.location = ref.at;
    bool pointer_given = false;
    bool ok = true;
    for (const auto& [key, value] : entries(ref, path)) {
      const std::string_view name = node(key).value;
      const std::string inner = key_path(path, name);
      if (name == "rule") {
        ok = read_selectors(value, inner, entry.rules, /*single=*/true) && ok;
      } else if (name == "path") {
        ok = read_string_list(value, inner, "globs", entry.paths, /*single=*/true) && ok;
      } else if (name == "pointer") {
        pointer_given = true;
        auto pointer = read_string(value, inner);
        if (!pointer) {
          ok = false;
          continue;
        }
        const std::string problem = pointer_problem(*pointer);
        if (!problem.empty()) {
          error(value.at, fmt::format("{}invalid JSON Pointer `{}`: {}", prefix(inner), *pointer, problem));
          ok = false;
          continue;
        }
        entry.pointer = std::move(*pointer);
      } else if (name == "reason") {
        if (auto reason = read_string(value, inner)) entry.reason = std::move(*reason);
      } else {
        unknown_key(key, path, pointer_ignore_keys());
      }
    }
    if (!pointer_given) {
      error(ref.at, fmt::format("{}missing key `pointer` (the JSON Pointer of the findings to ignore)", prefix(path)));
      return;
    }
    // An entry with a bad rule, path or pointer would ignore more (or other) findings than meant: drop it.
    if (ok) out.push_back(std::move(entry));
  }

  void read_fail_level(Ref ref, ConfigFile& out) {
    const auto level = read_string(ref, "fail-level");
    if (!level) return;
    if (text::iequals(*level, "none")) {
      out.fail_level_none = true;
      out.fail_level.reset();
      return;
    }
    const auto severity = rules::parse_severity(*level);
    if (!severity) {
      error(ref.at, fmt::format("`fail-level`: invalid level `{}`; expected error, warning, note or none", *level));
      return;
    }
    out.fail_level = severity;
    out.fail_level_none = false;
  }

  void read_build_args(Ref ref, std::vector<std::pair<std::string, std::string>>& out) {
    if (node(ref).kind != NodeKind::mapping) {
      expected(ref, "build-args", "a mapping of build argument names to values");
      return;
    }
    for (const auto& [key, value] : entries(ref, "build-args")) {
      const std::string& name = node(key).value;
      if (auto text = read_string(value, key_path("build-args", name))) out.emplace_back(name, std::move(*text));
    }
  }

  void read_rules(Ref ref, const std::string& path, std::map<std::string, RuleConfig, std::less<>>& out) {
    if (node(ref).kind != NodeKind::mapping) {
      expected(ref, path, "a mapping of rule ids to settings");
      return;
    }
    for (const auto& [key, value] : entries(ref, path)) {
      const std::string& id = node(key).value;
      const rules::RegisteredRule* rule = find_rule(id);
      if (rule == nullptr) {
        unknown_rule(key, path, id);
        continue;
      }
      const std::string inner = key_path(path, id);
      if (node(value).kind != NodeKind::mapping) {
        expected(value, inner, "a mapping (severity, enabled, options)");
        continue;
      }
      RuleConfig& config = out[std::string(rule->info->id)];
      for (const auto& [setting, setting_value] : entries(value, inner)) {
        const std::string_view name = node(setting).value;
        const std::string setting_path = key_path(inner, name);
        if (name == "severity") {
          if (const auto text = read_string(setting_value, setting_path)) {
            if (const auto severity = rules::parse_severity(*text)) {
              config.severity = severity;
            } else {
              error(setting_value.at, fmt::format("`{}`: invalid severity `{}`; expected error, warning or note",
                                                  setting_path, *text));
            }
          }
        } else if (name == "enabled") {
          if (const auto flag = read_boolean(setting_value, setting_path)) config.enabled = flag;
        } else if (name == "options") {
          read_options(setting_value, setting_path, *rule->info, config.options);
        } else {
          unknown_key(setting, inner, rule_keys());
        }
      }
    }
  }

  void unknown_rule(Ref key, std::string_view path, const std::string& id) {
    for (const rules::RegisteredRule& rule : rules_) {
      if (!id.empty() && selects(*rule.info, id)) {
        error(key.at, fmt::format("{}`{}` is not a rule id or name: settings apply to one rule at a time (use "
                                  "`select` or `ignore` for groups of rules)",
                                  prefix(path), id));
        return;
      }
    }
    const std::string suggestion = suggest_rule(id);
    error(key.at, suggestion.empty()
                      ? fmt::format("{}no rule has the id or name `{}`; see `shipshape --list-rules`", prefix(path), id)
                      : fmt::format("{}no rule has the id or name `{}` (did you mean `{}`?)", prefix(path), id,
                                    suggestion));
  }

  void read_options(Ref ref, const std::string& path, const rules::RuleInfo& rule,
                    std::map<std::string, rules::OptionValue, std::less<>>& out) {
    if (node(ref).kind != NodeKind::mapping) {
      expected(ref, path, "a mapping of option names to values");
      return;
    }
    std::vector<std::string_view> names;
    for (const rules::RuleOption& option : rule.options) names.push_back(option.name);
    for (const auto& [key, value] : entries(ref, path)) {
      const std::string& name = node(key).value;
      const auto option = std::find_if(rule.options.begin(), rule.options.end(),
                                       [&](const rules::RuleOption& o) { return o.name == name; });
      if (option == rule.options.end()) {
        const std::string suggestion = suggest_key(name, names);
        std::string message = fmt::format("{}unknown option `{}` for {}", prefix(path), name, rule.id);
        if (!suggestion.empty()) {
          message += fmt::format(" (did you mean `{}`?)", suggestion);
        } else if (names.empty()) {
          message += fmt::format("; {} has no options", rule.id);
        } else {
          message += fmt::format("; the options of {} are: {}", rule.id, join(names));
        }
        error(key.at, std::move(message));
        continue;
      }
      if (auto converted = read_option(value, key_path(path, name), option->type)) {
        out[name] = std::move(*converted);
      }
    }
  }

  std::optional<rules::OptionValue> read_option(Ref ref, const std::string& path, rules::OptionType type) {
    switch (type) {
      case rules::OptionType::boolean:
        if (const auto v = read_boolean(ref, path)) return rules::OptionValue{*v};
        return std::nullopt;
      case rules::OptionType::integer:
        if (const auto v = read_integer(ref, path)) return rules::OptionValue{*v};
        return std::nullopt;
      case rules::OptionType::string:
        if (auto v = read_string(ref, path)) return rules::OptionValue{std::move(*v)};
        return std::nullopt;
      case rules::OptionType::string_list: {
        std::vector<std::string> list;
        if (read_string_list(ref, path, "strings", list)) return rules::OptionValue{std::move(list)};
        return std::nullopt;
      }
    }
    return std::nullopt;
  }

  void read_overrides(Ref ref, std::vector<PathOverride>& out) {
    const Node& value = node(ref);
    if (value.kind != NodeKind::sequence) {
      expected(ref, "overrides", "a list of overrides (each with `files`)");
      return;
    }
    for (std::size_t i = 0; i < value.children.size(); ++i) {
      const Ref item = value.children[i];
      const std::string path = item_path("overrides", i);
      if (node(item).kind != NodeKind::mapping) {
        expected(item, path, "a mapping with `files` and the settings for them");
        continue;
      }
      PathOverride entry;
      bool has_files = false;
      for (const auto& [key, setting] : entries(item, path)) {
        const std::string_view name = node(key).value;
        const std::string inner = key_path(path, name);
        if (name == "files") {
          has_files = true;
          read_string_list(setting, inner, "globs", entry.files, /*single=*/true);
        } else if (name == "select") {
          std::vector<std::string> selectors;
          if (read_selectors(setting, inner, selectors)) entry.settings.select = std::move(selectors);
        } else if (name == "extend-select") {
          read_selectors(setting, inner, entry.settings.extend_select);
        } else if (name == "ignore") {
          read_ignore(setting, inner, entry.settings.ignore, nullptr);
        } else if (name == "rules") {
          read_rules(setting, inner, entry.settings.rules);
        } else {
          unknown_key(key, path, override_keys());
        }
      }
      if (!has_files) {
        error(item.at, fmt::format("`{}`: missing key `files` (the globs this override applies to)", path));
        continue;
      }
      out.push_back(std::move(entry));
    }
  }

  const Tree& tree_;
  std::span<const rules::RegisteredRule> rules_;
  std::vector<Diagnostic>& errors_;
};

}  // namespace

ConfigLoadResult parse_config(const std::filesystem::path& path, std::string text,
                              std::span<const rules::RegisteredRule> rules) {
  ConfigLoadResult result;
  result.config.path = path;
  result.config.root = path.parent_path();
  result.source = std::make_shared<const SourceFile>(path.string(), std::move(text));
  const MarkMapper marks(*result.source);
  Tree tree;
  TreeBuilder builder(*result.source, marks, result.errors);
  if (!builder.build(tree)) return result;
  ConfigReader reader(tree, rules, result.errors);
  reader.read(result.config);
  return result;
}

ConfigLoadResult parse_config(const std::filesystem::path& path, std::string text) {
  const std::vector<rules::RegisteredRule>& registry = rules::all_rules();
  return parse_config(path, std::move(text), std::span<const rules::RegisteredRule>(registry));
}

}  // namespace shipshape::lint
