// Parses a script with tree-sitter-bash and turns the tree into Commands with Dockerfile positions.
//
// The tree is walked without recursion. A *level* is one statement list (a program, a subshell, a `then`
// body, a `$(...)`, ...). Its statements are flattened into a stream of units (simple or compound commands)
// and operators, which is then read with the shell's own precedence (`|` binds tighter than `&&`/`||`, which
// bind tighter than `;`/`&`/newline). Flattening first is what makes tree-sitter's heredoc trees usable: in
// `cat <<EOF | sh && x`, the `| sh && x` sits inside the heredoc redirect node.

#include <tree_sitter/api.h>

#include <algorithm>
#include <cstring>
#include <numeric>

#include "parsers/shell/detail.h"
#include "parsers/shell/script.h"

extern "C" const TSLanguage* tree_sitter_bash(void);

namespace shipshape::shell {

namespace {

// ---------------------------------------------------------------------------------------------------------
// Node kinds, resolved once per process from the grammar's symbol table.

enum class Kind : std::uint8_t {
  other,
  error,
  comment,
  // statements that become units
  command,
  declaration_command,
  unset_command,
  test_command,
  subshell,
  compound_statement,
  if_statement,
  elif_clause,
  else_clause,
  while_statement,
  for_statement,
  c_style_for_statement,
  case_statement,
  case_item,
  function_definition,
  variable_assignment,
  variable_assignments,
  do_group,
  // statements that are flattened into their parts
  list,
  pipeline,
  negated_command,
  redirected_statement,
  // parts
  command_name,
  command_substitution,
  process_substitution,
  file_redirect,
  heredoc_redirect,
  herestring_redirect,
  heredoc_body,
  heredoc_start,
  heredoc_end,
  array,
  arithmetic_expansion,
  binary_expression,
  unary_expression,
  parenthesized_expression,
  ternary_expression,
  postfix_expression,
  // anonymous tokens
  op_and,
  op_or,
  op_pipe,
  op_pipe_both,
  op_semicolon,
  op_background,
  op_newline,
  op_case_end,
  op_bang,
  tok_then,
  tok_close_paren,
};

constexpr TSSymbol kErrorSymbol = static_cast<TSSymbol>(-1);

Kind named_kind(std::string_view name) {
  struct Entry {
    std::string_view name;
    Kind kind;
  };
  static constexpr Entry kNamed[] = {
      {"comment", Kind::comment},
      {"command", Kind::command},
      {"declaration_command", Kind::declaration_command},
      {"unset_command", Kind::unset_command},
      {"test_command", Kind::test_command},
      {"subshell", Kind::subshell},
      {"compound_statement", Kind::compound_statement},
      {"if_statement", Kind::if_statement},
      {"elif_clause", Kind::elif_clause},
      {"else_clause", Kind::else_clause},
      {"while_statement", Kind::while_statement},
      {"for_statement", Kind::for_statement},
      {"c_style_for_statement", Kind::c_style_for_statement},
      {"case_statement", Kind::case_statement},
      {"case_item", Kind::case_item},
      {"function_definition", Kind::function_definition},
      {"variable_assignment", Kind::variable_assignment},
      {"variable_assignments", Kind::variable_assignments},
      {"do_group", Kind::do_group},
      {"list", Kind::list},
      {"pipeline", Kind::pipeline},
      {"negated_command", Kind::negated_command},
      {"redirected_statement", Kind::redirected_statement},
      {"command_name", Kind::command_name},
      {"command_substitution", Kind::command_substitution},
      {"process_substitution", Kind::process_substitution},
      {"file_redirect", Kind::file_redirect},
      {"heredoc_redirect", Kind::heredoc_redirect},
      {"herestring_redirect", Kind::herestring_redirect},
      {"heredoc_body", Kind::heredoc_body},
      {"heredoc_start", Kind::heredoc_start},
      {"heredoc_end", Kind::heredoc_end},
      {"array", Kind::array},
      {"arithmetic_expansion", Kind::arithmetic_expansion},
      {"binary_expression", Kind::binary_expression},
      {"unary_expression", Kind::unary_expression},
      {"parenthesized_expression", Kind::parenthesized_expression},
      {"ternary_expression", Kind::ternary_expression},
      {"postfix_expression", Kind::postfix_expression},
  };
  for (const Entry& entry : kNamed) {
    if (entry.name == name) return entry.kind;
  }
  return Kind::other;
}

Kind anonymous_kind(std::string_view name) {
  if (name == "&&") return Kind::op_and;
  if (name == "||") return Kind::op_or;
  if (name == "|") return Kind::op_pipe;
  if (name == "|&") return Kind::op_pipe_both;
  if (name == ";") return Kind::op_semicolon;
  if (name == "&") return Kind::op_background;
  if (name == "\n") return Kind::op_newline;
  if (name == ";;" || name == ";&" || name == ";;&") return Kind::op_case_end;
  if (name == "!") return Kind::op_bang;
  if (name == "then") return Kind::tok_then;
  if (name == ")") return Kind::tok_close_paren;
  return Kind::other;
}

struct Grammar {
  const TSLanguage* language = nullptr;
  std::vector<Kind> kinds;  // by symbol
  TSFieldId field_argument = 0, field_body = 0, field_condition = 0, field_descriptor = 0, field_destination = 0,
            field_name = 0, field_operator = 0, field_redirect = 0, field_right = 0, field_value = 0;

