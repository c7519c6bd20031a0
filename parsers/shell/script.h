#pragma once
// RUN bodies (and other shell-form scripts) parsed as shell with tree-sitter-bash, mapped back to exact
// Dockerfile positions, with a small query layer for rules.
//
// INPUT. The Dockerfile parser hands over the script as *pieces*: byte ranges of SourceFile::text(), in
// order, whose concatenation is exactly the text the shell receives (BuildKit removes each escape+newline
// continuation and drops comment and blank lines inside a continuation; a heredoc body is one piece per
// line). Script::parse joins the pieces into its own buffer, parses it once, and keeps a piece table, so
// that every node maps back to a Dockerfile Range. A node spanning two pieces maps from its begin in the
// first to its end in the last.
//
// WHAT YOU GET.
//   Script::commands()        every simple command in source order (see "Which nodes are commands").
//   Command                   name, arguments, VAR=x prefixes, redirections, range, and where it sits:
//                             operators before/after it, pipeline slot, subshell / $(...) / condition /
//                             loop / case / function / heredoc flags, `!`, `&`.
//   Command::unwrapped()      a CommandView that looks through wrappers (sudo, env, nice, xargs, ...): its
//                             name is the real program and its arguments follow it; it remembers sudo.
//   CommandView::args(syntax) an Arguments: options vs operands (GNU clusters `-qy`, `--opt=value`,
//                             options taking values, `--`), subcommand, operands after it.
//   Script::any_after, same_chain, next_in_pipeline, find ...   order and chain helpers.
//   Script::has_errors()/errors()                                tree-sitter ERROR/MISSING nodes, mapped.
//   Script::from_exec_form    a one-command script from exec-form argv (no parsing).
//
// EXAMPLES (each is what a rule writes):
//   for (const shell::CommandView& apt : script.find("apt-get")) {
//     const shell::Arguments args = apt.args(kAptGetSyntax);   // kAptGetSyntax: {.with_value = {"-o", "-c", "-t"}}
//     if (!args.subcommand_is("install")) continue;
//     if (!args.has_option("-y", "--yes", "--assume-yes")) ...;
//     for (const shell::Word* package : args.operands_after_subcommand()) ...;       // "curl=7.1", ...
//     bool cleaned = script.any_after(apt.command(), [](const shell::Command& c) {
//       const auto rm = c.unwrapped();
//       return rm.is("rm") && rm.args().has_operand("/var/lib/apt/lists/*"); });
//   }
//   script.any([](const shell::Command& c) { return c.unwrapped().sudo(); });   // sudo anywhere
//   cmd.in_pipeline(), script.next_in_pipeline(cmd)                            // curl ... | sh
//
// WHICH NODES ARE COMMANDS. Every simple command, wherever it is: in lists (`&&`, `||`, `;`, `&`, newline),
// pipelines, `!` negations, `( )` subshells, `{ }` groups, `$(...)` and backquotes, `<(...)`/`>(...)`,
// if/elif/else/while/until/for/case conditions and bodies, function bodies, and the `$(...)` inside an
// unquoted heredoc body (the shell runs those). Also commands tree-sitter can only partly parse (inside ERROR
// nodes). Declaration builtins (`export A=1`, `local`, `declare`, `readonly`, `typeset`), `unset`, and test
// commands (`[ ... ]`, `[[ ... ]]`, `(( ... ))`) are commands too, with CommandKind telling them apart.
// NOT commands: words of a heredoc body (`python3 <<EOF` ... `EOF`), strings, comments, and bare
// assignments (`A=1` with no command name).
//
// SOURCE ORDER is the order in which commands start (a command starts at its first assignment, name or
// redirection), so a command comes before the commands nested in its words: `v=$(a) b` gives b, a.
// A heredoc body fed to a shell (`bash <<EOF`) or a single-quoted `sh -c '...'` string is data here; a rule
// that wants the commands in it parses it with Script::parse_part, keeping Dockerfile positions.
//
// LIMITS (of tree-sitter-bash 0.23.3): two heredocs started on one line (`cmd <<A <<B`) and a here-string
// after another redirection (`cmd > f <<< w`) are syntax errors for the grammar; `case` patterns and some
// `[[ ]]` operands are tokenised approximately. Two grammar slips are repaired here: a `-` operand before a
// redirection (`apt-key add - 2>&1`, `python3 - <<EOF`) is missing from the tree, and words after a
// redirection (`echo > f more`) are read as more redirection targets; both are put back among the arguments,
// and the redirections of `a | b 2>&1` are b's (tree-sitter gives them to the whole pipeline).
//
// LIFETIME. Word::text views point into the Script's own buffer, which is shared by copies of the Script and
// never moves, so views stay valid while any copy of the Script lives. CommandView and Arguments hold pointers
// into the Command they came from: keep that Command (normally the Script) alive.
//
// THREADS. parse() uses one TSParser per thread (thread_local); Scripts are immutable values.

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/source.h"

