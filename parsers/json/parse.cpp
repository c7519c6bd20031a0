#include "parsers/json/parse.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <limits>

namespace shipshape::json {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::size_t kMaxText = std::numeric_limits<std::uint32_t>::max() - 1;
// Objects with more members than this are checked for duplicate keys by sorting instead of pairwise.
constexpr std::uint32_t kPairwiseDuplicateLimit = 16;

bool is_json_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '$';
}
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Length of the valid UTF-8 sequence at s[i] (lead byte >= 0x80), or 0 when it is invalid (overlong forms,
// surrogates and code points above U+10FFFF included).
std::size_t utf8_sequence(std::string_view s, std::size_t i, unsigned& code_point) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned lead = byte(i);
  std::size_t length = 0;
  unsigned min = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + length > s.size()) return 0;
  unsigned cp = lead & (0x7Fu >> length);
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  code_point = cp;
  return length;
}

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// How to write a control character inside a JSON string.
std::string escape_for(unsigned char c) {
  switch (c) {
    case '\n': return "\\n";
    case '\t': return "\\t";
    case '\r': return "\\r";
    case '\b': return "\\b";
    case '\f': return "\\f";
    default: return fmt::format("\\u{:04x}", c);
  }
}

std::string describe_code_point(unsigned cp) {
  switch (cp) {
    case 0x00A0: return "U+00A0 (no-break space)";
    case 0xFEFF: return "U+FEFF (byte order mark)";
    case 0x200B: return "U+200B (zero-width space)";
    case 0x2028: return "U+2028 (line separator)";
    case 0x201C:
    case 0x201D: return fmt::format("U+{:04X} (curly double quote)", cp);
    case 0x2018:
    case 0x2019: return fmt::format("U+{:04X} (curly single quote)", cp);
    default: return fmt::format("U+{:04X}", cp);
  }
}

}  // namespace

// The single-pass parser. A class (not a function) because Document grants it access to its arena.
class Parser {
 public:
  Parser(std::string_view text, const ParseOptions& options, Document& document, std::vector<Diagnostic>& errors)
      : options_(options), doc_(document), errors_(errors) {
    doc_.text_.assign(text.data(), text.size());
    text_ = doc_.text_;
  }

  bool run();

 private:
  enum class Expect : std::uint8_t { value, value_or_close, key_or_close, key, colon, after_value };

  struct Frame {
    NodeId node = kNoNode;
    std::uint32_t first_pending = 0;  // index into pending_elements_ or pending_members_
    std::uint32_t count = 0;          // children completed so far
    bool object = false;
    Document::Member key;  // the key of the member whose value is being read
  };

  void index_lines();
  void reserve_arena();
  void skip_whitespace();
  bool fail(std::uint32_t begin, std::uint32_t end, std::string message, std::string hint = {});
  bool fail_unexpected(std::uint32_t at, std::string_view expected);
  bool fail_comment(std::uint32_t at);
  bool fail_at_end();

  NodeId add_node(Kind kind, std::uint32_t begin);
  bool open_container(Kind kind);
  bool close_container();
  void finish_value(NodeId id);
  void record_duplicates(NodeId object, std::uint32_t first, std::uint32_t count);

  bool scan_value();
  bool scan_string(Document::StringRef& out);
  bool scan_number();
  bool scan_word();

  const ParseOptions& options_;
  Document& doc_;
  std::vector<Diagnostic>& errors_;
  std::string_view text_;
  std::uint32_t pos_ = 0;
  Expect expect_ = Expect::value;
  bool root_done_ = false;
  std::uint32_t last_comma_ = 0;
  std::vector<Frame> stack_;
  std::vector<NodeId> pending_elements_;
  std::vector<Document::Member> pending_members_;
};

// Every value but the root follows a `,`, a `:`, a `[` or a `{`, so counting them bounds the arena sizes
// (commas and colons inside strings only overestimate). Reserving up front avoids the copies and the
// doubled peak memory of growing vectors on very large files.
void Parser::reserve_arena() {
  std::size_t commas = 0;
  std::size_t colons = 0;
  std::size_t opens = 0;
  for (const char c : text_) {
    commas += c == ',';
    colons += c == ':';
    opens += (c == '[') | (c == '{');
  }
  const std::size_t values = commas + colons + opens + 1;
  doc_.nodes_.reserve(values);
  doc_.members_.reserve(colons);
  doc_.elements_.reserve(commas + opens);
}