  Kind kind(TSNode node) const {
    const TSSymbol symbol = ts_node_symbol(node);
    if (symbol == kErrorSymbol) return Kind::error;
    return symbol < kinds.size() ? kinds[symbol] : Kind::other;
  }
};

const Grammar& grammar() {
  static const Grammar instance = [] {
    Grammar g;
    g.language = tree_sitter_bash();
    const std::uint32_t count = ts_language_symbol_count(g.language);
    g.kinds.resize(count, Kind::other);
    for (std::uint32_t symbol = 0; symbol < count; ++symbol) {
      const char* name = ts_language_symbol_name(g.language, static_cast<TSSymbol>(symbol));
      if (name == nullptr) continue;
      const TSSymbolType type = ts_language_symbol_type(g.language, static_cast<TSSymbol>(symbol));
      if (type == TSSymbolTypeRegular) g.kinds[symbol] = named_kind(name);
      if (type == TSSymbolTypeAnonymous) g.kinds[symbol] = anonymous_kind(name);
    }
    const auto field = [&](const char* name) {
      return ts_language_field_id_for_name(g.language, name, static_cast<std::uint32_t>(std::strlen(name)));
    };
    g.field_argument = field("argument");
    g.field_body = field("body");
    g.field_condition = field("condition");
    g.field_descriptor = field("descriptor");
    g.field_destination = field("destination");
    g.field_name = field("name");
    g.field_operator = field("operator");
    g.field_redirect = field("redirect");
    g.field_right = field("right");
    g.field_value = field("value");
    return g;
  }();
  return instance;
}

struct ParserDeleter {
  void operator()(TSParser* parser) const { ts_parser_delete(parser); }
};
struct TreeDeleter {
  void operator()(TSTree* tree) const { ts_tree_delete(tree); }
};
using ParserPtr = std::unique_ptr<TSParser, ParserDeleter>;

// One parser per thread, created on first use; null when the runtime rejects the grammar.
TSParser* thread_parser() {
  thread_local const ParserPtr parser = [] {
    ParserPtr p(ts_parser_new());
    if (!ts_parser_set_language(p.get(), grammar().language)) p.reset();
    return p;
  }();
  return parser.get();
}

bool is_unit_kind(Kind kind) {
  switch (kind) {
    case Kind::command:
    case Kind::declaration_command:
    case Kind::unset_command:
    case Kind::test_command:
    case Kind::subshell:
    case Kind::compound_statement:
    case Kind::if_statement:
    case Kind::elif_clause:
    case Kind::else_clause:
    case Kind::while_statement:
    case Kind::for_statement:
    case Kind::c_style_for_statement:
    case Kind::case_statement:
    case Kind::case_item:
    case Kind::function_definition:
    case Kind::variable_assignment:
    case Kind::variable_assignments:
    case Kind::do_group:
      return true;
    default:
      return false;
  }
}

bool is_flattened_kind(Kind kind) {
  return kind == Kind::list || kind == Kind::pipeline || kind == Kind::negated_command ||
         kind == Kind::redirected_statement;
}

bool is_simple_kind(Kind kind) {
  return kind == Kind::command || kind == Kind::declaration_command || kind == Kind::unset_command ||
         kind == Kind::test_command;
}

Operator operator_of(Kind kind) {
  switch (kind) {
    case Kind::op_and: return Operator::and_if;
    case Kind::op_or: return Operator::or_if;
    case Kind::op_pipe: return Operator::pipe;
    case Kind::op_pipe_both: return Operator::pipe_both;
    case Kind::op_semicolon: return Operator::semicolon;
    case Kind::op_background: return Operator::background;
    case Kind::op_newline: return Operator::newline;
    case Kind::op_case_end: return Operator::case_end;
    default: return Operator::none;
  }
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// ---------------------------------------------------------------------------------------------------------

struct Child {
  TSNode node;
  TSFieldId field;
};

// A statement list to read, with the context its commands inherit.
struct LevelTask {
  std::uint32_t first = 0;  // [first, last) in the node pool
  std::uint32_t last = 0;
  CommandContext context;
  std::uint32_t parent_unit = 0xFFFFFFFFu;
  bool inherits_operators = false;  // ( ... ) and { ... }: the first/last commands take the group's operators
  Operator inherited_before = Operator::none;
  Operator inherited_after = Operator::none;
};

struct Item {
  enum class Type : std::uint8_t { unit, op, bang, scan, owner_redirects } type;
  Operator op = Operator::none;
  TSNode node{};
  TSNode owner{};  // the redirected_statement whose redirects belong to this unit (or a null node)
};

struct UnitSlot {  // where one unit of a level sits
  std::size_t item = 0;
  Operator before = Operator::none;
  Operator after = Operator::none;
  std::uint32_t pipeline = 0;
  std::uint16_t pipeline_index = 0;
  std::uint32_t chain = 0;
  bool negated = false;
  bool background = false;
};

}  // namespace

// Builds a Script's commands and structure from a tree. Declared a friend of Script.
class ScriptBuilder {
 public:
  ScriptBuilder(const SourceFile& source, Script& script, TSNode root)
      : source_(source), script_(script), buffer_(*script.buffer_), g_(grammar()), cursor_(ts_tree_cursor_new(root)) {}
  ~ScriptBuilder() { ts_tree_cursor_delete(&cursor_); }
  ScriptBuilder(const ScriptBuilder&) = delete;
  ScriptBuilder& operator=(const ScriptBuilder&) = delete;

  void build(TSNode root) {
    LevelTask top;
    top.first = static_cast<std::uint32_t>(pool_.size());
    collect_children(root, pool_);
    top.last = static_cast<std::uint32_t>(pool_.size());
    tasks_.push_back(top);
    while (!tasks_.empty()) {
      const LevelTask task = tasks_.back();
      tasks_.pop_back();
      read_level(task);
    }
    put_in_source_order();
    if (ts_node_has_error(root)) collect_errors(root);
  }

 private:
  // ---- small helpers ----
  Range map(std::uint32_t begin, std::uint32_t end) const {
    if (end <= begin) {
      const std::uint32_t at = script_.pieces_.source_begin(begin);
      return source_.range(at, at);
    }
    return source_.range(script_.pieces_.source_begin(begin), script_.pieces_.source_end(end));
  }
  Range map(TSNode node) const { return map(ts_node_start_byte(node), ts_node_end_byte(node)); }
  std::string_view slice(std::uint32_t begin, std::uint32_t end) const {
    return std::string_view(buffer_).substr(begin, end - begin);
  }
  std::string_view text(TSNode node) const { return slice(ts_node_start_byte(node), ts_node_end_byte(node)); }

  // Appends the children of `node` to `out` (one cursor, reused).
  void collect_children(TSNode node, std::vector<Child>& out) {
    ts_tree_cursor_reset(&cursor_, node);
    if (!ts_tree_cursor_goto_first_child(&cursor_)) return;
    do {
      out.push_back(Child{ts_tree_cursor_current_node(&cursor_), ts_tree_cursor_current_field_id(&cursor_)});
    } while (ts_tree_cursor_goto_next_sibling(&cursor_));
  }

