// Static values of shell words, and the small string conversions of script.h.

#include <fmt/format.h>

#include "parsers/shell/script.h"

namespace shipshape::shell {

namespace {

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// `$` followed by this character starts an expansion; otherwise the `$` is literal.
bool starts_expansion(char c) {
  return is_name_start(c) || is_digit(c) || c == '{' || c == '(' || c == '[' || c == '@' || c == '*' ||
         c == '#' || c == '?' || c == '$' || c == '!' || c == '-';
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes the body of $'...' starting at text[i] (just after the opening quote); returns the index just
// after the closing quote (or the end of the text when it is unterminated).
std::size_t decode_ansi_c(std::string_view text, std::size_t i, std::string& out) {
  const std::size_t n = text.size();
  while (i < n) {
    const char c = text[i];
    if (c == '\'') return i + 1;
    if (c != '\\' || i + 1 >= n) {
      out += c;
      ++i;
      continue;
    }
    const char e = text[i + 1];
    i += 2;
    switch (e) {
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'e':
      case 'E': out += '\x1B'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case '\\': out += '\\'; break;
      case '\'': out += '\''; break;
      case '"': out += '"'; break;
      case '?': out += '?'; break;
      case 'c':
        if (i < n) out += static_cast<char>(text[i++] & 0x1F);
        break;
      case 'x':
      case 'u':
      case 'U': {
        const std::size_t max_digits = e == 'x' ? 2 : (e == 'u' ? 4 : 8);
        std::uint32_t value = 0;
        std::size_t digits = 0;
        while (digits < max_digits && i < n && hex_digit(text[i]) >= 0) {
          value = value * 16 + static_cast<std::uint32_t>(hex_digit(text[i]));
          ++i;
          ++digits;
        }
        if (digits == 0) {
          out += '\\';
          out += e;
        } else if (e == 'x') {
          out += static_cast<char>(value);
        } else {
          append_utf8(out, value);
        }
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          std::uint32_t value = static_cast<std::uint32_t>(e - '0');
          for (int k = 0; k < 2 && i < n && text[i] >= '0' && text[i] <= '7'; ++k) {
            value = value * 8 + static_cast<std::uint32_t>(text[i++] - '0');
          }
          out += static_cast<char>(value & 0xFF);
        } else {
          out += '\\';
          out += e;
        }
    }
  }
  return n;
}

}  // namespace

std::optional<std::string> static_value(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const std::size_t n = text.size();
  std::size_t i = 0;
  bool in_double_quotes = false;
  while (i < n) {
    const char c = text[i];
    if (c == '`') return std::nullopt;
    if (c == '$' && i + 1 < n && starts_expansion(text[i + 1])) return std::nullopt;
    if (in_double_quotes) {
      if (c == '"') {
        in_double_quotes = false;
        ++i;
      } else if (c == '\\' && i + 1 < n &&
                 (text[i + 1] == '$' || text[i + 1] == '`' || text[i + 1] == '"' || text[i + 1] == '\\' ||
                  text[i + 1] == '\n')) {
        if (text[i + 1] != '\n') out += text[i + 1];
        i += 2;
      } else {
        out += c;
        ++i;
      }
      continue;
    }
    // An unquoted `<(...)` or `>(...)` is a process substitution: dynamic. Stopping here also keeps nested
    // substitutions (`cat <( <( ... ) )`, each level a word holding the rest) linear instead of quadratic.
    if ((c == '<' || c == '>') && i + 1 < n && text[i + 1] == '(') return std::nullopt;
    switch (c) {
      case '\\':
        if (i + 1 < n) {
          if (text[i + 1] != '\n') out += text[i + 1];
          i += 2;
        } else {
          out += c;
          ++i;
        }
        break;
      case '\'': {
        const std::size_t close = text.find('\'', i + 1);
        const std::size_t end = close == std::string_view::npos ? n : close;
        out.append(text.substr(i + 1, end - i - 1));
        i = close == std::string_view::npos ? n : close + 1;
        break;
      }
      case '"':
        in_double_quotes = true;
        ++i;
        break;
      case '$':
        if (i + 1 < n && text[i + 1] == '\'') {
          i = decode_ansi_c(text, i + 2, out);
        } else if (i + 1 < n && text[i + 1] == '"') {  // $"..." (locale translation) reads as "..."
          in_double_quotes = true;
          i += 2;
        } else {
          out += c;
          ++i;
        }
        break;
      default:
        out += c;
        ++i;
    }
  }
  return out;
}

std::string_view basename_of(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view to_string(Operator op) {
  switch (op) {
    case Operator::none: return "";
    case Operator::newline: return "\\n";
    case Operator::semicolon: return ";";
    case Operator::background: return "&";
    case Operator::and_if: return "&&";
    case Operator::or_if: return "||";
    case Operator::pipe: return "|";
    case Operator::pipe_both: return "|&";
    case Operator::case_end: return ";;";
  }
  return "";
}

std::string_view to_string(Wrapper wrapper) {
  switch (wrapper) {
    case Wrapper::sudo: return "sudo";
    case Wrapper::doas: return "doas";
    case Wrapper::env: return "env";
    case Wrapper::nice: return "nice";
    case Wrapper::nohup: return "nohup";
    case Wrapper::time: return "time";
    case Wrapper::command: return "command";
    case Wrapper::exec: return "exec";
    case Wrapper::xargs: return "xargs";
    case Wrapper::eatmydata: return "eatmydata";
    case Wrapper::chroot: return "chroot";
    case Wrapper::timeout: return "timeout";
    case Wrapper::stdbuf: return "stdbuf";
    case Wrapper::ionice: return "ionice";
    case Wrapper::setsid: return "setsid";
    case Wrapper::gosu: return "gosu";
    case Wrapper::su_exec: return "su-exec";
    case Wrapper::fakeroot: return "fakeroot";
    case Wrapper::tini: return "tini";
    case Wrapper::dumb_init: return "dumb-init";
  }
  return "";
}

std::string SyntaxError::message() const {
  switch (kind) {
    case Kind::missing: return fmt::format("missing `{}`", missing);
    case Kind::timed_out: return "the shell parse timed out";
    case Kind::no_grammar: return "the shell grammar could not be loaded";
    case Kind::unexpected: break;
  }
  const std::string_view shown = text.substr(0, text.find('\n'));
  if (shown.empty()) return "unexpected end of the script";
  constexpr std::size_t kMaxShown = 40;
  if (shown.size() > kMaxShown) return fmt::format("unexpected `{}...`", shown.substr(0, kMaxShown));
  return fmt::format("unexpected `{}`", shown);
}

}  // namespace shipshape::shell