void Parser::index_lines() {
  auto& starts = doc_.line_starts_;
  starts.reserve(text_.size() / 32 + 1);
  starts.push_back(0);
  const char* data = text_.data();
  const char* end = data + text_.size();
  for (const char* p = data; (p = static_cast<const char*>(std::memchr(p, '\n', end - p))) != nullptr; ++p) {
    starts.push_back(static_cast<std::uint32_t>(p - data + 1));
  }
}

bool Parser::fail(std::uint32_t begin, std::uint32_t end, std::string message, std::string hint) {
  end = std::max(begin, std::min<std::uint32_t>(end, static_cast<std::uint32_t>(text_.size())));
  errors_.push_back(Diagnostic{doc_.range(begin, end), std::move(message), std::move(hint)});
  return false;
}

void Parser::skip_whitespace() {
  while (pos_ < text_.size() && is_json_space(text_[pos_])) ++pos_;
}

bool Parser::fail_comment(std::uint32_t at) {
  std::uint32_t end = at + 2;
  if (text_[at + 1] == '/') {
    while (end < text_.size() && text_[end] != '\n') ++end;
  } else {
    const std::size_t close = text_.find("*/", at + 2);
    end = close == std::string_view::npos ? static_cast<std::uint32_t>(text_.size())
                                          : static_cast<std::uint32_t>(close + 2);
  }
  return fail(at, end, "comments are not allowed in JSON", "remove the comment");
}

// An unexpected byte where `expected` was wanted; names the byte (never echoes a word of content).
bool Parser::fail_unexpected(std::uint32_t at, std::string_view expected) {
  const unsigned char c = static_cast<unsigned char>(text_[at]);
  if (c == 0) return fail(at, at + 1, "NUL byte (U+0000) in the file; JSON text cannot contain NUL bytes");
  if (c >= 0x80) {
    unsigned cp = 0;
    const std::size_t length = utf8_sequence(text_, at, cp);
    if (length == 0) {
      return fail(at, at + 1, fmt::format("invalid UTF-8 byte 0x{:02X}; JSON text must be UTF-8", c),
                  "save the file as UTF-8");
    }
    return fail(at, at + static_cast<std::uint32_t>(length),
                fmt::format("unexpected character {}: expected {}", describe_code_point(cp), expected));
  }
  if (c < 0x20 || c == 0x7F) {
    return fail(at, at + 1, fmt::format("unexpected control character U+{:04X}: expected {}", c, expected));
  }
  return fail(at, at + 1, fmt::format("unexpected `{}`: expected {}", static_cast<char>(c), expected));
}

bool Parser::fail_at_end() {
  const auto end = static_cast<std::uint32_t>(text_.size());
  if (stack_.empty()) {
    return fail(end, end, root_done_ ? "unexpected end of file" : "the file is empty: expected a JSON value");
  }
  const Frame& frame = stack_.back();
  const Position open = doc_.position(doc_.nodes_[frame.node].begin);
  return fail(end, end,
              fmt::format("unexpected end of file: the `{}` at line {}, column {} is not closed",
                          frame.object ? '{' : '[', open.line, open.column),
              "the file may be truncated");
}

NodeId Parser::add_node(Kind kind, std::uint32_t begin) {
  Document::Node node;
  node.kind = kind;
  node.begin = begin;
  if (!stack_.empty()) {
    node.parent = stack_.back().node;
    node.index = stack_.back().count;
  }
  doc_.nodes_.push_back(node);
  return static_cast<NodeId>(doc_.nodes_.size() - 1);
}

void Parser::finish_value(NodeId id) {
  expect_ = Expect::after_value;
  if (stack_.empty()) {
    root_done_ = true;
    return;
  }
  Frame& frame = stack_.back();
  ++frame.count;
  if (frame.object) {
    frame.key.value = id;
    pending_members_.push_back(frame.key);
  } else {
    pending_elements_.push_back(id);
  }
}