  Word make_word(TSNode node) const { return make_word(node, g_.kind(node)); }
  Word make_word(TSNode node, Kind kind) const {
    std::uint32_t begin = ts_node_start_byte(node);
    const std::uint32_t end = ts_node_end_byte(node);
    while (begin < end && is_blank(buffer_[begin])) ++begin;  // tree-sitter sometimes starts a node early
    Word word;
    word.text = slice(begin, end);
    word.range = map(begin, end);
    if (kind != Kind::process_substitution && kind != Kind::array && kind != Kind::arithmetic_expansion) {
      word.value = static_value(word.text);
    }
    return word;
  }
  Word empty_word_at(std::uint32_t offset) const {
    Word word;
    word.text = slice(offset, offset);
    word.range = map(offset, offset);
    word.value = std::string();
    return word;
  }

  // ---- levels ----
  void read_level(const LevelTask& task) {
    flatten(task);
    assign_slots(task);
    // Units are handled in order; each may queue nested levels.
    for (const UnitSlot& slot : slots_) handle_unit(task, slot);
    for (const Item& item : items_) {
      if (item.type == Item::Type::scan) scan(item.node, task.context, task.parent_unit);
      if (item.type == Item::Type::owner_redirects) scan_redirects_of(item.node, task.context, task.parent_unit);
    }
  }

  // Flattens lists, pipelines, negations and redirected statements of a level into items_.
  void flatten(const LevelTask& task) {
    items_.clear();
    std::vector<Pending> stack;
    for (std::uint32_t i = task.last; i > task.first; --i) stack.push_back({pool_[i - 1].node, TSNode{}});
    std::vector<Child> children;
    const auto push_children_reversed = [&](TSNode node) {
      children.clear();
      collect_children(node, children);
      for (auto it = children.rbegin(); it != children.rend(); ++it) stack.push_back({it->node, TSNode{}});
    };
    while (!stack.empty()) {
      const Pending pending = stack.back();
      stack.pop_back();
      const Kind kind = g_.kind(pending.node);
      if (pending.mode == Pending::Mode::unit) {
        items_.push_back({Item::Type::unit, Operator::none, pending.node, pending.owner});
        continue;
      }
      if (pending.mode == Pending::Mode::attach) {
        // The redirections of `a | b 2>&1` (tree-sitter: redirected pipeline) belong to b, the last command.
        const auto last_unit = std::find_if(items_.rbegin(), items_.rend(),
                                            [](const Item& item) { return item.type == Item::Type::unit; });
        if (last_unit != items_.rend() && ts_node_is_null(last_unit->owner)) {
          last_unit->owner = pending.node;
        } else {
          items_.push_back({Item::Type::owner_redirects, Operator::none, pending.node, TSNode{}});
        }
        continue;
      }
      if (kind == Kind::list || kind == Kind::pipeline || kind == Kind::negated_command || kind == Kind::error) {
        push_children_reversed(pending.node);
        continue;
      }
      if (kind == Kind::redirected_statement) {
        flatten_redirected(pending.node, stack);
        continue;
      }
      if (is_unit_kind(kind)) {
        items_.push_back({Item::Type::unit, Operator::none, pending.node, TSNode{}});
        continue;
      }
      if (kind == Kind::op_bang) {
        items_.push_back({Item::Type::bang, Operator::none, pending.node, TSNode{}});
        continue;
      }
      const Operator op = operator_of(kind);
      if (op != Operator::none) {
        items_.push_back({Item::Type::op, op, pending.node, TSNode{}});
        continue;
      }
      if (kind == Kind::comment || !ts_node_is_named(pending.node)) continue;  // keywords and punctuation
      items_.push_back({Item::Type::scan, Operator::none, pending.node, TSNode{}});
    }
  }

  // `body <redirects>`, where a heredoc redirect may carry the rest of the line (`&& x`, `| sh`).
  struct Pending {
    enum class Mode : std::uint8_t { flatten, unit, attach };
    TSNode node;
    TSNode owner;
    Mode mode = Mode::flatten;
  };

  void flatten_redirected(TSNode statement, std::vector<Pending>& stack) {
    std::vector<Child> children;
    collect_children(statement, children);
    std::vector<TSNode> tails;  // in source order
    TSNode body{};
    for (const Child& child : children) {
      if (child.field == g_.field_body) {
        body = child.node;
        continue;
      }
      if (g_.kind(child.node) != Kind::heredoc_redirect) continue;
      std::vector<Child> parts;
      collect_children(child.node, parts);
      for (const Child& part : parts) {
        if (part.field == g_.field_operator || part.field == g_.field_right || g_.kind(part.node) == Kind::pipeline) {
          tails.push_back(part.node);
        }
      }
    }
    for (auto it = tails.rbegin(); it != tails.rend(); ++it) stack.push_back({*it, TSNode{}});
    if (ts_node_is_null(body)) {
      items_.push_back({Item::Type::owner_redirects, Operator::none, statement, TSNode{}});
      return;
    }
    if (is_unit_kind(g_.kind(body))) {
      stack.push_back({body, statement, Pending::Mode::unit});
    } else {
      // A pipeline or list body: read it as statements, then give the redirections to its last command.
      stack.push_back({statement, TSNode{}, Pending::Mode::attach});
      stack.push_back({body, TSNode{}});
    }
  }

