#include "parsers/dockerfile/syntax.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>

#include "parsers/dockerfile/go_compat.h"
#include "parsers/dockerfile/heredoc_marker.h"
#include "parsers/dockerfile/json_array.h"
#include "parsers/text.h"

namespace shipshape::dockerfile {

namespace {

// bufio.Scanner's limit: a line (with its line break) longer than this stops BuildKit's parser.
constexpr std::size_t max_token_bytes = 64 * 1024;

struct PhysicalLine {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;   // end of the content: the line ending (trailing '\r' and '\n') removed
  std::uint32_t next = 0;  // start of the following line
  std::uint32_t number = 0;
};

// Go's \s in BuildKit's directive regexp.
bool is_regex_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_alnum(char c) { return is_ascii_alpha(c) || (c >= '0' && c <= '9'); }

// `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`
struct DirectiveMatch {
  std::size_t name_begin = 0, name_end = 0, value_begin = 0, value_end = 0;
};
std::optional<DirectiveMatch> match_directive(std::string_view line) {
  if (line.empty() || line[0] != '#') return std::nullopt;
  std::size_t i = 1;
  while (i < line.size() && is_regex_space(line[i])) ++i;
  if (i >= line.size() || !is_ascii_alpha(line[i])) return std::nullopt;
  DirectiveMatch m;
  m.name_begin = i;
  while (i < line.size() && is_ascii_alnum(line[i])) ++i;
  m.name_end = i;
  while (i < line.size() && is_regex_space(line[i])) ++i;
  if (i >= line.size() || line[i] != '=') return std::nullopt;
  ++i;
  if (i >= line.size()) return std::nullopt;
  std::size_t value_begin = i;
  while (value_begin < line.size() && is_regex_space(line[value_begin])) ++value_begin;
  if (value_begin == line.size()) {
    // Only whitespace after '=': the lazy group still takes one character.
    m.value_begin = line.size() - 1;
    m.value_end = line.size();
    return m;
  }
  std::size_t value_end = line.size();
  while (value_end > value_begin && is_regex_space(line[value_end - 1])) --value_end;
  m.value_begin = value_begin;
  m.value_end = value_end;
  return m;
}

std::string go_quote_simple(std::string_view s) {
  // %q of a word in an error message; only `"` and `\` need escaping for readable messages.
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

// A word found by one of BuildKit's splitters, as offsets in the logical line.
struct Span {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

class SyntaxParser {
 public:
  explicit SyntaxParser(const SourceFile& source) : source_(source), text_(source.text()) {}

  SyntaxTree run() {
    // Instructions are large values: reserve so they are not moved around while the vector grows.
    tree_.instructions.reserve(std::count(text_.begin(), text_.end(), '\n') / 2 + 1);
    PhysicalLine line;
    while (next_line(line)) {
      if (!handle_line(line)) break;
    }
    if (tree_.ok() && tree_.instructions.empty()) {
      const std::uint32_t end = source_.size();
      error(source_.range(end, end), "file with no instructions",
            "a Dockerfile needs at least one instruction, such as FROM");
    }
    return std::move(tree_);
  }

 private:
  // ---- lines ----

  bool next_line(PhysicalLine& line) {
    if (pos_ >= text_.size()) return false;
    const std::size_t newline = text_.find('\n', pos_);
    const std::size_t stop = newline == std::string_view::npos ? text_.size() : newline;
    const std::size_t token = newline == std::string_view::npos ? stop - pos_ : stop - pos_ + 1;
    if (token > max_token_bytes || (newline == std::string_view::npos && token == max_token_bytes)) {
      const auto begin = static_cast<std::uint32_t>(pos_);
      error(source_.range(begin, begin), fmt::format("dockerfile line greater than max allowed size of {}",
                                                     max_token_bytes - 1),
            "BuildKit reads at most 64 KiB per line; split the line with continuations");
      pos_ = text_.size();
      return false;
    }
    std::size_t end = stop;
    while (end > pos_ && (text_[end - 1] == '\r' || text_[end - 1] == '\n')) --end;
    line.begin = static_cast<std::uint32_t>(pos_);
    line.end = static_cast<std::uint32_t>(end);
    line.next = static_cast<std::uint32_t>(newline == std::string_view::npos ? text_.size() : newline + 1);
    line.number = ++line_number_;
    pos_ = line.next;
    return true;
  }

  std::string_view content(const PhysicalLine& line) const { return text_.substr(line.begin, line.end - line.begin); }

  void error(Range range, std::string message, std::string hint = {}) {
    tree_.errors.push_back({range, std::move(message), std::move(hint)});
  }

  // ---- comments and directives ----

  std::size_t record_comment(const PhysicalLine& line, std::uint32_t hash, bool inside) {
    Comment comment;
    comment.range = source_.range(hash, line.end);
    comment.text = std::string(text::trim(text_.substr(hash + 1, line.end - hash - 1)));
    comment.inside_instruction = inside;
    tree_.comments.push_back(std::move(comment));
    return tree_.comments.size() - 1;
  }

  // possibleParserDirective: returns false on a directive error.
  bool check_directive(std::string_view trimmed, std::uint32_t offset, const PhysicalLine& line,
                       std::optional<std::size_t> comment) {
    if (directives_done_) return true;
    const auto match = match_directive(trimmed);
    if (!match) {
      directives_done_ = true;
      return true;
    }
    const std::string name = text::to_lower(trimmed.substr(match->name_begin, match->name_end - match->name_begin));
    if (name != "syntax" && name != "escape" && name != "check") {
      directives_done_ = true;
      return true;
    }
    const Range line_range = source_.range(offset, line.end);
    for (const Directive& seen : tree_.directives) {
      if (seen.name == name) {
        error(line_range, fmt::format("only one {} parser directive can be used", name),
              "remove the repeated directive");
        return false;
      }
    }
    Directive directive;
    directive.name = name;
    directive.value = std::string(trimmed.substr(match->value_begin, match->value_end - match->value_begin));
    directive.range = line_range;
    directive.name_range = source_.range(offset + static_cast<std::uint32_t>(match->name_begin),
                                         offset + static_cast<std::uint32_t>(match->name_end));
    directive.value_range = source_.range(offset + static_cast<std::uint32_t>(match->value_begin),
                                          offset + static_cast<std::uint32_t>(match->value_end));
    if (name == "escape") {
      if (directive.value != "\\" && directive.value != "`") {
        error(directive.value_range,
              fmt::format("invalid escape token '{}' does not match ` or \\", directive.value),
              "use `# escape=\\` (the default) or `# escape=`` (common on Windows)");
        return false;
      }
      tree_.escape = directive.value[0];
    }
    tree_.directives.push_back(std::move(directive));
    if (comment) {
      tree_.comments[*comment].directive = true;
      // A directive is not a comment BuildKit attaches to the next instruction.
      if (!pending_comments_.empty() && pending_comments_.back() == *comment) pending_comments_.pop_back();
    }
    return true;
  }

  // ---- continuation ----

  // trimContinuationCharacter: the content length without the continuation escape, and whether the line
  // continues.
  std::pair<std::uint32_t, bool> trim_continuation(std::string_view line) const {
    std::size_t k = line.size();
    while (k > 0 && (line[k - 1] == ' ' || line[k - 1] == '\t')) --k;
    if (k > 0 && line[k - 1] == tree_.escape) {
      if (k == 1) return {0, true};
      if (line[k - 2] != tree_.escape) return {static_cast<std::uint32_t>(k - 1), true};
    }
    return {static_cast<std::uint32_t>(line.size()), false};
  }

  // ---- one line of the file ----

  bool handle_line(const PhysicalLine& line) {
    const std::string_view raw = content(line);
    const std::size_t lead = go::leading_space(raw);
    const std::string_view trimmed = raw.substr(lead);
    const auto offset = static_cast<std::uint32_t>(line.begin + lead);
    std::optional<std::size_t> comment;
    if (!trimmed.empty() && trimmed[0] == '#') {
      comment = record_comment(line, offset, false);
      if (tree_.comments[*comment].text.empty()) {
        pending_comments_.clear();
      } else {
        pending_comments_.push_back(*comment);
      }
    }
    if (!check_directive(trimmed, offset, line, comment)) return false;
    if (comment) return true;

    const auto [length, continued] = trim_continuation(trimmed);
    if (!continued && length == 0) return true;

    Instruction inst;
    inst.line.append(text_, offset, length, line.number, line.begin);
    const std::uint32_t begin = offset;
    PhysicalLine last = line;
    std::vector<Range> empty_lines;
    std::vector<std::size_t> inner_comments;
    bool more = continued;
    PhysicalLine next;
    while (more && next_line(next)) {
      last = next;
      const std::string_view raw_next = content(next);
      const std::size_t next_lead = go::leading_space(raw_next);
      if (next_lead < raw_next.size() && raw_next[next_lead] == '#') {
        inner_comments.push_back(record_comment(next, static_cast<std::uint32_t>(next.begin + next_lead), true));
        continue;
      }
      if (next_lead == raw_next.size()) {
        empty_lines.push_back(source_.range(next.begin, next.end));
        continue;
      }
      const auto [next_length, next_continued] = trim_continuation(raw_next);
      inst.line.append(text_, next.begin, next_length, next.number, next.begin);
      more = next_continued;
    }
    if (!tree_.ok()) return false;

    if (!build_instruction(inst, 0, false)) return false;
    if (can_contain_heredoc(inst) && inst.line.text().find("<<") != std::string_view::npos) {
      if (!read_heredocs(inst, last)) return false;
    }

    const std::size_t index = tree_.instructions.size();
    inst.index = index;
    inst.range = source_.range(begin, last.end);
    inst.start_line = line.number;
    inst.end_line = last.number;
    inst.comments = std::move(pending_comments_);
    pending_comments_.clear();
    if (inst.trigger) finish_trigger(inst);
    for (std::size_t c = first_unassigned_comment_; c < tree_.comments.size(); ++c) {
      tree_.comments[c].instruction = index;
    }
    first_unassigned_comment_ = tree_.comments.size();
    if (!empty_lines.empty()) tree_.empty_continuations.push_back({index, std::move(empty_lines)});
    tree_.instructions.push_back(std::move(inst));
    return true;
  }

  void finish_trigger(Instruction& inst) {
    Instruction& trigger = *inst.trigger;
    trigger.index = inst.index;
    trigger.range = source_.range(trigger.keyword_range.begin.offset, inst.range.end.offset);
    trigger.start_line = trigger.keyword_range.begin.line;
    trigger.end_line = inst.end_line;
    trigger.heredocs = inst.heredocs;
  }

  static bool can_contain_heredoc(const Instruction& inst) {
    const Instruction* node = &inst;
    if (inst.kind == InstructionKind::onbuild && inst.trigger) node = inst.trigger.get();
    const InstructionKind k = node->kind;
    return (k == InstructionKind::run || k == InstructionKind::copy || k == InstructionKind::add) && !node->json;
  }

  // ---- heredocs ----

  bool read_heredocs(Instruction& inst, PhysicalLine& last) {
    const std::string_view line = inst.line.text();
    const auto words = detail::lex_words(line, true, true);
    if (!words) return true;  // BuildKit ignores lexing errors here: no heredocs
    for (const detail::LexedWord& word : *words) {
      detail::HeredocMarker marker;
      const detail::MarkerStatus status = detail::parse_heredoc_marker(word.text, marker);
      if (status == detail::MarkerStatus::not_heredoc) continue;
      const Range marker_range = inst.line.range(source_, word.begin, word.end);
      if (status == detail::MarkerStatus::error) {
        error(marker_range, fmt::format("cannot read the heredoc marker {}", word.text),
              "check the quotes in the heredoc name");
        return false;
      }
      Heredoc heredoc;
      heredoc.name = marker.name;
      heredoc.marker = marker_range;
      heredoc.expand = marker.expand;
      heredoc.chomp = marker.chomp;
      heredoc.fd = marker.fd;
      const std::uint32_t body_begin = last.next;
      PhysicalLine body_line;
      bool terminated = false;
      while (next_line(body_line)) {
        last = body_line;
        std::string_view candidate = content(body_line);
        std::uint32_t tabs = 0;
        if (heredoc.chomp) {
          while (tabs < candidate.size() && candidate[tabs] == '\t') ++tabs;
          candidate.remove_prefix(tabs);
        }
        if (candidate == heredoc.name) {
          terminated = true;
          heredoc.terminator = source_.range(body_line.begin, body_line.end);
          heredoc.body = source_.range(body_begin, body_line.begin);
          break;
        }
        heredoc.lines.push_back(source_.range(body_line.begin + tabs, body_line.end));
      }
      if (!tree_.ok()) return false;
      if (!terminated) {
        error(marker_range, "unterminated heredoc",
              fmt::format("add a line `{}` to end the here-document", heredoc.name));
        return false;
      }
      heredoc.content = std::string(text_.substr(heredoc.body.begin.offset, heredoc.body.size()));
      inst.heredocs.push_back(std::move(heredoc));
    }
    return true;
  }

  // ---- one instruction (newNodeFromLine) ----

  bool build_instruction(Instruction& inst, std::uint32_t from, bool nested) {
    const std::string_view line = inst.line.text();
    const go::Span trimmed = go::trim_space(line.substr(from));
    const auto b = static_cast<std::uint32_t>(from + trimmed.begin);
    const auto e = static_cast<std::uint32_t>(from + trimmed.end);
    inst.line_begin = b;
    std::uint32_t k = b;
    while (k < e && !go::is_split_space(line[k])) ++k;
    inst.keyword = std::string(line.substr(b, k - b));
    inst.keyword_range = inst.line.range(source_, b, k);
    inst.kind = kind_of_keyword(inst.keyword);

    std::uint32_t rest_begin = e;
    if (k < e) {
      std::uint32_t r = k;
      while (r < e && go::is_split_space(line[r])) ++r;
      rest_begin = extract_flags(inst, r, e);
    }
    const go::Span rest = go::trim_space(line.substr(rest_begin, e - rest_begin));
    const auto rb = static_cast<std::uint32_t>(rest_begin + rest.begin);
    const auto re = static_cast<std::uint32_t>(rest_begin + rest.end);
    inst.rest = word(inst, rb, re);
    for (Flag& flag : inst.flags) flag.known = false;  // decided by the instruction pass

    switch (inst.kind) {
      case InstructionKind::add:
      case InstructionKind::copy:
      case InstructionKind::volume:
        return maybe_json_to_list(inst, rb, re);
      case InstructionKind::arg:
        for (const Span& s : parse_words(line, rb, re)) inst.arguments.push_back(word(inst, s.begin, s.end));
        return true;
      case InstructionKind::cmd:
      case InstructionKind::entrypoint:
      case InstructionKind::run:
      case InstructionKind::shell:
        return maybe_json(inst, rb, re);
      case InstructionKind::env:
      case InstructionKind::label:
        return name_value(inst, rb, re);
      case InstructionKind::expose:
      case InstructionKind::from:
      case InstructionKind::unknown:
        split_whitespace(inst, rb, re);
        return true;
      case InstructionKind::healthcheck:
        return health_config(inst, rb, re);
      case InstructionKind::maintainer:
      case InstructionKind::stopsignal:
      case InstructionKind::user:
      case InstructionKind::workdir:
        if (rb < re) inst.arguments.push_back(word(inst, rb, re));
        return true;
      case InstructionKind::onbuild:
        if (rb < re && !nested) {
          inst.trigger = std::make_unique<Instruction>();
          inst.trigger->line = inst.line;
          if (!build_instruction(*inst.trigger, rb, true)) return false;
        }
        return true;
    }
    return true;
  }

  Word word(const Instruction& inst, std::uint32_t begin, std::uint32_t end) const {
    return Word{std::string(inst.line.text().substr(begin, end - begin)), inst.line.range(source_, begin, end)};
  }

  // extractBuilderFlags: the flags at [begin, end) and where the arguments start.
  std::uint32_t extract_flags(Instruction& inst, std::uint32_t begin, std::uint32_t end) {
    const std::string_view line = inst.line.text();
    enum class Phase { spaces, word, quote } phase = Phase::spaces;
    std::string word;
    std::vector<std::uint32_t> origin;  // logical offset of each byte of `word`
    char quote = '\0';
    bool blank_ok = false;
    std::uint32_t word_begin = begin;
    const auto finish = [&](std::uint32_t word_end) {
      Flag flag;
      flag.text = word;
      flag.range = inst.line.range(source_, word_begin, word_end);
      const std::size_t eq = word.find('=');
      const std::uint32_t name_end = eq == std::string::npos ? word_end : origin[eq];
      flag.name = word.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
      flag.name_range = inst.line.range(source_, word_begin + 2, name_end);
      if (eq != std::string::npos) {
        flag.value = word.substr(eq + 1);
        flag.value_range = inst.line.range(source_, origin[eq] + 1, word_end);
      } else {
        flag.value_range = inst.line.range(source_, word_end, word_end);
      }
      inst.flags.push_back(std::move(flag));
    };
    char ch = '\0';
    std::uint32_t last_end = begin;  // just after the last byte consumed into the word
    for (std::uint32_t pos = begin; pos <= end; ++pos) {
      if (pos != end) ch = line[pos];
      if (phase == Phase::spaces) {
        if (pos == end) break;
        if (go::is_space_byte(static_cast<unsigned char>(ch))) continue;
        if (ch != '-' || pos + 1 == end || line[pos + 1] != '-') return pos;
        phase = Phase::word;
        word_begin = pos;
      }
      if (pos == end) {
        if (word != "--" && (blank_ok || !word.empty())) finish(last_end);
        break;
      }
      if (phase == Phase::word) {
        if (go::is_space_byte(static_cast<unsigned char>(ch))) {
          phase = Phase::spaces;
          if (word == "--") return pos;
          if (blank_ok || !word.empty()) finish(last_end);
          word.clear();
          origin.clear();
          blank_ok = false;
          continue;
        }
        if (ch == '\'' || ch == '"') {
          quote = ch;
          blank_ok = true;
          phase = Phase::quote;
          last_end = pos + 1;
          continue;
        }
        if (ch == '\\') {
          if (pos + 1 == end) {
            last_end = pos + 1;
            continue;
          }
          ++pos;
          ch = line[pos];
        }
        word.push_back(ch);
        origin.push_back(pos);
        last_end = pos + 1;
        continue;
      }
      // Phase::quote
      if (ch == quote) {
        phase = Phase::word;
        last_end = pos + 1;
        continue;
      }
      if (ch == '\\') {
        if (pos + 1 == end) {
          phase = Phase::word;
          last_end = pos + 1;
          continue;
        }
        ++pos;
        ch = line[pos];
      }
      word.push_back(ch);
      origin.push_back(pos);
      last_end = pos + 1;
    }
    return end;
  }

  // parseWords: words split on unquoted whitespace; quotes and escapes stay in the words.
  std::vector<Span> parse_words(std::string_view line, std::uint32_t begin, std::uint32_t end) const {
    enum class Phase { spaces, word, quote } phase = Phase::spaces;
    std::vector<Span> words;
    const char escape = tree_.escape;
    char32_t quote = 0;
    bool blank_ok = false;
    std::uint32_t word_begin = begin;
    std::uint32_t word_end = begin;  // just after the last byte written to the word
    bool has_text = false;
    char32_t ch = 0;
    std::uint32_t width = 0;
    for (std::uint32_t pos = begin; pos <= end; pos += width) {
      if (pos != end) {
        const go::Rune r = go::decode_rune(line, pos);
        ch = r.value;
        width = r.width;
      } else {
        width = 1;
      }
      if (phase == Phase::spaces) {
        if (pos == end) break;
        if (go::is_space(ch)) continue;
        phase = Phase::word;
        word_begin = pos;
        word_end = pos;
        has_text = false;
      }
      if (pos == end) {
        if (blank_ok || has_text) words.push_back({word_begin, word_end});
        break;
      }
      if (phase == Phase::word) {
        if (go::is_space(ch)) {
          phase = Phase::spaces;
          if (blank_ok || has_text) words.push_back({word_begin, word_end});
          blank_ok = false;
          continue;
        }
        if (ch == '\'' || ch == '"') {
          quote = ch;
          blank_ok = true;
          phase = Phase::quote;
        }
        if (ch == static_cast<unsigned char>(escape)) {
          if (pos + width == end) continue;  // an escape at the very end is dropped
          pos += width;
          const go::Rune r = go::decode_rune(line, pos);
          width = r.width;
        }
        word_end = pos + width;
        has_text = true;
        continue;
      }
      // Phase::quote
      if (ch == quote) phase = Phase::word;
      if (ch == static_cast<unsigned char>(escape) && quote != '\'') {
        if (pos + width == end) {
          phase = Phase::word;
          continue;
        }
        pos += width;
        const go::Rune r = go::decode_rune(line, pos);
        width = r.width;
      }
      word_end = pos + width;
      has_text = true;
    }
    return words;
  }

  // reWhitespace.Split(rest, -1)
  void split_whitespace(Instruction& inst, std::uint32_t begin, std::uint32_t end) {
    const std::string_view line = inst.line.text();
    std::uint32_t pos = begin;
    while (pos < end) {
      std::uint32_t stop = pos;
      while (stop < end && !go::is_split_space(line[stop])) ++stop;
      inst.arguments.push_back(word(inst, pos, stop));
      while (stop < end && go::is_split_space(line[stop])) ++stop;
      pos = stop;
    }
  }

  // parseJSON; returns false on the error BuildKit reports for a JSON array holding non-strings.
  enum class JsonResult { json, not_json, error };
  JsonResult parse_json(Instruction& inst, std::uint32_t begin, std::uint32_t end) {
    const std::string_view rest = inst.line.text().substr(begin, end - begin);
    if (rest.empty() || rest[0] != '[') return JsonResult::not_json;
    JsonArray array = parse_json_array(rest);
    if (array.kind == JsonArray::Kind::not_json) return JsonResult::not_json;
    if (array.kind == JsonArray::Kind::not_strings) {
      error(inst.line.range(source_, begin, end),
            "when using JSON array syntax, arrays must be comprised of strings only",
            "write every element as a JSON string, e.g. [\"echo\", \"hello\"]");
      return JsonResult::error;
    }
    for (JsonStringElement& element : array.elements) {
      inst.arguments.push_back(
          Word{std::move(element.value), inst.line.range(source_, begin + element.begin, begin + element.end)});
    }
    inst.json = true;
    return JsonResult::json;
  }

  // parseMaybeJSON; also fills the instruction's command line (RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK).
  bool maybe_json(Instruction& inst, std::uint32_t begin, std::uint32_t end) {
    inst.command.shell = word(inst, begin, begin);
    if (begin == end) return true;
    const std::size_t first = inst.arguments.size();
    const JsonResult json = parse_json(inst, begin, end);
    if (json == JsonResult::error) return false;
    if (json == JsonResult::json) {
      inst.command.json = true;
      inst.command.argv.assign(inst.arguments.begin() + static_cast<std::ptrdiff_t>(first), inst.arguments.end());
      return true;
    }
    inst.arguments.push_back(word(inst, begin, end));
    inst.command.shell = inst.arguments.back();
    inst.command.pieces = inst.line.pieces(begin, end);
    return true;
  }

  bool maybe_json_to_list(Instruction& inst, std::uint32_t begin, std::uint32_t end) {
    const JsonResult json = parse_json(inst, begin, end);
    if (json == JsonResult::error) return false;
    if (json == JsonResult::not_json) split_whitespace(inst, begin, end);
    return true;
  }

  // parseNameVal for ENV and LABEL.
  bool name_value(Instruction& inst, std::uint32_t begin, std::uint32_t end) {
    const std::string_view line = inst.line.text();
    const std::vector<Span> words = parse_words(line, begin, end);
    if (words.empty()) return true;
    const std::string_view keyword = inst.kind == InstructionKind::env ? "ENV" : "LABEL";
    const std::string_view first = line.substr(words[0].begin, words[0].end - words[0].begin);
    if (first.find('=') == std::string_view::npos) {
      // Legacy `KEY name value`: the name is up to the first whitespace, the value everything after it.
      std::uint32_t stop = begin;
      while (stop < end && !go::is_split_space(line[stop])) ++stop;
      if (stop == end) {
        error(inst.line.range(source_, begin, end), fmt::format("{} must have two arguments", keyword),
              fmt::format("give the variable a value: {} {}=value", keyword, line.substr(begin, end - begin)));
        return false;
      }
      std::uint32_t value_begin = stop;
      while (value_begin < end && go::is_split_space(line[value_begin])) ++value_begin;
      KeyValue pair;
      pair.key = word(inst, begin, stop);
      pair.value = word(inst, value_begin, end);
      pair.legacy = true;
      pair.range = inst.line.range(source_, begin, end);
      inst.arguments.push_back(pair.key);
      inst.arguments.push_back(pair.value);
      inst.pairs.push_back(std::move(pair));
      return true;
    }
    for (const Span& s : words) {
      const std::string_view text = line.substr(s.begin, s.end - s.begin);
      const std::size_t eq = text.find('=');
      if (eq == std::string_view::npos) {
        error(inst.line.range(source_, s.begin, s.end),
              fmt::format("Syntax error - can't find = in {}. Must be of the form: name=value", go_quote_simple(text)),
              "write every variable as name=value");
        return false;
      }
      const auto at = static_cast<std::uint32_t>(s.begin + eq);
      KeyValue pair;
      pair.key = word(inst, s.begin, at);
      pair.value = word(inst, at + 1, s.end);
      pair.range = inst.line.range(source_, s.begin, s.end);
      inst.arguments.push_back(pair.key);
      inst.arguments.push_back(pair.value);
      inst.pairs.push_back(std::move(pair));
    }
    return true;
  }

  // parseHealthConfig: the type word, then the command as RUN/CMD take it.
  bool health_config(Instruction& inst, std::uint32_t begin, std::uint32_t end) {
    const std::string_view line = inst.line.text();
    std::uint32_t sep = begin;
    while (sep < end && !go::is_space_byte(static_cast<unsigned char>(line[sep]))) ++sep;
    std::uint32_t next = sep;
    while (next < end && go::is_space_byte(static_cast<unsigned char>(line[next]))) ++next;
    if (sep == begin) return true;
    inst.arguments.push_back(word(inst, begin, sep));
    return maybe_json(inst, next, end);
  }

  const SourceFile& source_;
  std::string_view text_;
  SyntaxTree tree_;
  std::size_t pos_ = 0;
  std::uint32_t line_number_ = 0;
  bool directives_done_ = false;
  std::vector<std::size_t> pending_comments_;
  std::size_t first_unassigned_comment_ = 0;
};

}  // namespace

SyntaxTree parse_syntax(const SourceFile& source) { return SyntaxParser(source).run(); }

}  // namespace shipshape::dockerfile