namespace shipshape::shell {

// ---------------------------------------------------------------------------------------------------------
// Pieces and the piece table

struct Piece {
  std::uint32_t begin = 0;  // [begin, end) offsets into SourceFile::text()
  std::uint32_t end = 0;
};

// Maps offsets of the joined script buffer back to offsets of the Dockerfile.
class PieceTable {
 public:
  PieceTable() = default;
  // `pieces` must already be clamped to the file (Script::parse does that); empty pieces are dropped.
  explicit PieceTable(const std::vector<Piece>& pieces);

  std::uint32_t buffer_size() const { return buffer_size_; }
  // The source offset of the byte at `buffer_offset`, or of the end of the last piece for the buffer's end.
  std::uint32_t source_begin(std::uint32_t buffer_offset) const;
  // The source offset just after the byte at `buffer_offset - 1` (the end of a half-open range).
  std::uint32_t source_end(std::uint32_t buffer_offset) const;
  // The pieces of the source that make up [buffer_begin, buffer_end) of the buffer.
  std::vector<Piece> pieces_of(std::uint32_t buffer_begin, std::uint32_t buffer_end) const;

 private:
  struct Entry {
    std::uint32_t buffer_begin;
    std::uint32_t source_begin;
    std::uint32_t size;
  };
  std::vector<Entry> entries_;
  std::uint32_t buffer_size_ = 0;
  std::uint32_t anchor_ = 0;  // where an empty script maps to
};

// ---------------------------------------------------------------------------------------------------------
// Words

struct Word {
  std::string_view text;             // as written (points into the Script's own buffer)
  Range range;                       // exact Dockerfile range
  std::optional<std::string> value;  // static value: quotes removed, escapes processed; nullopt when the word
                                     // contains an expansion ($x, ${x}, $(..), `..`, $((..)), <(..), arrays)

