#pragma once
// BuildKit word expansion: what `docker build` makes of a Dockerfile word such as `${BASE:-alpine}:$TAG`.
//
// The behaviour follows BuildKit's frontend/dockerfile/shell/lex.go (ProcessWord / ProcessWords) exactly,
// quirks included, so a rule sees the value the build will see:
//   - quotes are removed: single quotes keep everything literal; double quotes allow `$` expansion and the
//     escape character escapes only `"`, `$` and itself (`"a\tb"` stays `a\tb`);
//   - outside quotes the escape character (`\`, or a backtick under `# escape=``) makes the next character
//     literal; a trailing escape character is dropped;
//   - `$v` and `${v}`; `$` followed by no name stays a literal `$`. A name is letters, digits and `_`
//     (Unicode letters and digits count, as Go's unicode package says), a run of digits (`$1`, `$001`), or
//     one special parameter character (`@ * # ? - $ !`). The lookup compares names (BuildKit on Linux:
//     exactly; on Windows: ignoring case);
//   - `${v:-w} ${v-w} ${v:+w} ${v+w} ${v:?w} ${v?w}`: with `:`, an empty value counts as unset;
//   - `${v#p} ${v##p} ${v%p} ${v%%p}` and `${v/p/r} ${v//p/r}` with BuildKit's glob patterns: `*` any run,
//     `?` one character (neither matches a newline), `\*` `\?` `\\` literal, `\}` and `\/` stand for `}` and
//     `/`; any other escape is an error. Like BuildKit, `[` and `]` are literal characters, not bracket
//     expressions. Matching is Go's leftmost-first regexp matching of BuildKit's translation. The operands
//     are expanded first; then `//` runs Go's Regexp.ReplaceAllString, so a `$0` that reaches the replacement
//     through a variable's value stands for the match. A pattern needs the second `/` (`${v//x}` is an error);
//   - nesting (`${A:-${B:-x}}`) to any depth, processed with an explicit stack, never recursion;
//   - errors with BuildKit's wording: `${}` and `${:x}` ("syntax error: bad substitution"), unterminated
//     `${`, quotes and patterns, `${v:=x}` `${v:#x}` `${v:%x}` ("unsupported modifier (:=) in
//     substitution"), `${v?}` on an unset variable ("v: is not allowed to be unset"), invalid pattern escapes;
//   - as in Go's text/scanner, a leading U+FEFF is skipped and an invalid UTF-8 byte reads as U+FFFD.
//
// Unknown values. A variable whose lookup says `known = false` (an ARG without a default and without a
// --build-arg) has a value only the build will decide; it may even be unset. Any expansion whose result
// depends on it keeps its original spelling in `text` and is marked in `unknown_spans`:
//   $V ${V} ${V:-w} ${V-w} ${V:+w} ${V+w} ${V:?w} ${V?w} ${V#p} ${V%p} ${V/p/r} ...   -> "<spelling>" unknown
//   (no `:?` error is reported for an unknown V: it may be set at build time)
// A known variable with an unknown operand is resolved as far as the known parts allow:
//   ${K:-${V}}  K set and non-empty -> K's value (known); otherwise the word, with ${V} unknown inside it
//   ${K:+${V}}  K unset or empty -> "" (known); otherwise the word, with ${V} unknown inside it
//   ${K#${V}}   an unknown pattern -> the whole spelling is unknown
//   ${K/p/${V}} known pattern, unknown replacement: no match -> K's value (known); a match -> unknown
// A pattern that is itself known is still checked (an invalid escape is an error whatever the value).
// When unknown values are split into words (expand_words) each unknown spelling stays one piece of a word,
// although the real value might split into several words at build time.
//
// Limits (shipshape's, not BuildKit's): expansion work is bounded (bytes produced plus pattern-matching
// steps, about 64 million units beyond the input's own size); past that the result is the error
// "expansion too large". Real Dockerfiles stay several orders of magnitude below it.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shipshape::dockerfile {

struct VariableValue {
  std::string value;
  bool known = true;  // false: a build argument with no default and no --build-arg (decided at build time)
};

// Looks a variable up; std::nullopt when it is not set at all. It is called once per reference (a name
// referenced twice is looked up twice), never with an empty name. An empty VariableLookup means nothing is
// set.
using VariableLookup = std::function<std::optional<VariableValue>(std::string_view name)>;

struct Expansion {
  std::string text;  // expanded text; where an unknown variable contributed, its original spelling is kept
                     // verbatim (e.g. "${TAG}") so messages stay readable. Empty when !ok().
  bool known = true;  // false when any unknown variable contributed to `text` (== !unknown_spans.empty())
  // [begin, end) byte spans of `text` that are unknown: one per unknown expansion, in order, never empty.
  std::vector<std::pair<std::size_t, std::size_t>> unknown_spans;
  // Names referenced, in order of first appearance in the source, without duplicates. Every reference
  // counts, including ones whose value ends up unused (`B` in `${A:-$B}` with A set) and special or
  // positional parameters (`$1`, `$@`), as BuildKit's UndefinedVar bookkeeping does. When expansion fails,
  // the names read before the failure.
  std::vector<std::string> referenced;
  std::vector<std::string> unset;  // referenced names that were not set at all (for UndefinedVar-style
                                   // rules), in the order of `referenced`
  std::string error;  // BuildKit's reason when expansion fails (bad substitution, unsupported modifier,
                      // ...), without BuildKit's `failed to process "<word>": ` prefix
  bool ok() const { return error.empty(); }
};

// BuildKit's shell.Lex.ProcessWord: quotes removed, escapes processed, $v ${v} ${v:-w} ${v-w} ${v:+w} ${v+w}
// ${v:?w} ${v?w} ${v#p} ${v##p} ${v%p} ${v%%p} ${v/p/r} ${v//p/r}, nesting, `escape` is '\\' or '`'.
Expansion expand_word(std::string_view word, const VariableLookup& lookup, char escape = '\\');

// BuildKit's ProcessWords (what EXPOSE uses): expands the text and splits it into words on whitespace that is
// neither quoted, escaped nor inside an unknown spelling; whitespace coming from a variable's value splits
// too (`$SPACED` -> two words) and quoted empty strings vanish, exactly as in BuildKit. Also as in current
// BuildKit (its shared words buffer), a `${v<modifier>...}` drops the part of the word written before it:
// `80${P:-/tcp}` gives the word "/tcp" (expand_word gives "80/tcp").
// Each word's `referenced`/`unset` hold the names whose reference starts in that word (or, when it starts
// between words, in the next word; after the last word, in the last word). When there are no words the
// result is empty; expand_word on the same text gives the names of the whole text.
// On failure the result is a single Expansion carrying the error and the names read so far.
std::vector<Expansion> expand_words(std::string_view text, const VariableLookup& lookup, char escape = '\\');

}  // namespace shipshape::dockerfile