bool Parser::open_container(Kind kind) {
  if (stack_.size() >= options_.max_depth) {
    return fail(pos_, pos_ + 1, fmt::format("nesting is deeper than {} levels", options_.max_depth),
                "a task definition is never nested this deeply; the file may be generated or corrupt");
  }
  const NodeId id = add_node(kind, pos_);
  Frame frame;
  frame.node = id;
  frame.object = kind == Kind::object;
  frame.first_pending = static_cast<std::uint32_t>(frame.object ? pending_members_.size() : pending_elements_.size());
  stack_.push_back(frame);
  ++pos_;
  expect_ = frame.object ? Expect::key_or_close : Expect::value_or_close;
  return true;
}

bool Parser::close_container() {
  const Frame frame = stack_.back();
  stack_.pop_back();
  Document::Node& node = doc_.nodes_[frame.node];
  node.end = ++pos_;
  node.b = frame.count;
  if (frame.object) {
    node.a = static_cast<std::uint32_t>(doc_.members_.size());
    doc_.members_.insert(doc_.members_.end(), pending_members_.begin() + frame.first_pending, pending_members_.end());
    pending_members_.resize(frame.first_pending);
    if (frame.count > 1) record_duplicates(frame.node, node.a, frame.count);
  } else {
    node.a = static_cast<std::uint32_t>(doc_.elements_.size());
    doc_.elements_.insert(doc_.elements_.end(), pending_elements_.begin() + frame.first_pending,
                          pending_elements_.end());
    pending_elements_.resize(frame.first_pending);
  }
  finish_value(frame.node);
  return true;
}

void Parser::record_duplicates(NodeId object, std::uint32_t first, std::uint32_t count) {
  const auto key_of = [&](std::uint32_t i) { return doc_.view(doc_.members_[first + i].key); };
  const auto record = [&](std::uint32_t earlier, std::uint32_t later) {
    doc_.duplicates_.push_back({object, doc_.members_[first + earlier].value, doc_.members_[first + later].value});
  };
  if (count <= kPairwiseDuplicateLimit) {
    for (std::uint32_t j = 1; j < count; ++j) {
      for (std::uint32_t i = 0; i < j; ++i) {
        if (key_of(i) == key_of(j)) {
          record(i, j);
          break;
        }
      }
    }
    return;
  }
  std::vector<std::uint32_t> order(count);
  for (std::uint32_t i = 0; i < count; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return key_of(a) < key_of(b); });
  const std::size_t before = doc_.duplicates_.size();
  for (std::uint32_t g = 0; g < count;) {
    std::uint32_t h = g + 1;
    while (h < count && key_of(order[h]) == key_of(order[g])) record(order[g], order[h++]);
    g = h;
  }
  // Report in source order, as the pairwise path does.
  std::sort(doc_.duplicates_.begin() + static_cast<std::ptrdiff_t>(before), doc_.duplicates_.end(),
            [](const Document::DuplicateKey& a, const Document::DuplicateKey& b) { return a.duplicate < b.duplicate; });
}