  bool is_static() const { return value.has_value(); }
  // True when the static value equals `s` (a dynamic word equals nothing).
  bool is(std::string_view s) const { return value && *value == s; }
  bool starts_with(std::string_view prefix) const {
    return value && std::string_view(*value).substr(0, prefix.size()) == prefix;
  }
  std::string_view value_or(std::string_view fallback) const { return value ? std::string_view(*value) : fallback; }
};

// The static value of one shell word as written: '...', "...", \ escapes, $'...' (ANSI-C), $"...",
// concatenations (`"a"'b'c`), and backslash-newline line continuations. nullopt when it contains a parameter
// expansion, command substitution (`$(..)`, backquotes) or arithmetic expansion. Tilde, globs (`*`, `?`,
// `[..]`) and braces (`{a,b}`) are kept literally: they are not expanded here.
std::optional<std::string> static_value(std::string_view word_text);

// The last path component: "/usr/bin/apt-get" -> "apt-get".
std::string_view basename_of(std::string_view path);

// ---------------------------------------------------------------------------------------------------------
// Commands

// How a command is joined to its neighbour in the same statement list.
enum class Operator : std::uint8_t {
  none,        // first/last in a body (after `then`, `do`, `in`, ... or at the end of the script)
  newline,     // a line break separates them (also used when tree-sitter gives no separator)
  semicolon,   // ;
  background,  // &   (the command before it runs in the background)
  and_if,      // &&
  or_if,       // ||
  pipe,        // |
  pipe_both,   // |&
  case_end,    // ;; or ;& or ;;& (end of a case branch)
};
std::string_view to_string(Operator op);

enum class RedirectKind : std::uint8_t { file, heredoc, herestring };

struct Redirect {
  RedirectKind kind = RedirectKind::file;
  std::string_view op;          // ">", ">>", "<", "&>", "&>>", ">&", "<&", ">|", "<>", "<<", "<<-", "<<<"
  std::string_view descriptor;  // "2" in `2>&1`; empty when not written
  Word target;                  // file name or fd (`1` in `2>&1`), heredoc delimiter, or here-string word
  Range range;                  // the redirection up to its target (a heredoc's body is not included)
  // Heredocs only.
  std::string_view body;        // the body text in the script buffer (without the terminator line)
  Range body_range;
  bool body_expands = false;    // unquoted delimiter: $ and ` in the body are expanded by the shell
};

struct Assignment {             // a `NAME=value` (or `NAME+=value`) prefix of a command
  std::string_view name;        // NAME (with a subscript when written, e.g. "a[1]")
  Word value;                   // empty text with value "" for `NAME=`
  Range range;                  // the whole assignment
  bool append = false;          // `+=`
};

enum class CommandKind : std::uint8_t {
  simple,       // name arguments...
  declaration,  // export / declare / local / readonly / typeset (name is the keyword)
  unset,        // unset / unsetenv
  test,         // [ ... ], [[ ... ]], (( ... )) (name is the opening bracket; arguments are the operands and
                // operators inside, without the closing bracket)
};

// Where a command sits. Flags are inherited from every enclosing construct.
struct CommandContext {
  bool in_subshell = false;              // inside ( ... )
  bool in_command_substitution = false;  // inside $( ... ) or ` ... `
  bool in_process_substitution = false;  // inside <( ... ) or >( ... )
  bool in_condition = false;             // in the condition of if/elif/while/until
  bool in_loop = false;                  // in a for/while/until (condition or body)
  bool in_case = false;                  // in a case branch
  bool in_function = false;              // in a function body
  bool in_heredoc = false;               // in a $( ... ) inside a heredoc body
  bool negated = false;                  // under `!` (its pipeline, or an enclosing compound command)
  bool background = false;               // its list (or an enclosing compound command) ends with `&`
  std::uint16_t depth = 0;               // enclosing compound commands and substitutions

  // At the top level of the script: not nested in anything.
  bool top_level() const { return depth == 0; }
};

// Wrappers that unwrapped() looks through. See CommandView.
enum class Wrapper : std::uint8_t {
  sudo, doas, env, nice, nohup, time, command, exec, xargs, eatmydata, chroot, timeout, stdbuf, ionice,
  setsid, gosu, su_exec, fakeroot, tini, dumb_init,
};
std::string_view to_string(Wrapper wrapper);

class CommandView;

struct Command {
  CommandKind kind = CommandKind::simple;
  Word name;                          // as written (a `/usr/bin/apt-get` stays a path; see name_is)
  std::vector<Word> arguments;        // as written, after the name (with words recovered from tree-sitter
                                      // slips, see LIMITS)
  std::vector<Assignment> assignments;  // `DEBIAN_FRONTEND=noninteractive apt-get ...`
  std::vector<Redirect> redirects;    // its own and those of an enclosing redirected statement
  Range range;                        // assignments, name, arguments and redirections (not heredoc bodies)
  std::uint32_t index = 0;            // position in Script::commands()

  Operator before = Operator::none;   // the operator joining it to the previous command of its list
  Operator after = Operator::none;    // ... and to the next one (`a && b`: a.after == b.before == and_if);
                                      // the first and last commands of a ( ) or { } group take the group's
  std::uint32_t pipeline = 0;         // id of its pipeline, unique in the script (a lone command is a
                                      // pipeline of one)
  std::uint16_t pipeline_index = 0;   // 0-based position in the pipeline
  std::uint16_t pipeline_length = 1;  // elements in the pipeline (compound elements count)
  CommandContext context;

  // Filled in by the parser for unwrapped(): 0 when `name` is the program, k > 0 when arguments[k - 1] is.
  std::uint32_t program_position = 0;
  std::uint32_t wrappers = 0;         // bit (1 << Wrapper) for each wrapper it ran through

