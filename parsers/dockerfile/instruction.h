#pragma once
// The Dockerfile syntax tree: instructions as BuildKit's parser reads them, with exact source positions for
// every keyword, flag, argument and heredoc. document.h builds the semantic model (stages, variables,
// USER/WORKDIR/SHELL) on top of these.
//
// Words keep BuildKit's spelling. BuildKit joins an instruction's continuation lines into one logical line
// (the escape character and the line break disappear, the next line's indentation stays, comment and blank
// lines inside are dropped); a Word's `text` is taken from that logical line, and its `range` covers where
// it is written, so a word split over lines has a range that spans the continuation.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/source.h"

namespace shipshape::shell {
class Script;
}

namespace shipshape::dockerfile {

enum class InstructionKind : std::uint8_t {
  add, arg, cmd, copy, entrypoint, env, expose, from, healthcheck, label, maintainer, onbuild, run, shell,
  stopsignal, user, volume, workdir,
  unknown,  // not a Dockerfile instruction (kept; BuildKit refuses it when it builds the stage)
};

// "RUN" for InstructionKind::run; "" for unknown.
std::string_view keyword_of(InstructionKind kind);
// Case-insensitive; InstructionKind::unknown when `keyword` is not an instruction.
InstructionKind kind_of_keyword(std::string_view keyword);
// Every instruction keyword in upper case, for did-you-mean suggestions.
const std::vector<std::string_view>& instruction_keywords();
// Whether BuildKit substitutes variables in this instruction's words (ADD COPY ENV EXPOSE FROM LABEL
// STOPSIGNAL USER VOLUME WORKDIR, and ONBUILD of those; not RUN/CMD/ENTRYPOINT, whose shell does it).
bool substitutes_variables(InstructionKind kind);

// [begin, end) byte offsets into SourceFile::text(); the shell layer's Piece has the same shape.
struct SourcePiece {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  friend bool operator==(const SourcePiece&, const SourcePiece&) = default;
};

// One instruction's logical line (BuildKit's Node.Original) and the way back to the source: the logical
// text is a concatenation of source segments, one per physical line that contributed.
class LogicalLine {
 public:
  std::string_view text() const { return text_; }
  // Appends the source bytes [source_begin, source_begin + length), which sit on line `line` (1-based) of
  // the source, a line starting at offset `line_start`.
  void append(std::string_view source_text, std::uint32_t source_begin, std::uint32_t length, std::uint32_t line,
              std::uint32_t line_start);
  // The source offset of the logical byte at `logical` (< text().size()); the end of the last segment for
  // text().size().
  std::uint32_t source_offset(std::uint32_t logical) const;
  // The source span written for the logical bytes [begin, end): from the first byte's offset to just after
  // the last byte's. An empty logical span gives an empty range at the following byte's offset.
  Range range(const SourceFile& source, std::uint32_t begin, std::uint32_t end) const;
  // The source pieces that make up the logical bytes [begin, end), in order.
  std::vector<SourcePiece> pieces(std::uint32_t begin, std::uint32_t end) const;