  // Reads the item stream with shell precedence and fills slots_.
  void assign_slots(const LevelTask& task) {
    slots_.clear();
    std::uint32_t pipeline = next_pipeline_++;
    std::uint32_t chain = next_chain_++;
    std::uint16_t pipeline_index = 0;
    bool pipeline_negated = false;
    bool next_negated = false;
    std::size_t list_start = 0;  // first slot of the current and-or list
    Operator pending = Operator::none;
    const auto separate = [&](Operator op) {
      if (op == Operator::background) {
        for (std::size_t s = list_start; s < slots_.size(); ++s) slots_[s].background = true;
      }
      pipeline = next_pipeline_++;
      chain = next_chain_++;
      pipeline_index = 0;
      pipeline_negated = false;
      list_start = slots_.size();
    };
    for (std::size_t i = 0; i < items_.size(); ++i) {
      const Item& item = items_[i];
      switch (item.type) {
        case Item::Type::unit: {
          if (!slots_.empty() && pending == Operator::none) {
            // Two statements with no operator between them: a line break (or error recovery).
            pending = Operator::newline;
            if (slots_.back().after == Operator::none) slots_.back().after = Operator::newline;
            separate(Operator::newline);
          }
          UnitSlot slot;
          slot.item = i;
          slot.before = pending;
          slot.pipeline = pipeline;
          slot.pipeline_index = pipeline_index;
          slot.chain = chain;
          slot.negated = pipeline_negated || next_negated;
          if (pipeline_index < 0xFFFF) ++pipeline_index;
          next_negated = false;
          slots_.push_back(slot);
          pending = Operator::none;
          break;
        }
        case Item::Type::op: {
          if (!slots_.empty()) slots_.back().after = item.op;
          pending = item.op;
          switch (item.op) {
            case Operator::pipe:
            case Operator::pipe_both:
              break;
            case Operator::and_if:
              pipeline = next_pipeline_++;
              pipeline_index = 0;
              pipeline_negated = false;
              break;
            case Operator::or_if:
              pipeline = next_pipeline_++;
              chain = next_chain_++;
              pipeline_index = 0;
              pipeline_negated = false;
              break;
            default:
              separate(item.op);
          }
          break;
        }
        case Item::Type::bang:
          if (pipeline_index == 0) {
            pipeline_negated = true;
          } else {
            next_negated = true;
          }
          break;
        default:
          break;
      }
    }
    if (slots_.empty()) return;
    if (task.inherits_operators) {
      if (slots_.front().before == Operator::none) slots_.front().before = task.inherited_before;
      Operator& last_after = slots_.back().after;
      if (last_after == Operator::none || last_after == Operator::newline || last_after == Operator::semicolon) {
        last_after = task.inherited_after;
      }
    }
    // A trailing newline is not an operator between two commands.
    if (slots_.back().after == Operator::newline) slots_.back().after = Operator::none;
    // Pipeline lengths: pipelines of this level have consecutive ids.
    pipeline_lengths_.clear();
    const std::uint32_t first_pipeline = slots_.front().pipeline;
    for (const UnitSlot& slot : slots_) {
      const std::uint32_t k = slot.pipeline - first_pipeline;
      if (pipeline_lengths_.size() <= k) pipeline_lengths_.resize(k + 1, 0);
      if (pipeline_lengths_[k] < 0xFFFF) ++pipeline_lengths_[k];
    }
  }

  std::uint16_t pipeline_length(std::uint32_t pipeline) const {
    if (slots_.empty()) return 1;
    const std::uint32_t k = pipeline - slots_.front().pipeline;
    return k < pipeline_lengths_.size() ? pipeline_lengths_[k] : 1;
  }

  std::uint32_t add_unit(std::uint32_t parent, std::uint32_t chain) {
    const std::uint32_t depth = parent == Script::kNoUnit ? 0 : script_.units_[parent].depth + 1;
    script_.units_.push_back(Script::Unit{parent, depth, chain});
    return static_cast<std::uint32_t>(script_.units_.size() - 1);
  }

  static CommandContext nested(CommandContext context) {
    if (context.depth < 0xFFFF) ++context.depth;
    return context;
  }

  // Queues a level made of the given nodes.
  void queue_level(const std::vector<Child>& nodes, const CommandContext& context, std::uint32_t parent,
                   bool inherits = false, Operator before = Operator::none, Operator after = Operator::none) {
    if (nodes.empty()) return;
    LevelTask task;
    task.first = static_cast<std::uint32_t>(pool_.size());
    pool_.insert(pool_.end(), nodes.begin(), nodes.end());
    task.last = static_cast<std::uint32_t>(pool_.size());
    task.context = context;
    task.parent_unit = parent;
    task.inherits_operators = inherits;
    task.inherited_before = before;
    task.inherited_after = after;
    tasks_.push_back(task);
  }
  void queue_children(TSNode node, const CommandContext& context, std::uint32_t parent, bool inherits = false,
                      Operator before = Operator::none, Operator after = Operator::none) {
    std::vector<Child> children;
    collect_children(node, children);
    queue_level(children, context, parent, inherits, before, after);
  }

  void handle_unit(const LevelTask& task, const UnitSlot& slot) {
    const Item& item = items_[slot.item];
    const TSNode node = item.node;
    const Kind kind = g_.kind(node);
    const std::uint32_t unit = add_unit(task.parent_unit, slot.chain);
    CommandContext context = task.context;
    if (slot.negated) context.negated = true;
    if (slot.background) context.background = true;

    if (is_simple_kind(kind)) {
      add_command(node, kind, item.owner, context, slot, unit);
      scan(node, context, unit);
    } else {
      handle_compound(node, kind, context, slot, unit);
    }
    if (!ts_node_is_null(item.owner)) scan_redirects_of(item.owner, context, unit);
  }