bool Parser::scan_string(Document::StringRef& out) {
  const std::uint32_t start = pos_;
  std::uint32_t p = pos_ + 1;
  std::uint32_t run = p;  // start of the bytes not yet copied to the pool
  bool pooled = false;
  std::string& pool = doc_.pool_;
  const auto n = static_cast<std::uint32_t>(text_.size());
  while (true) {
    if (p >= n) {
      return fail(start, start + 1, "string is not closed: the file ends inside it",
                  "add the closing `\"`; the file may be truncated");
    }
    const auto c = static_cast<unsigned char>(text_[p]);
    if (c == '"') break;
    if (c == '\\') {
      if (!pooled) {
        pooled = true;
        out.offset = static_cast<std::uint32_t>(pool.size());
      }
      pool.append(text_.data() + run, p - run);
      if (p + 1 >= n) return fail(p, p + 1, "string is not closed: the file ends inside an escape");
      const char e = text_[p + 1];
      std::uint32_t next = p + 2;
      switch (e) {
        case '"': pool.push_back('"'); break;
        case '\\': pool.push_back('\\'); break;
        case '/': pool.push_back('/'); break;
        case 'b': pool.push_back('\b'); break;
        case 'f': pool.push_back('\f'); break;
        case 'n': pool.push_back('\n'); break;
        case 'r': pool.push_back('\r'); break;
        case 't': pool.push_back('\t'); break;
        case 'u': {
          const auto read_unit = [&](std::uint32_t at, unsigned& unit) {
            if (at + 4 > n) return false;
            unit = 0;
            for (std::uint32_t k = 0; k < 4; ++k) {
              const int h = hex_value(text_[at + k]);
              if (h < 0) return false;
              unit = unit * 16 + static_cast<unsigned>(h);
            }
            return true;
          };
          unsigned unit = 0;
          if (!read_unit(p + 2, unit)) {
            return fail(p, std::min(p + 6, n), "`\\u` must be followed by four hexadecimal digits");
          }
          next = p + 6;
          unsigned cp = unit;
          if (unit >= 0xDC00 && unit <= 0xDFFF) {
            return fail(p, next,
                        "unpaired UTF-16 surrogate: a low surrogate (\\uDC00-\\uDFFF) without a high one before it");
          }
          if (unit >= 0xD800 && unit <= 0xDBFF) {
            unsigned low = 0;
            if (next + 1 < n && text_[next] == '\\' && text_[next + 1] == 'u' && read_unit(next + 2, low) &&
                low >= 0xDC00 && low <= 0xDFFF) {
              cp = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
              next += 6;
            } else {
              return fail(p, next,
                          "unpaired UTF-16 surrogate: a high surrogate (\\uD800-\\uDBFF) must be followed by a low one "
                          "(\\uDC00-\\uDFFF)");
            }
          }
          append_utf8(pool, cp);
          break;
        }
        default: {
          const auto ec = static_cast<unsigned char>(e);
          std::string shown =
              (ec >= 0x20 && ec < 0x7F) ? fmt::format("`\\{}`", e) : fmt::format("`\\` followed by U+{:04X}", ec);
          std::string hint = "valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX";
          if (e == '\'') hint = "a single quote needs no escape inside a JSON string: write `'`";
          return fail(p, p + 2, fmt::format("invalid escape {} in a string", shown), std::move(hint));
        }
      }
      p = next;
      run = p;
      continue;
    }
    if (c < 0x20) {
      if (c == '\n' || c == '\r') {
        return fail(p, p + 1, "line break inside a string",
                    "close the string with `\"` before the end of the line, or write the line break as `\\n`");
      }
      if (c == 0) return fail(p, p + 1, "NUL byte inside a string", "write it as `\\u0000`");
      return fail(p, p + 1, fmt::format("unescaped control character U+{:04X} in a string", c),
                  fmt::format("write it as `{}`", escape_for(c)));
    }
    if (c >= 0x80) {
      unsigned cp = 0;
      const std::size_t length = utf8_sequence(text_, p, cp);
      if (length == 0) {
        return fail(p, p + 1, fmt::format("invalid UTF-8 byte 0x{:02X} in a string; JSON text must be UTF-8", c),
                    "save the file as UTF-8");
      }
      p += static_cast<std::uint32_t>(length);
      continue;
    }
    ++p;
  }
  if (pooled) {
    pool.append(text_.data() + run, p - run);
    out.length = static_cast<std::uint32_t>(pool.size()) - out.offset;
  } else {
    out.offset = start + 1;
    out.length = p - start - 1;
  }
  out.pooled = pooled;
  pos_ = p + 1;
  return true;
}