 private:
  struct Segment {
    std::uint32_t logical = 0;
    std::uint32_t source = 0;
    std::uint32_t length = 0;
    std::uint32_t line = 1;
    std::uint32_t line_start = 0;
  };
  std::size_t segment_at(std::uint32_t logical) const;
  // The source position of the logical byte at `logical`, or just after it with `after`.
  Position position(std::uint32_t logical, bool after) const;
  std::string text_;
  std::vector<Segment> segments_;
};

struct Word {
  std::string text;  // see Instruction::arguments for what it holds
  Range range;       // where it is written
};

// `--name=value` or `--name` before an instruction's arguments.
struct Flag {
  std::string text;                  // as BuildKit hands it on: `--mount=type=cache,target=/x`, quotes and
                                     // backslash escapes processed
  std::string name;                  // "mount" (flag names are case-sensitive)
  std::optional<std::string> value;  // after the first '='; nullopt for a bare `--link`
  Range range;                       // the whole flag as written
  Range name_range;                  // the name, without the leading `--`
  Range value_range;                 // the value as written (empty at the flag's end when there is no '=')
  bool known = true;                 // the instruction accepts a flag of this name
};

// A `--mount=...` of RUN, its comma-separated fields (BuildKit reads the value as one CSV record).
struct Mount {
  struct Field {
    std::string key;    // lower-cased, as BuildKit compares keys: "target", "dst", "ro", ...
    std::string value;  // as written, not expanded; empty for a bare key such as `ro`
    bool has_value = false;
    Range range;        // the field as written
    Range value_range;  // the value as written (empty when there is none)
  };
  std::size_t flag = 0;       // index of the --mount flag in Instruction::flags
  Range range;                // the flag's value as written
  std::vector<Field> fields;  // in order
  std::string type = "bind";  // lower-cased; BuildKit's default is bind
  // The last field for a key, looking through BuildKit's aliases (target: dst, destination, dest;
  // source: src; readonly: ro; readwrite: rw); null when absent.
  const Field* field(std::string_view key) const;
  // The field's value (not expanded), or "" when absent.
  std::string_view value(std::string_view key) const;
  bool has(std::string_view key) const { return field(key) != nullptr; }
};

// A here-document attached to RUN, COPY or ADD (`<<EOF`, `<<-EOF`, `<<"EOF"`, `3<<EOF`, ...).
struct Heredoc {
  std::string name;        // the terminator, quotes removed: `EOF`
  Range marker;            // the marker word as written in the instruction: `<<-"EOF"`
  Range body;              // every body line with its line ending, up to the terminator line; empty at
                           // the terminator's start when there is no body
  Range terminator;        // the terminator line (with its leading tabs under `<<-`), without line ending
  std::string content;     // BuildKit's Content: the body lines with their line endings, tabs not stripped
  std::vector<Range> lines;  // each body line without its line ending (and without leading tabs under `<<-`)
  bool expand = true;      // no part of the name is quoted: BuildKit expands variables in COPY/ADD content
  bool chomp = false;      // `<<-`: leading tabs are removed from the body and the terminator
  unsigned fd = 0;         // the file descriptor written before `<<` (`3<<EOF`), 0 when none
  // The content as the consumer receives it (leading tabs removed under `<<-`).
  std::string text() const;
};

// One `name=value` of ENV or LABEL (or the legacy `ENV name value`).
struct KeyValue {
  Word key;       // as written, quotes kept (expand it to get the name)
  Word value;     // as written, quotes and escapes kept; in the legacy form the whole rest of the line
  bool legacy = false;  // `ENV name value` without '='
  Range range;    // the pair as written
};

// One name of ARG with its optional default.
struct ArgDeclaration {
  Word name;                   // as written
  std::optional<Word> value;   // the default as written (quotes kept), nullopt without '='
  Range range;                 // `name=default` as written
};

// The command of RUN, CMD, ENTRYPOINT, SHELL and HEALTHCHECK CMD.
struct CommandLine {
  bool json = false;            // exec (JSON) form
  std::vector<Word> argv;       // exec form: the decoded strings; ranges cover the JSON string literals
  Word shell;                   // shell form: the command as the shell receives it (continuations joined,
                                // text after the flags), with the range where it is written
  std::vector<SourcePiece> pieces;  // shell form: the source bytes of `shell.text`, in order
  bool empty() const { return json ? argv.empty() : shell.text.empty(); }
};

// What became of a RUN's text once the semantic model knows the stage's shell.
enum class ScriptStatus : std::uint8_t {
  parsed,           // `script` holds the shell parse
  not_requested,    // ParseOptions::parse_shell is off
  exec_form,        // JSON form: no shell involved; `script` is a one-command script of command.argv
  non_posix_shell,  // SHELL is powershell/pwsh/cmd, or a Windows stage with the default shell
  not_shell,        // `RUN <<EOF` whose body starts with a shebang for another interpreter (python, ...)
  empty,            // nothing to run
};

struct Instruction {
  InstructionKind kind = InstructionKind::unknown;
  std::string keyword;          // as written: "run", "Run", "RUN"
  Range keyword_range;
  Range range;                  // the whole instruction as written: continuation lines, comment and blank
                                // lines inside it and heredoc bodies included, up to the end of its last line
  std::uint32_t start_line = 0;  // BuildKit's StartLine / EndLine (1-based)
  std::uint32_t end_line = 0;
  LogicalLine line;             // the logical line (BuildKit's Original); an ONBUILD trigger has its parent's
  std::uint32_t line_begin = 0;  // where this instruction starts in `line` (after leading whitespace)
  std::vector<Flag> flags;
  // BuildKit's AST arguments, what `docker build` hands on to each instruction:
  //   exec form: the decoded JSON strings;
  //   RUN/CMD/ENTRYPOINT/SHELL shell form, MAINTAINER, USER, WORKDIR, STOPSIGNAL: one word, the rest of the line;
  //   ADD/COPY/VOLUME (shell form), FROM, EXPOSE: the words split on whitespace, quotes kept;
  //   ARG: the words split on unquoted whitespace, quotes and escapes kept;
  //   ENV/LABEL: key1 value1 key2 value2 ... (see `pairs`);
  //   HEALTHCHECK: the type (CMD/NONE/...) followed by the command words;
  //   ONBUILD: none (see `trigger`); unknown instructions: the words split on whitespace.
  std::vector<Word> arguments;
  Word rest;                    // the text after the keyword and flags, trimmed, with its range
  bool json = false;            // the arguments are in exec (JSON) form
  std::vector<Heredoc> heredocs;
  std::size_t index = 0;        // position in Document::instructions(); for a trigger, its ONBUILD's
  std::optional<std::size_t> stage;   // the stage it belongs to; nullopt before the first FROM
  std::vector<std::size_t> comments;  // the comment lines BuildKit attaches to it (indices into comments)