  void handle_compound(TSNode node, Kind kind, const CommandContext& context, const UnitSlot& slot,
                       std::uint32_t unit) {
    CommandContext inner = nested(context);
    std::vector<Child> children;
    collect_children(node, children);
    std::vector<Child> part;
    switch (kind) {
      case Kind::subshell:
        inner.in_subshell = true;
        queue_level(children, inner, unit, true, slot.before, slot.after);
        return;
      case Kind::compound_statement:
      case Kind::do_group:
        queue_level(children, inner, unit, true, slot.before, slot.after);
        return;
      case Kind::if_statement:
      case Kind::elif_clause:
      case Kind::else_clause: {
        // if/elif: condition up to `then`, body after it; else: body only.
        CommandContext condition = inner;
        condition.in_condition = true;
        bool in_body = kind == Kind::else_clause;
        for (const Child& child : children) {
          const Kind child_kind = g_.kind(child.node);
          if (child_kind == Kind::elif_clause || child_kind == Kind::else_clause) {
            handle_compound(child.node, child_kind, context, UnitSlot{}, unit);
            continue;
          }
          if (child_kind == Kind::tok_then) {
            queue_level(part, condition, unit);
            part.clear();
            in_body = true;
            continue;
          }
          if (kind == Kind::if_statement && !in_body && child.field != g_.field_condition) continue;  // `if`
          part.push_back(child);
        }
        queue_level(part, in_body ? inner : condition, unit);
        return;
      }
      case Kind::while_statement: {
        inner.in_loop = true;
        CommandContext condition = inner;
        condition.in_condition = true;
        for (const Child& child : children) {
          if (child.field == g_.field_condition) {
            part.push_back(child);
          } else if (child.field == g_.field_body) {
            queue_children(child.node, inner, unit);
          }
        }
        queue_level(part, condition, unit);
        return;
      }
      case Kind::for_statement:
      case Kind::c_style_for_statement:
        inner.in_loop = true;
        for (const Child& child : children) {
          if (child.field == g_.field_body) {
            queue_children(child.node, inner, unit);
          } else if (ts_node_is_named(child.node)) {
            scan(child.node, context, unit, /*is_root_scanned=*/true);
          }
        }
        return;
      case Kind::case_statement:
        for (const Child& child : children) {
          if (g_.kind(child.node) == Kind::case_item) {
            handle_compound(child.node, Kind::case_item, context, UnitSlot{}, unit);
          } else if (ts_node_is_named(child.node)) {
            scan(child.node, context, unit, true);
          }
        }
        return;
      case Kind::case_item: {
        // Patterns up to `)`, then the branch; a `|` between patterns is not a pipe.
        inner.in_case = true;
        bool in_body = false;
        for (const Child& child : children) {
          if (!in_body) {
            if (g_.kind(child.node) == Kind::tok_close_paren) {
              in_body = true;
            } else if (ts_node_is_named(child.node)) {
              scan(child.node, context, unit, true);
            }
            continue;
          }
          part.push_back(child);
        }
        queue_level(part, inner, unit);
        return;
      }
      case Kind::function_definition:
        inner.in_function = true;
        for (const Child& child : children) {
          if (child.field == g_.field_body) {
            part.push_back(child);
          } else if (child.field == g_.field_redirect) {
            scan(child.node, context, unit, true);
          }
        }
        queue_level(part, inner, unit);
        return;
      default:
        // Bare assignments and anything unexpected: only nested commands count.
        scan(node, context, unit);
        return;
    }
  }

  // Finds the statement lists nested in a subtree that is not itself a statement list: `$(...)`, `<(...)`,
  // and statements tree-sitter placed inside words. With `root_too`, the root itself may be one.
  void scan(TSNode root, const CommandContext& context, std::uint32_t unit, bool root_too = false) {
    struct Pending {
      TSNode node;
      bool in_heredoc;
    };
    std::vector<Pending> stack{{root, false}};
    std::vector<Child> children;
    bool at_root = true;
    while (!stack.empty()) {
      const Pending pending = stack.back();
      stack.pop_back();
      const Kind kind = g_.kind(pending.node);
      const bool check = !at_root || root_too;
      at_root = false;
      if (check && (kind == Kind::command_substitution || kind == Kind::process_substitution)) {
        CommandContext inner = nested(context);
        (kind == Kind::command_substitution ? inner.in_command_substitution : inner.in_process_substitution) = true;
        if (pending.in_heredoc) inner.in_heredoc = true;
        queue_children(pending.node, inner, unit);
        continue;
      }
      if (check && (is_unit_kind(kind) || is_flattened_kind(kind))) {
        queue_level({Child{pending.node, 0}}, context, unit);
        continue;
      }
      if (kind == Kind::comment || ts_node_child_count(pending.node) == 0) continue;
      const bool in_heredoc = pending.in_heredoc || kind == Kind::heredoc_body;
      children.clear();
      collect_children(pending.node, children);
      for (auto it = children.rbegin(); it != children.rend(); ++it) {
        if (kind == Kind::heredoc_redirect &&
            (it->field == g_.field_operator || it->field == g_.field_right || g_.kind(it->node) == Kind::pipeline)) {
          continue;  // the rest of the line, read as statements by flatten_redirected
        }
        stack.push_back({it->node, in_heredoc});
      }
    }
  }

  void scan_redirects_of(TSNode statement, const CommandContext& context, std::uint32_t unit) {
    std::vector<Child> children;
    collect_children(statement, children);
    for (const Child& child : children) {
      const Kind kind = g_.kind(child.node);
      if (kind == Kind::file_redirect || kind == Kind::heredoc_redirect || kind == Kind::herestring_redirect) {
        scan(child.node, context, unit, true);
      }
    }
  }