  bool in_pipeline() const { return pipeline_length > 1; }
  // The basename of the written name's static value equals `program` (no looking through wrappers).
  bool name_is(std::string_view program) const;
  // The command with wrappers looked through.
  CommandView unwrapped() const;
  // unwrapped().is(program).
  bool runs(std::string_view program) const;
};

// ---------------------------------------------------------------------------------------------------------
// Arguments: options and operands

// How a program reads its options; declare one per program as a `static const`.
struct OptionSyntax {
  // Options that take a value, spelled as written: "-o", "--option". A short one takes the rest of its
  // cluster (`-oFoo`) or the next word; a long one takes `--name=value` or the next word.
  std::vector<std::string_view> with_value = {};
  // Go/find/java style: `-name` is one option named "name" (not a cluster); `--name` is accepted too.
  bool single_dash_long = false;
  // POSIX style: the first operand ends the options (wrappers, xargs). Default is GNU style, where options
  // may follow operands (`apt-get install curl -y`).
  bool stop_at_first_operand = false;
};

struct Option {
  const Word* word = nullptr;        // the word that holds the option (a cluster holds several)
  char short_name = 0;               // 'y' for -y or inside -qy; 0 for a long option
  std::string_view long_name;        // "yes" for --yes (or "ldflags" for -ldflags with single_dash_long)
  const Word* value_word = nullptr;  // the separate word holding its value, when any
  std::optional<std::string_view> value;  // its value (attached or separate) when static; nullopt when
                                          // absent or dynamic
  bool has_value = false;            // a value was written (attached or separate), static or not

  // Matches a spelling: "-y" (short), "--yes" (long), or "-yes" with single_dash_long.
  bool is(std::string_view spelling) const;
};

class Arguments {
 public:
  Arguments() = default;
  explicit Arguments(std::span<const Word> words, const OptionSyntax& syntax = {});

  // On a temporary (`view.args().operands()` in a range-for), these return copies, so nothing dangles.
  const std::vector<Option>& options() const& { return options_; }
  std::vector<Option> options() && { return std::move(options_); }
  const std::vector<const Word*>& operands() const& { return operands_; }  // in order
  std::vector<const Word*> operands() && { return std::move(operands_); }

  // Any option with one of these spellings: "-y" also finds the y in "-qy"; "--yes" finds "--yes=..."
  // (GNU long-option abbreviations are not expanded).
  bool has_option(std::initializer_list<std::string_view> spellings) const;
  template <class... Spellings>
  bool has_option(const Spellings&... spellings) const {
    return has_option({std::string_view(spellings)...});
  }
  // The last option with one of these spellings, or nullptr.
  const Option* find_option(std::initializer_list<std::string_view> spellings) const;
  template <class... Spellings>
  const Option* find_option(const Spellings&... spellings) const {
    return find_option({std::string_view(spellings)...});
  }
  // Every value given to options with these spellings, in order (static values only).
  std::vector<std::string_view> option_values(std::initializer_list<std::string_view> spellings) const;

  // The first operand (`install` in `apt-get -y install curl`), or nullptr.
  const Word* subcommand() const { return operands_.empty() ? nullptr : operands_.front(); }
  bool subcommand_is(std::string_view name) const { return subcommand() && subcommand()->is(name); }
  // The operands after the subcommand (the packages of `apt-get install a b`).
  std::span<const Word* const> operands_after_subcommand() const& {
    return operands_.empty() ? std::span<const Word* const>() : std::span<const Word* const>(operands_).subspan(1);
  }
  std::vector<const Word*> operands_after_subcommand() && {
    if (!operands_.empty()) operands_.erase(operands_.begin());
    return std::move(operands_);
  }
  // An operand whose static value equals `value`.
  bool has_operand(std::string_view value) const;
  // Some word is dynamic and does not look like an option (`$FLAGS`): it may hide options or operands.
  bool has_dynamic() const { return has_dynamic_; }
  // `--` was written (everything after it is an operand).
  bool has_end_of_options() const { return end_of_options_; }

 private:
  std::vector<Option> options_;
  std::vector<const Word*> operands_;
  bool has_dynamic_ = false;
  bool end_of_options_ = false;
};

// A command seen through its wrappers.
//
// Looked through (with their options, including those taking a value): sudo (and `VAR=x` operands), doas,
// env (options, `-u NAME`, `VAR=x`), nice (`-n N`, `-N`), nohup, time, command, exec (`-a NAME`), xargs (its
// options; the command it runs), eatmydata, chroot (`[opts] NEWROOT cmd`: the command runs inside the image
// filesystem, so rules about it still apply), timeout (`[opts] DURATION cmd`), stdbuf, ionice, setsid, gosu and
// su-exec (`USER cmd`), fakeroot, tini, dumb-init; nested wrappers too (`sudo -E env X=1 nice apt-get`).
// Not looked through, because no command runs: `command -v/-V`, `sudo -l/-e/-v/-V/-K`, `env -S` (split
// string), `ionice -p`, `doas -C`, and any wrapper with no command after its options. Strings run by a shell
// (`sh -c '...'`, `su -c '...'`) are not parsed. A dynamic word where the program should be becomes the
// program (its name is dynamic, so is() never matches it).
class CommandView {
 public:
  CommandView() = default;
  explicit CommandView(const Command& command);