  // Kind-specific parts (empty for other kinds).
  std::vector<KeyValue> pairs;               // ENV, LABEL
  std::vector<ArgDeclaration> declarations;  // ARG
  CommandLine command;                       // RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK CMD
  std::vector<Mount> mounts;                 // RUN
  std::unique_ptr<Instruction> trigger;      // ONBUILD: the instruction it defers, with its own positions
  // RUN: the shell parse of what the shell runs (see ScriptStatus); shared, parsed once.
  std::shared_ptr<const shell::Script> script;
  ScriptStatus script_status = ScriptStatus::empty;
  // RUN whose heredoc feeds a shell (`RUN bash <<EOF`): the parse of each such body, by heredoc index
  // (null for heredocs that are data).
  std::vector<std::shared_ptr<const shell::Script>> heredoc_scripts;

  bool is(InstructionKind k) const { return kind == k; }
  // The flag with this name (the last one when repeated), or null.
  const Flag* flag(std::string_view name) const;
  // Every flag with this name, in order.
  std::vector<const Flag*> flags_named(std::string_view name) const;
  // The value of a flag, "" when absent or bare.
  std::string_view flag_value(std::string_view name) const;
  // The instruction's text as written (the source sliced by `range`).
  std::string_view source_text(const SourceFile& source) const {
    return source.text().substr(range.begin.offset, range.size());
  }

  // FROM: the image word, the `AS` keyword and the stage name (null when absent).
  const Word* from_image() const;
  const Word* from_as_keyword() const;
  const Word* from_stage_name() const;
  // ADD/COPY: the destination (null when missing) and the sources (heredoc markers included).
  const Word* destination() const;
  std::vector<const Word*> sources() const;
  // The heredoc a COPY/ADD source word names (`<<EOF`), or null.
  const Heredoc* heredoc_source(const Word& source) const;
  // HEALTHCHECK: the type word (CMD, NONE, ...), null when the instruction has no arguments.
  const Word* healthcheck_type() const;
  // USER, WORKDIR, MAINTAINER, STOPSIGNAL: the argument (the rest of the line), or null.
  const Word* single_argument() const;
};

// A comment line (`# ...`), kept in file order.
struct Comment {
  Range range;               // from '#' to the end of the line, without the line ending
  std::string text;          // after '#', surrounding whitespace removed
  std::optional<std::size_t> instruction;  // the instruction that follows it (or that it sits inside)
  bool inside_instruction = false;  // inside a continued instruction (BuildKit drops it)
  bool directive = false;    // a parser directive (`# syntax=...`, `# escape=...`, `# check=...`)
};

// A parser directive at the top of the file.
struct Directive {
  std::string name;   // lower case: syntax, escape, check
  std::string value;
  Range range;        // the whole line
  Range name_range;
  Range value_range;
};

// BuildKit's parser warning for blank lines inside a continued instruction (rule NoEmptyContinuation).
struct EmptyContinuation {
  std::size_t instruction = 0;  // index into the instructions
  std::vector<Range> lines;     // the blank lines (each an empty or whitespace-only range)
};

}  // namespace shipshape::dockerfile