  // ---- commands ----
  void add_command(TSNode node, Kind kind, TSNode owner, const CommandContext& context, const UnitSlot& slot,
                   std::uint32_t unit) {
    Command command;
    command.context = context;
    command.before = slot.before;
    command.after = slot.after;
    command.pipeline = slot.pipeline;
    command.pipeline_index = slot.pipeline_index;
    command.pipeline_length = pipeline_length(slot.pipeline);
    command.range = map(node);
    command_children_.clear();
    collect_children(node, command_children_);
    bool has_name = false;
    std::vector<Word> extra_arguments;
    switch (kind) {
      case Kind::command:
        command.kind = CommandKind::simple;
        for (const Child& child : command_children_) {
          const Kind child_kind = g_.kind(child.node);
          if (child_kind == Kind::command_name) {
            command.name = make_word(child.node, child_kind);
            has_name = true;
            if (is_arithmetic_command(child.node)) {
              // `(( n > 1 ))` alone: tree-sitter reads it as a command named by an arithmetic expansion.
              std::vector<Child> parts;
              collect_children(ts_node_named_child(child.node, 0), parts);
              command.kind = CommandKind::test;
              command.name = make_word(parts.front().node, Kind::other);
              add_test_operands(command, parts);
            }
          } else if (child_kind == Kind::variable_assignment) {
            command.assignments.push_back(make_assignment(child.node));
          } else if (child_kind == Kind::file_redirect || child_kind == Kind::herestring_redirect ||
                     child_kind == Kind::heredoc_redirect) {
            command.redirects.push_back(make_redirect(child.node, child_kind, extra_arguments));
          } else if (child.field == g_.field_argument) {
            command.arguments.push_back(make_word(child.node, child_kind));
          }
        }
        break;
      case Kind::declaration_command:
      case Kind::unset_command:
        command.kind = kind == Kind::declaration_command ? CommandKind::declaration : CommandKind::unset;
        for (const Child& child : command_children_) {
          const Kind child_kind = g_.kind(child.node);
          if (!has_name) {
            command.name = make_word(child.node, child_kind);
            has_name = true;
          } else if (child_kind == Kind::file_redirect || child_kind == Kind::herestring_redirect) {
            command.redirects.push_back(make_redirect(child.node, child_kind, extra_arguments));
          } else if (child_kind != Kind::comment) {
            command.arguments.push_back(make_word(child.node, child_kind));
          }
        }
        break;
      default:  // test_command
        command.kind = CommandKind::test;
        if (!command_children_.empty() && !ts_node_is_named(command_children_.front().node)) {
          command.name = make_word(command_children_.front().node, Kind::other);
          has_name = true;
          add_test_operands(command, command_children_);
        }
        break;
    }
    if (!ts_node_is_null(owner)) {
      std::vector<Child> owner_children;
      collect_children(owner, owner_children);
      std::uint32_t first_redirect = ts_node_end_byte(owner);
      for (const Child& child : owner_children) {
        const Kind child_kind = g_.kind(child.node);
        if (child_kind == Kind::file_redirect || child_kind == Kind::herestring_redirect ||
            child_kind == Kind::heredoc_redirect) {
          command.redirects.push_back(make_redirect(child.node, child_kind, extra_arguments));
          first_redirect = std::min(first_redirect, ts_node_start_byte(child.node));
        }
      }
      if (kind == Kind::command) add_dropped_words(command, ts_node_end_byte(node), first_redirect);
    }
    for (Word& word : extra_arguments) command.arguments.push_back(std::move(word));
    if (!has_name || command.name.text.empty()) return;  // assignments and redirections only: not a command
    // The range covers the redirections of an enclosing redirected statement too (`cmd > file`), and the
    // words recovered from them.
    const auto cover = [&](const Range& range) {
      if (range.begin.offset < command.range.begin.offset) command.range.begin = range.begin;
      if (range.end.offset > command.range.end.offset) command.range.end = range.end;
    };
    for (const Redirect& redirect : command.redirects) cover(redirect.range);
    if (!command.arguments.empty()) cover(command.arguments.back().range);
    detail::resolve_program(command);
    script_.commands_.push_back(std::move(command));
    script_.command_units_.push_back(unit);
    command_starts_.push_back(ts_node_start_byte(node));
  }

  // tree-sitter-bash 0.23 leaves a `-` operand before a heredoc out of the tree (`python3 - <<EOF`): such
  // words are in the text between the command and its redirections, and are added back here.
  void add_dropped_words(Command& command, std::uint32_t from, std::uint32_t to) {
    std::uint32_t i = from;
    while (i < to) {
      while (i < to && is_blank(buffer_[i])) ++i;
      const std::uint32_t begin = i;
      while (i < to && !is_blank(buffer_[i])) ++i;
      if (i == begin) break;
      Word word;
      word.text = slice(begin, i);
      word.range = map(begin, i);
      word.value = static_value(word.text);
      command.arguments.push_back(std::move(word));
    }
  }

  bool is_arithmetic_command(TSNode command_name) const {
    if (ts_node_named_child_count(command_name) != 1) return false;
    const TSNode inner = ts_node_named_child(command_name, 0);
    return g_.kind(inner) == Kind::arithmetic_expansion && text(inner).substr(0, 2) == "((";
  }

  // The operands and operators between the brackets of a test command (children[0] is the opening bracket).
  void add_test_operands(Command& command, const std::vector<Child>& brackets_and_inside) {
    std::vector<TSNode> stack;
    for (std::size_t i = brackets_and_inside.size(); i > 1; --i) stack.push_back(brackets_and_inside[i - 1].node);
    // The closing bracket is the last child when present.
    const TSNode last = brackets_and_inside.back().node;
    const bool has_close = brackets_and_inside.size() > 1 && !ts_node_is_named(last);
    std::vector<Child> children;
    while (!stack.empty()) {
      const TSNode node = stack.back();
      stack.pop_back();
      if (has_close && ts_node_eq(node, last)) continue;
      const Kind kind = g_.kind(node);
      if (kind == Kind::binary_expression || kind == Kind::unary_expression ||
          kind == Kind::parenthesized_expression || kind == Kind::ternary_expression ||
          kind == Kind::postfix_expression || kind == Kind::redirected_statement || kind == Kind::error) {
        children.clear();
        collect_children(node, children);
        for (auto it = children.rbegin(); it != children.rend(); ++it) stack.push_back(it->node);
        continue;
      }
      if (kind == Kind::comment || ts_node_end_byte(node) == ts_node_start_byte(node)) continue;
      command.arguments.push_back(make_word(node, kind));
    }
  }

  Assignment make_assignment(TSNode node) const {
    Assignment assignment;
    assignment.range = map(node);
    const TSNode name = ts_node_child_by_field_id(node, g_.field_name);
    const TSNode value = ts_node_child_by_field_id(node, g_.field_value);
    const std::uint32_t name_end = ts_node_is_null(name) ? ts_node_start_byte(node) : ts_node_end_byte(name);
    if (!ts_node_is_null(name)) assignment.name = text(name);
    if (ts_node_is_null(value)) {
      assignment.value = empty_word_at(ts_node_end_byte(node));
    } else {
      assignment.value = make_word(value);
    }
    const std::uint32_t value_start = ts_node_is_null(value) ? ts_node_end_byte(node) : ts_node_start_byte(value);
    assignment.append = slice(name_end, std::max(name_end, value_start)).find("+=") != std::string_view::npos;
    return assignment;
  }