bool Parser::scan_number() {
  const std::uint32_t start = pos_;
  std::uint32_t end = pos_;
  // Take the whole run that could belong to a (mis)written number, so the error covers all of it.
  while (end < text_.size() &&
         (is_word_char(text_[end]) || text_[end] == '.' || text_[end] == '+' || text_[end] == '-')) {
    if ((text_[end] == '+' || text_[end] == '-') && end > start && text_[end - 1] != 'e' && text_[end - 1] != 'E')
      break;
    ++end;
  }
  const std::string_view token = text_.substr(start, end - start);
  std::size_t i = 0;
  const auto bad = [&](std::string message, std::string hint = {}) {
    return fail(start, end, std::move(message), std::move(hint));
  };
  if (token[i] == '-') ++i;
  if (i >= token.size() || !is_digit(token[i])) {
    if (token.substr(i) == "Infinity") return bad("Infinity is not a valid JSON number");
    return bad("`-` must be followed by a digit");
  }
  if (token[i] == '0' && i + 1 < token.size()) {
    if (is_digit(token[i + 1]))
      return bad("numbers cannot have leading zeros", "remove the leading zeros, or quote the value if it is a string");
    if (token[i + 1] == 'x' || token[i + 1] == 'X')
      return bad("hexadecimal numbers are not valid JSON", "write the number in decimal");
  }
  while (i < token.size() && is_digit(token[i])) ++i;
  if (i < token.size() && token[i] == '.') {
    ++i;
    if (i >= token.size() || !is_digit(token[i])) return bad("expected a digit after the decimal point");
    while (i < token.size() && is_digit(token[i])) ++i;
  }
  if (i < token.size() && (token[i] == 'e' || token[i] == 'E')) {
    ++i;
    if (i < token.size() && (token[i] == '+' || token[i] == '-')) ++i;
    if (i >= token.size() || !is_digit(token[i])) return bad("expected digits in the exponent");
    while (i < token.size() && is_digit(token[i])) ++i;
  }
  if (i != token.size())
    return bad("malformed number", "a JSON number is `-`, digits, an optional `.` fraction and an optional exponent");
  const NodeId id = add_node(Kind::number, start);
  doc_.nodes_[id].end = end;
  pos_ = end;
  finish_value(id);
  return true;
}

bool Parser::scan_word() {
  const std::uint32_t start = pos_;
  std::uint32_t end = pos_;
  while (end < text_.size() && is_word_char(text_[end])) ++end;
  const std::string_view word = text_.substr(start, end - start);
  Kind kind = Kind::null;
  bool value = false;
  if (word == "true") {
    kind = Kind::boolean;
    value = true;
  } else if (word == "false") {
    kind = Kind::boolean;
  } else if (word != "null") {
    const std::string lower = [&] {
      std::string s(word);
      for (char& c : s) c = static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
      return s;
    }();
    if (lower == "true" || lower == "false" || lower == "null") {
      return fail(start, end, fmt::format("JSON literals are lower case: write `{}`", lower));
    }
    if (word == "NaN" || word == "Infinity")
      return fail(start, end, fmt::format("{} is not a valid JSON number", word));
    if (word == "undefined") return fail(start, end, "`undefined` is not JSON", "use `null`, or leave the key out");
    return fail(start, end, "unexpected word: JSON strings must be in double quotes");
  }
  const NodeId id = add_node(kind, start);
  doc_.nodes_[id].end = end;
  doc_.nodes_[id].a = value ? 1 : 0;
  pos_ = end;
  finish_value(id);
  return true;
}

bool Parser::scan_value() {
  const char c = text_[pos_];
  switch (c) {
    case '{': return open_container(Kind::object);
    case '[': return open_container(Kind::array);
    case '"': {
      const std::uint32_t start = pos_;
      Document::StringRef ref;
      if (!scan_string(ref)) return false;
      const NodeId id = add_node(Kind::string, start);
      Document::Node& node = doc_.nodes_[id];
      node.end = pos_;
      node.a = ref.offset;
      node.b = ref.length;
      node.flags = ref.pooled ? Document::kPooled : 0;
      finish_value(id);
      return true;
    }
    case '\'': return fail(pos_, pos_ + 1, "strings must be in double quotes, not single quotes");
    case '+': return fail(pos_, pos_ + 1, "a JSON number cannot start with `+`", "remove the `+`");
    case '.': return fail(pos_, pos_ + 1, "a JSON number cannot start with `.`", "write a `0` before the `.`");
    default: break;
  }
  if (c == '-' || is_digit(c)) return scan_number();
  if (is_word_char(c)) return scan_word();
  return fail_unexpected(pos_, "a value");
}