  const Command& command() const { return *command_; }
  const Word& name() const { return *name_; }                  // the program's word
  std::span<const Word> arguments() const { return arguments_; }  // the words after it
  // The basename of the program's static name ("apt-get" for "/usr/bin/apt-get"); empty when dynamic.
  std::string_view program() const;
  bool is(std::string_view program_name) const { return !program().empty() && program() == program_name; }
  bool is_any(std::initializer_list<std::string_view> programs) const;
  // It ran under sudo or doas.
  bool sudo() const { return through(Wrapper::sudo) || through(Wrapper::doas); }
  bool through(Wrapper wrapper) const { return (command_->wrappers >> static_cast<unsigned>(wrapper)) & 1u; }
  bool wrapped() const { return command_->program_position != 0; }
  // The program's arguments parsed with `syntax`.
  Arguments args(const OptionSyntax& syntax = {}) const { return Arguments(arguments_, syntax); }

 private:
  const Command* command_ = nullptr;
  const Word* name_ = nullptr;
  std::span<const Word> arguments_;
};

// ---------------------------------------------------------------------------------------------------------
// Scripts

struct SyntaxError {
  enum class Kind : std::uint8_t {
    unexpected,  // text tree-sitter could not fit into the grammar (an ERROR node)
    missing,     // a token tree-sitter had to assume (a MISSING node), e.g. `fi` or a closing quote
    timed_out,   // the parse hit ParseOptions::timeout_micros
    no_grammar,  // the runtime rejected the grammar (see grammar_accepted())
  };
  Kind kind = Kind::unexpected;
  Range range;                // the unparsable text, or an empty range where a token is missing
  std::string_view text;      // that text in the script buffer (empty for a missing token)
  std::string_view missing;   // the token tree-sitter expected (e.g. "fi", "\"", ")"); empty otherwise
  // "unexpected `...`" / "missing `fi`" / "the shell parse timed out" ...
  std::string message() const;
};

struct ParseOptions {
  // Upper bound on the parse of one script (0: none); on expiry the script has no commands and one error.
  // The whole Dockerfile corpus (1.1 MB of RUN text) parses in about 0.12 s, so this only stops pathologies.
  // tree-sitter measures wall-clock time, so the bound is generous: results must not depend on machine load.
  std::uint64_t timeout_micros = 10'000'000;
};

// One argument of exec-form argv (`RUN ["apt-get", "install", "x"]`), as the Dockerfile parser decoded it.
struct ExecArgument {
  Range range;        // the JSON string as written, quotes included
  std::string value;  // its decoded value
};

class Script {
 public:
  Script() = default;  // an empty script

  // Parses shell-form text made of `pieces` of `source.text()` (see the top of this file). Never throws for
  // malformed input; out-of-range pieces are clamped to the file.
  static Script parse(const SourceFile& source, std::vector<Piece> pieces, const ParseOptions& options = {});
  // A script of one command from exec-form argv (no shell parsing): argv[0] is the name, all words static.
  // Word::text is the argument as written (quotes included); an empty argv gives an empty script.
  static Script from_exec_form(const SourceFile& source, std::vector<ExecArgument> argv);
  // Parses `part`, a view into this script's text(), as a script of its own with Dockerfile positions: a
  // heredoc body fed to a shell (Redirect::body of `bash <<EOF`) or the inside of a single-quoted
  // `sh -c '...'` argument (not a double-quoted one: its escapes would shift positions). `source` is the
  // file this script was parsed from. An empty script when `part` is not inside text().
  Script parse_part(const SourceFile& source, std::string_view part, const ParseOptions& options = {}) const;
  // Like parse_part, for the inside of a double-quoted `sh -c "..."` argument: the backslashes that quote `$`,
  // backquote, `"`, `\` or a newline are dropped, as the outer shell drops them, so the inner script reads what
  // `sh -c` receives; every remaining byte keeps its exact Dockerfile position. An empty script when `part` holds
  // an unquoted `"` (the word was not one double-quoted string) or is not inside text().
  Script parse_double_quoted_part(const SourceFile& source, std::string_view part,
                                  const ParseOptions& options = {}) const;