  // One redirection. Words tree-sitter attaches to it that belong to the command (`> f extra`, `<<EOF extra`)
  // go to `extra_arguments`.
  Redirect make_redirect(TSNode node, Kind kind, std::vector<Word>& extra_arguments) {
    Redirect redirect;
    redirect.kind = kind == Kind::heredoc_redirect     ? RedirectKind::heredoc
                    : kind == Kind::herestring_redirect ? RedirectKind::herestring
                                                        : RedirectKind::file;
    std::uint32_t end = ts_node_end_byte(node);
    bool have_target = false;
    std::vector<Child> children;
    collect_children(node, children);
    for (const Child& child : children) {
      const Kind child_kind = g_.kind(child.node);
      if (child.field == g_.field_descriptor) {
        redirect.descriptor = text(child.node);
      } else if (child.field == g_.field_operator || child.field == g_.field_right || child_kind == Kind::pipeline) {
        continue;  // a heredoc's rest of the line
      } else if (!ts_node_is_named(child.node)) {
        if (redirect.op.empty()) redirect.op = text(child.node);
      } else if (child_kind == Kind::heredoc_body) {
        redirect.body = text(child.node);
        redirect.body_range = map(child.node);
      } else if (child_kind == Kind::heredoc_end || child_kind == Kind::comment || child_kind == Kind::error) {
        continue;
      } else if (!have_target) {
        redirect.target = make_word(child.node, child_kind);
        have_target = true;
        end = ts_node_end_byte(child.node);
        if (kind == Kind::heredoc_redirect) {
          redirect.body_expands = redirect.target.text.find_first_of("'\"\\") == std::string_view::npos;
        }
      } else if (child.field == g_.field_destination || child.field == g_.field_argument) {
        extra_arguments.push_back(make_word(child.node, child_kind));
      }
    }
    if (!have_target) redirect.target = empty_word_at(end);
    if (kind == Kind::heredoc_redirect && redirect.body.empty()) redirect.body_range = map(end, end);
    redirect.range = map(ts_node_start_byte(node), end);
    return redirect;
  }


  void put_in_source_order() {
    auto& commands = script_.commands_;
    if (!std::is_sorted(command_starts_.begin(), command_starts_.end())) {
      std::vector<std::uint32_t> order(commands.size());
      std::iota(order.begin(), order.end(), 0u);
      std::stable_sort(order.begin(), order.end(),
                       [&](std::uint32_t a, std::uint32_t b) { return command_starts_[a] < command_starts_[b]; });
      std::vector<Command> sorted;
      std::vector<std::uint32_t> units;
      sorted.reserve(commands.size());
      units.reserve(commands.size());
      for (const std::uint32_t i : order) {
        sorted.push_back(std::move(commands[i]));
        units.push_back(script_.command_units_[i]);
      }
      commands = std::move(sorted);
      script_.command_units_ = std::move(units);
    }
    for (std::size_t i = 0; i < commands.size(); ++i) commands[i].index = static_cast<std::uint32_t>(i);
  }

  void collect_errors(TSNode root) {
    std::vector<TSNode> stack{root};
    std::vector<Child> children;
    while (!stack.empty()) {
      const TSNode node = stack.back();
      stack.pop_back();
      if (g_.kind(node) == Kind::error) {
        SyntaxError error;
        error.kind = SyntaxError::Kind::unexpected;
        error.range = map(node);
        error.text = text(node);
        script_.errors_.push_back(error);
        continue;
      }
      if (ts_node_is_missing(node)) {
        SyntaxError error;
        error.kind = SyntaxError::Kind::missing;
        error.range = map(ts_node_start_byte(node), ts_node_start_byte(node));
        error.missing = ts_node_type(node);
        script_.errors_.push_back(error);
        continue;
      }
      children.clear();
      collect_children(node, children);
      for (auto it = children.rbegin(); it != children.rend(); ++it) {
        if (ts_node_has_error(it->node)) stack.push_back(it->node);
      }
    }
  }

