#include "parsers/dockerfile/heredoc_marker.h"

#include "parsers/dockerfile/go_compat.h"

namespace shipshape::dockerfile::detail {

namespace {

constexpr char escape_char = '\\';  // BuildKit lexes heredoc lines with NewLex('\\') whatever `# escape=` says

bool is_special_parameter(char c) {
  return c == '@' || c == '*' || c == '#' || c == '?' || c == '-' || c == '$' || c == '!' || c == '0';
}
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_char(char c) {
  // unicode.IsLetter/IsDigit or '_'; bytes of non-ASCII runes are taken as letters (close enough for
  // finding where a name ends in a heredoc line).
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_ascii_digit(c) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// wordsStruct of BuildKit's lexer, with the span of each word.
class WordCollector {
 public:
  void add_char(std::string_view bytes, char32_t rune, std::uint32_t begin, std::uint32_t end) {
    if (go::is_space(rune)) {
      if (in_word_ && !word_.empty()) finish();
      return;
    }
    add_raw(bytes, begin, end);
  }
  void add_raw(std::string_view bytes, std::uint32_t begin, std::uint32_t end) {
    if (word_.empty()) begin_ = begin;
    word_ += bytes;
    in_word_ = true;
    end_ = end;
  }
  // addString: the text splits on whitespace inside it; all pieces get the construct's span.
  void add_string(std::string_view text, std::uint32_t begin, std::uint32_t end) {
    std::size_t pos = 0;
    while (pos < text.size()) {
      const go::Rune rune = go::decode_rune(text, pos);
      add_char(text.substr(pos, rune.width), rune.value, begin, end);
      pos += rune.width;
    }
  }
  std::vector<LexedWord> take() {
    if (!word_.empty()) finish();
    return std::move(words_);
  }

 private:
  void finish() {
    words_.push_back({std::move(word_), begin_, end_});
    word_.clear();
    in_word_ = false;
  }
  std::vector<LexedWord> words_;
  std::string word_;
  bool in_word_ = false;
  std::uint32_t begin_ = 0;
  std::uint32_t end_ = 0;
};

// The lexer keeps its nesting (`${a:-"${b:-x}"}`) on an explicit stack instead of recursing.
class Lexer {
 public:
  Lexer(std::string_view text, bool raw_quotes, bool raw_escapes)
      : text_(text), raw_quotes_(raw_quotes), raw_escapes_(raw_escapes) {}

  std::optional<std::vector<LexedWord>> run() {
    frames_.push_back(Frame{Frame::Kind::stop_on, '\0', raw_escapes_, {}, {}, {}, 0});
    while (!frames_.empty()) {
      if (!step()) return std::nullopt;
    }
    return words_.take();
  }

 private:
  struct Frame {
    enum class Kind : std::uint8_t { stop_on, double_quote, brace_word, brace_pattern, brace_replacement };
    Kind kind;
    char stop;          // stop_on: the closing character, '\0' for the end of the text
    bool raw_escapes;   // stop_on
    std::string result;
    std::string name;      // brace frames: the variable name
    std::string modifier;  // brace frames: ":-", "#", "/", "//", ...
    std::uint32_t begin;   // where the construct ($, ", ...) started
  };

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }

  // Delivers the text of a finished `$...` or quote construct to the frame below it.
  void deliver(std::string text, bool from_dollar, std::uint32_t begin) {
    Frame& parent = frames_.back();
    if (frames_.size() == 1) {
      if (from_dollar) {
        words_.add_string(text, begin, static_cast<std::uint32_t>(pos_));
      } else {
        words_.add_raw(text, begin, static_cast<std::uint32_t>(pos_));
      }
    }
    parent.result += text;
  }

  std::string read_name() {
    std::string name;
    if (at_end()) return name;
    if (is_ascii_digit(peek())) {
      while (!at_end() && is_ascii_digit(peek())) name.push_back(text_[pos_++]);
      return name;
    }
    if (is_special_parameter(peek())) {
      name.push_back(text_[pos_++]);
      return name;
    }
    while (!at_end() && is_name_char(peek())) name.push_back(text_[pos_++]);
    return name;
  }

  // At '$'. Either delivers the result at once or pushes the frames of a `${...}` modifier.
  bool start_dollar() {
    const auto begin = static_cast<std::uint32_t>(pos_);
    ++pos_;
    if (at_end() || peek() != '{') {
      std::string name = read_name();
      deliver(name.empty() ? "$" : "$" + name, true, begin);
      return true;
    }
    ++pos_;
    if (at_end()) return false;
    if (peek() == '{' || peek() == '}' || peek() == ':') return false;
    std::string name = read_name();
    if (at_end()) return false;
    char c = text_[pos_++];
    if (c == '}') {
      deliver("${" + name + "}", true, begin);
      return true;
    }
    std::string modifier(1, c);
    bool null_is_unset = false;
    if (c == ':') {
      null_is_unset = true;
      if (at_end()) return false;
      c = text_[pos_++];
      modifier.push_back(c);
    }
    if (c == '+' || c == '-' || c == '?' || c == '#' || c == '%' || null_is_unset) {
      const bool raw = c == '#' || c == '%';
      if (null_is_unset && raw) return false;
      frames_.push_back(Frame{Frame::Kind::brace_word, '\0', false, {}, std::move(name), std::move(modifier), begin});
      frames_.push_back(Frame{Frame::Kind::stop_on, '}', raw, {}, {}, {}, begin});
      return true;
    }
    if (c == '/') {
      if (!at_end() && peek() == '/') {
        ++pos_;
        modifier = "//";
      }
      frames_.push_back(
          Frame{Frame::Kind::brace_pattern, '\0', false, {}, std::move(name), std::move(modifier), begin});
      frames_.push_back(Frame{Frame::Kind::stop_on, '/', true, {}, {}, {}, begin});
      return true;
    }
    return false;  // unsupported modifier
  }

  // A finished stop_on child hands its text to the brace frame below it.
  void finish_brace_child(std::string inner) {
    Frame& brace = frames_.back();
    if (brace.kind == Frame::Kind::brace_pattern) {
      brace.kind = Frame::Kind::brace_replacement;
      brace.result = std::move(inner);
      frames_.push_back(Frame{Frame::Kind::stop_on, '}', true, {}, {}, {}, brace.begin});
      return;
    }
    std::string text;
    if (brace.kind == Frame::Kind::brace_word) {
      text = "${" + brace.name + brace.modifier + inner + "}";
    } else {
      text = "${" + brace.name + "/" + brace.result + "/" + inner + "}";
    }
    const std::uint32_t begin = brace.begin;
    frames_.pop_back();
    deliver(std::move(text), true, begin);
  }

  bool step() {
    Frame& frame = frames_.back();
    if (frame.kind == Frame::Kind::double_quote) return step_double_quote();
    // stop_on
    if (at_end()) {
      if (frame.stop != '\0') return false;  // unexpected end while looking for the closing character
      frames_.pop_back();
      return true;
    }
    const char c = peek();
    if (frame.stop != '\0' && c == frame.stop) {
      ++pos_;
      std::string inner = std::move(frame.result);
      frames_.pop_back();
      finish_brace_child(std::move(inner));
      return true;
    }
    if (c == '\'') return single_quote();
    if (c == '"') {
      const auto begin = static_cast<std::uint32_t>(pos_);
      ++pos_;
      frames_.push_back(Frame{Frame::Kind::double_quote, '\0', false, raw_quotes_ ? "\"" : "", {}, {}, begin});
      return true;
    }
    if (c == '$') return start_dollar();
    const bool top = frames_.size() == 1;
    const auto begin = static_cast<std::uint32_t>(pos_);
    if (c == escape_char) {
      ++pos_;
      if (frame.raw_escapes) {
        if (top) words_.add_raw(text_.substr(begin, 1), begin, begin + 1);
        frame.result.push_back(c);
      }
      if (at_end()) return true;
      const go::Rune rune = go::decode_rune(text_, pos_);
      const std::string_view bytes = text_.substr(pos_, rune.width);
      pos_ += rune.width;
      if (top) words_.add_raw(bytes, begin, static_cast<std::uint32_t>(pos_));
      frame.result += bytes;
      return true;
    }
    const go::Rune rune = go::decode_rune(text_, pos_);
    const std::string_view bytes = text_.substr(pos_, rune.width);
    pos_ += rune.width;
    if (top) words_.add_char(bytes, rune.value, begin, static_cast<std::uint32_t>(pos_));
    frame.result += bytes;
    return true;
  }

  bool single_quote() {
    const auto begin = static_cast<std::uint32_t>(pos_);
    std::string result;
    if (raw_quotes_) result.push_back('\'');
    ++pos_;
    while (true) {
      if (at_end()) return false;
      const char c = text_[pos_++];
      if (c == '\'') {
        if (raw_quotes_) result.push_back('\'');
        break;
      }
      result.push_back(c);
    }
    deliver(std::move(result), false, begin);
    return true;
  }

  bool step_double_quote() {
    Frame& frame = frames_.back();
    if (at_end()) return false;
    const char c = peek();
    if (c == '"') {
      ++pos_;
      if (raw_quotes_) frame.result.push_back('"');
      std::string text = std::move(frame.result);
      const std::uint32_t begin = frame.begin;
      frames_.pop_back();
      deliver(std::move(text), false, begin);
      return true;
    }
    if (c == '$') return start_dollar();
    ++pos_;
    char ch = c;
    if (c == escape_char) {
      if (raw_escapes_) frame.result.push_back(c);
      if (at_end()) return true;  // BuildKit ignores it and then fails on the missing quote
      const char next = peek();
      if (next == '"' || next == '$' || next == escape_char) {
        ch = next;
        ++pos_;
      }
    }
    frame.result.push_back(ch);
    return true;
  }

  std::string_view text_;
  bool raw_quotes_;
  bool raw_escapes_;
  std::size_t pos_ = 0;
  std::vector<Frame> frames_;
  WordCollector words_;
};

}  // namespace

std::optional<std::vector<LexedWord>> lex_words(std::string_view text, bool raw_quotes, bool raw_escapes) {
  return Lexer(text, raw_quotes, raw_escapes).run();
}

MarkerStatus parse_heredoc_marker(std::string_view word, HeredocMarker& marker) {
  std::size_t pos = 0;
  while (pos < word.size() && is_ascii_digit(word[pos])) ++pos;
  const std::string_view digits = word.substr(0, pos);
  if (word.substr(pos, 2) != "<<") return MarkerStatus::not_heredoc;
  pos += 2;
  bool chomp = false;
  if (pos < word.size() && word[pos] == '-') {
    chomp = true;
    ++pos;
  }
  const std::string_view rest = word.substr(pos);
  if (rest.find('<') != std::string_view::npos) return MarkerStatus::not_heredoc;
  if (rest.empty()) return MarkerStatus::not_heredoc;

  const auto words = lex_words(rest, false, false);
  if (!words) return MarkerStatus::error;
  if (words->size() != 1) return MarkerStatus::not_heredoc;
  const auto raw = lex_words(rest, true, false);
  if (!raw || raw->size() != 1) return MarkerStatus::error;

  const auto count_quotes = [](std::string_view s) {
    std::size_t n = 0;
    for (const char c : s) n += (c == '\'' || c == '"') ? 1 : 0;
    return n;
  };
  marker.name = (*words)[0].text;
  marker.chomp = chomp;
  marker.expand = count_quotes((*words)[0].text) == count_quotes((*raw)[0].text);
  // strconv.ParseUint(digits, 10, 0); an overflow leaves 0, as BuildKit ignores the error.
  unsigned fd = 0;
  bool overflow = false;
  for (const char c : digits) {
    if (fd > (~0U - 9) / 10) {
      overflow = true;
      break;
    }
    fd = fd * 10 + static_cast<unsigned>(c - '0');
  }
  marker.fd = overflow ? 0 : fd;
  return MarkerStatus::heredoc;
}

}  // namespace shipshape::dockerfile::detail