  // Every simple command in source order (see the top of this file).
  const std::vector<Command>& commands() const { return commands_; }
  bool empty() const { return commands_.empty(); }

  // tree-sitter found ERROR or MISSING nodes (or the parse could not run): the shell would likely reject the
  // script, and commands() is best effort.
  bool has_errors() const { return !errors_.empty(); }
  const std::vector<SyntaxError>& errors() const { return errors_; }
  bool timed_out() const { return timed_out_; }
  bool is_exec_form() const { return exec_form_; }

  // The script as the shell receives it (the pieces joined), and the map back to the Dockerfile.
  std::string_view text() const {
    return buffer_ ? std::string_view(*buffer_).substr(0, text_size_) : std::string_view();
  }
  const PieceTable& piece_table() const { return pieces_; }
  // The Dockerfile range of [buffer_begin, buffer_end) of text().
  Range source_range(std::uint32_t buffer_begin, std::uint32_t buffer_end, const SourceFile& source) const;

  // ---- queries ----
  // Every command whose unwrapped program is `program`, in order.
  std::vector<CommandView> find(std::string_view program) const;
  template <class Predicate>
  bool any(Predicate&& predicate) const {
    for (const Command& c : commands_) {
      if (predicate(c)) return true;
    }
    return false;
  }
  // The commands after / before `command` in source order (including nested ones such as `$(...)`).
  std::span<const Command> after(const Command& command) const;
  std::span<const Command> before(const Command& command) const;
  template <class Predicate>
  const Command* first_after(const Command& command, Predicate&& predicate) const {
    for (const Command& c : after(command)) {
      if (predicate(c)) return &c;
    }
    return nullptr;
  }
  template <class Predicate>
  bool any_after(const Command& command, Predicate&& predicate) const {
    return first_after(command, predicate) != nullptr;
  }
  template <class Predicate>
  bool any_before(const Command& command, Predicate&& predicate) const {
    for (const Command& c : before(command)) {
      if (predicate(c)) return true;
    }
    return false;
  }
  // True when `a` and `b` are in the same `&&` chain: in their closest common statement list only `&&` (or
  // a pipe) joins them (`a && b | c && d`: all four; `a; b` or `a || b`: no). A command is in the same chain
  // as the commands nested in its words (`cd $(mktemp -d)`), and as itself. Commands in different bodies of
  // one compound command (an if's condition and its `then` body) are not.
  bool same_chain(const Command& a, const Command& b) const;
  // The simple command right after/before it in its pipeline; nullptr at the ends or when that element is
  // a compound command (`a | (b; c)`).
  const Command* next_in_pipeline(const Command& command) const;
  const Command* previous_in_pipeline(const Command& command) const;

 private:
  // Where `part`, a view into text(), starts in it; nullopt when it is not inside text().
  std::optional<std::uint32_t> offset_of(std::string_view part) const;
  friend class ScriptBuilder;
  struct Unit {  // a node of the statement structure: a command or a compound command
    std::uint32_t parent;  // enclosing unit, or kNoUnit
    std::uint32_t depth;
    std::uint32_t chain;   // units of one level with equal chain ids are joined by && or | only
  };
  static constexpr std::uint32_t kNoUnit = 0xFFFFFFFFu;

  bool owns(const Command& command) const { return command.index < commands_.size(); }

  std::shared_ptr<const std::string> buffer_;  // text() plus, when parsed, a final newline
  std::uint32_t text_size_ = 0;
  PieceTable pieces_;
  std::vector<Command> commands_;
  std::vector<std::uint32_t> command_units_;  // commands_[i] is unit command_units_[i]
  std::vector<Unit> units_;
  std::vector<SyntaxError> errors_;
  bool timed_out_ = false;
  bool exec_form_ = false;
};

// True when the linked tree-sitter runtime accepts the bash grammar (ABI check; false means every parse
// reports an error).
bool grammar_accepted();

}  // namespace shipshape::shell