  const SourceFile& source_;
  Script& script_;
  const std::string& buffer_;
  const Grammar& g_;
  TSTreeCursor cursor_;
  std::vector<Child> pool_;             // the nodes of every queued level
  std::vector<LevelTask> tasks_;
  std::vector<Item> items_;             // the current level, flattened
  std::vector<UnitSlot> slots_;         // ... and its units
  std::vector<std::uint16_t> pipeline_lengths_;
  std::vector<Child> command_children_;
  std::vector<std::uint32_t> command_starts_;  // buffer offset of each command, for the final sort
  std::uint32_t next_pipeline_ = 0;
  std::uint32_t next_chain_ = 0;
};

// ---------------------------------------------------------------------------------------------------------

bool grammar_accepted() { return thread_parser() != nullptr; }

Script Script::parse(const SourceFile& source, std::vector<Piece> pieces, const ParseOptions& options) {
  Script script;
  std::string buffer;
  std::size_t total = 0;
  for (Piece& piece : pieces) {
    piece.end = std::min(piece.end, source.size());
    piece.begin = std::min(piece.begin, piece.end);
    total += piece.end - piece.begin;
  }
  buffer.reserve(total + 1);
  for (const Piece& piece : pieces) buffer.append(source.text().substr(piece.begin, piece.end - piece.begin));
  script.text_size_ = static_cast<std::uint32_t>(buffer.size());
  // The shell reads the script as if it ended a line; so must tree-sitter, or an unfinished `if` is an ERROR
  // over the whole script instead of a MISSING `fi`. text() leaves this newline out.
  if (buffer.empty() || buffer.back() != '\n') buffer.push_back('\n');
  script.pieces_ = PieceTable(pieces);
  script.buffer_ = std::make_shared<const std::string>(std::move(buffer));
  const std::string& text = *script.buffer_;

  const auto fail = [&](SyntaxError::Kind kind) {
    SyntaxError error;
    error.kind = kind;
    error.range = script.source_range(0, script.text_size_, source);
    script.errors_.push_back(error);
    script.timed_out_ = kind == SyntaxError::Kind::timed_out;
  };
  TSParser* parser = thread_parser();
  if (parser == nullptr) {
    fail(SyntaxError::Kind::no_grammar);
    return script;
  }
  ts_parser_set_timeout_micros(parser, options.timeout_micros);
  const std::unique_ptr<TSTree, TreeDeleter> tree(
      ts_parser_parse_string(parser, nullptr, text.data(), static_cast<std::uint32_t>(text.size())));
  if (!tree) {
    ts_parser_reset(parser);  // a timed-out parse would otherwise resume on the next call
    fail(SyntaxError::Kind::timed_out);
    return script;
  }
  ScriptBuilder(source, script, ts_tree_root_node(tree.get())).build(ts_tree_root_node(tree.get()));
  return script;
}

Script Script::from_exec_form(const SourceFile& source, std::vector<ExecArgument> argv) {
  Script script;
  script.exec_form_ = true;
  if (argv.empty()) {
    script.buffer_ = std::make_shared<const std::string>();
    return script;
  }
  // The buffer is the argv as written, from the first argument to the last.
  const std::uint32_t begin = std::min(argv.front().range.begin.offset, source.size());
  const std::uint32_t end = std::min(std::max(begin, argv.back().range.end.offset), source.size());
  script.buffer_ = std::make_shared<const std::string>(source.text().substr(begin, end - begin));
  script.text_size_ = end - begin;
  script.pieces_ = PieceTable({Piece{begin, end}});
  const std::string_view text = *script.buffer_;

  const auto make = [&](ExecArgument& argument) {
    Word word;
    word.range = argument.range;
    const std::uint32_t from = argument.range.begin.offset;
    const std::uint32_t to = argument.range.end.offset;
    if (from >= begin && to <= end && from <= to) word.text = text.substr(from - begin, to - from);
    word.value = std::move(argument.value);
    return word;
  };
  Command command;
  command.name = make(argv.front());
  for (std::size_t i = 1; i < argv.size(); ++i) command.arguments.push_back(make(argv[i]));
  command.range = Range{argv.front().range.begin, argv.back().range.end};
  detail::resolve_program(command);
  script.commands_.push_back(std::move(command));
  script.units_.push_back(Unit{kNoUnit, 0, 0});
  script.command_units_.push_back(0);
  return script;
}

std::optional<std::uint32_t> Script::offset_of(std::string_view part) const {
  const std::string_view whole = text();
  const auto address = [](const char* p) { return reinterpret_cast<std::uintptr_t>(p); };
  if (whole.empty() || address(part.data()) < address(whole.data()) ||
      address(part.data()) + part.size() > address(whole.data()) + whole.size()) {
    return std::nullopt;
  }
  return static_cast<std::uint32_t>(address(part.data()) - address(whole.data()));
}

Script Script::parse_part(const SourceFile& source, std::string_view part, const ParseOptions& options) const {
  const std::optional<std::uint32_t> begin = offset_of(part);
  if (!begin) return Script();
  return parse(source, pieces_.pieces_of(*begin, *begin + static_cast<std::uint32_t>(part.size())), options);
}

Script Script::parse_double_quoted_part(const SourceFile& source, std::string_view part,
                                        const ParseOptions& options) const {
  const std::optional<std::uint32_t> offset = offset_of(part);
  if (!offset) return Script();
  const std::uint32_t begin = *offset;
  std::vector<Piece> pieces;
  const auto keep = [&](std::size_t from, std::size_t to) {
    if (from >= to) return;
    for (const Piece& piece : pieces_.pieces_of(begin + static_cast<std::uint32_t>(from),
                                                begin + static_cast<std::uint32_t>(to))) {
      pieces.push_back(piece);
    }
  };
  std::size_t kept_from = 0;
  for (std::size_t i = 0; i < part.size(); ++i) {
    if (part[i] == '"') return Script();
    if (part[i] != '\\' || i + 1 >= part.size()) continue;
    const char next = part[i + 1];
    if (next == '\n') {  // a quoted newline disappears with its backslash
      keep(kept_from, i);
      kept_from = i + 2;
      ++i;
    } else if (next == '$' || next == '`' || next == '"' || next == '\\') {
      keep(kept_from, i);
      kept_from = i + 1;  // the escaped character itself is kept
      ++i;
    }
  }
  keep(kept_from, part.size());
  return parse(source, std::move(pieces), options);
}

Range Script::source_range(std::uint32_t buffer_begin, std::uint32_t buffer_end, const SourceFile& source) const {
  if (buffer_end <= buffer_begin) {
    const std::uint32_t at = pieces_.source_begin(buffer_begin);
    return source.range(at, at);
  }
  return source.range(pieces_.source_begin(buffer_begin), pieces_.source_end(buffer_end));
}

std::vector<CommandView> Script::find(std::string_view program) const {
  std::vector<CommandView> found;
  for (const Command& command : commands_) {
    CommandView view = command.unwrapped();
    if (view.is(program)) found.push_back(view);
  }
  return found;
}

std::span<const Command> Script::after(const Command& command) const {
  if (!owns(command)) return {};
  return std::span<const Command>(commands_).subspan(command.index + 1);
}

std::span<const Command> Script::before(const Command& command) const {
  if (!owns(command)) return {};
  return std::span<const Command>(commands_).first(command.index);
}

bool Script::same_chain(const Command& a, const Command& b) const {
  if (!owns(a) || !owns(b)) return false;
  std::uint32_t ua = command_units_[a.index];
  std::uint32_t ub = command_units_[b.index];
  while (units_[ua].depth > units_[ub].depth) ua = units_[ua].parent;
  while (units_[ub].depth > units_[ua].depth) ub = units_[ub].parent;
  if (ua == ub) return true;  // the same command, or one is nested in the other
  while (units_[ua].parent != units_[ub].parent) {
    ua = units_[ua].parent;
    ub = units_[ub].parent;
  }
  return units_[ua].chain == units_[ub].chain;
}

const Command* Script::next_in_pipeline(const Command& command) const {
  if (!owns(command) || command.pipeline_index + 1 >= command.pipeline_length) return nullptr;
  for (const Command& c : after(command)) {
    if (c.pipeline == command.pipeline && c.pipeline_index == command.pipeline_index + 1) return &c;
  }
  return nullptr;
}

const Command* Script::previous_in_pipeline(const Command& command) const {
  if (!owns(command) || command.pipeline_index == 0) return nullptr;
  const auto earlier = before(command);
  for (auto it = earlier.rbegin(); it != earlier.rend(); ++it) {
    if (it->pipeline == command.pipeline && it->pipeline_index + 1 == command.pipeline_index) return &*it;
  }
  return nullptr;
}

}  // namespace shipshape::shell