bool Parser::run() {
  if (text_.size() > kMaxText) {
    errors_.push_back(Diagnostic{Range{}, "the file is too large (4 GiB or more)", {}});
    return false;
  }
  index_lines();
  reserve_arena();
  if (text_.substr(0, kUtf8Bom.size()) == kUtf8Bom) pos_ = static_cast<std::uint32_t>(kUtf8Bom.size());

  while (true) {
    skip_whitespace();
    if (pos_ >= text_.size()) {
      if (stack_.empty() && root_done_) return true;
      if (expect_ == Expect::colon) return fail(pos_, pos_, "unexpected end of file: expected `:` after the key");
      return fail_at_end();
    }
    const char c = text_[pos_];
    if (c == '/' && pos_ + 1 < text_.size() && (text_[pos_ + 1] == '/' || text_[pos_ + 1] == '*'))
      return fail_comment(pos_);

    switch (expect_) {
      case Expect::value:
      case Expect::value_or_close: {
        if (c == ']' && !stack_.empty() && !stack_.back().object) {
          if (expect_ == Expect::value_or_close) {
            close_container();
            break;
          }
          return fail(last_comma_, last_comma_ + 1, "trailing comma before `]`", "remove the comma");
        }
        if (c == ',' && expect_ == Expect::value && !stack_.empty()) {
          return fail(pos_, pos_ + 1, "expected a value before `,`", "remove the extra comma");
        }
        if (c == '}' || c == ']' || c == ',' || c == ':') {
          const bool after_colon = !stack_.empty() && stack_.back().object;
          return fail_unexpected(pos_, after_colon ? "a value after `:`" : "a value");
        }
        if (!scan_value()) return false;
        break;
      }
      case Expect::key_or_close:
      case Expect::key: {
        if (c == '}') {
          if (expect_ == Expect::key_or_close) {
            close_container();
            break;
          }
          return fail(last_comma_, last_comma_ + 1, "trailing comma before `}`", "remove the comma");
        }
        if (c == '"') {
          Frame& frame = stack_.back();
          frame.key.key_begin = pos_;
          if (!scan_string(frame.key.key)) return false;
          stack_.back().key.key_end = pos_;
          expect_ = Expect::colon;
          break;
        }
        if (c == '\'') return fail(pos_, pos_ + 1, "object keys must be in double quotes, not single quotes");
        if (is_word_char(c)) {
          std::uint32_t end = pos_;
          while (end < text_.size() && is_word_char(text_[end])) ++end;
          return fail(pos_, end, "object keys must be strings in double quotes");
        }
        return fail_unexpected(pos_,
                               expect_ == Expect::key ? "a key in double quotes" : "a key in double quotes or `}`");
      }
      case Expect::colon: {
        if (c != ':') return fail_unexpected(pos_, "`:` after the key");
        ++pos_;
        expect_ = Expect::value;
        break;
      }
      case Expect::after_value: {
        if (stack_.empty()) {
          return fail_unexpected(pos_, "the end of the file: a JSON file holds exactly one value");
        }
        const Frame& frame = stack_.back();
        const char close = frame.object ? '}' : ']';
        if (c == ',') {
          last_comma_ = pos_++;
          expect_ = frame.object ? Expect::key : Expect::value;
          break;
        }
        if (c == close) {
          close_container();
          break;
        }
        const Position open = doc_.position(doc_.nodes_[frame.node].begin);
        if (c == '}' || c == ']') {
          return fail(pos_, pos_ + 1, fmt::format("expected `,` or `{}`, found `{}`", close, c),
                      fmt::format("the `{}` at line {}, column {} is closed by the wrong bracket",
                                  frame.object ? '{' : '[', open.line, open.column));
        }
        if (c == '"' || c == '{' || c == '[' || c == '-' || is_word_char(c)) {
          return fail(pos_, pos_ + 1, fmt::format("expected `,` or `{}`: a comma is missing before this", close),
                      frame.object ? "separate members with `,`" : "separate elements with `,`");
        }
        return fail_unexpected(pos_, fmt::format("`,` or `{}`", close));
      }
    }
  }
}

ParseResult parse(std::string_view text, const ParseOptions& options) {
  ParseResult result;
  Parser parser(text, options, result.document, result.errors);
  if (!parser.run()) result.document = Document();
  return result;
}

}  // namespace shipshape::json
