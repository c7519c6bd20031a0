#include "parsers/dockerfile/go_compat.h"

#include <limits>

namespace shipshape::dockerfile::go {

Rune decode_rune(std::string_view s, std::size_t pos) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(pos);
  if (lead < 0x80) return {lead, 1};
  std::uint32_t length = 0;
  char32_t min = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    min = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    min = 0x10000;
  } else {
    return {replacement_rune, 1};
  }
  if (pos + length > s.size()) return {replacement_rune, 1};
  char32_t value = lead & (0x7F >> length);
  for (std::uint32_t k = 1; k < length; ++k) {
    const unsigned char b = byte(pos + k);
    if ((b & 0xC0) != 0x80) return {replacement_rune, 1};
    value = (value << 6) | (b & 0x3F);
  }
  if (value < min || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return {replacement_rune, 1};
  return {value, length};
}

void append_rune(std::string& out, char32_t rune) {
  if (rune > 0x10FFFF || (rune >= 0xD800 && rune <= 0xDFFF)) rune = replacement_rune;
  if (rune < 0x80) {
    out.push_back(static_cast<char>(rune));
  } else if (rune < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (rune >> 6)));
    out.push_back(static_cast<char>(0x80 | (rune & 0x3F)));
  } else if (rune < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (rune >> 12)));
    out.push_back(static_cast<char>(0x80 | ((rune >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (rune & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (rune >> 18)));
    out.push_back(static_cast<char>(0x80 | ((rune >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((rune >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (rune & 0x3F)));
  }
}

bool is_space(char32_t r) {
  if (r < 0x100) return r == ' ' || (r >= '\t' && r <= '\r') || r == 0x85 || r == 0xA0;
  return r == 0x1680 || (r >= 0x2000 && r <= 0x200A) || r == 0x2028 || r == 0x2029 || r == 0x202F ||
         r == 0x205F || r == 0x3000;
}

std::size_t leading_space(std::string_view s) {
  std::size_t pos = 0;
  while (pos < s.size()) {
    const Rune r = decode_rune(s, pos);
    if (!is_space(r.value)) break;
    pos += r.width;
  }
  return pos;
}

Span trim_space(std::string_view s) {
  const std::size_t begin = leading_space(s);
  std::size_t end = s.size();
  // Walk back over whole runes: find the start of the last rune, test it, repeat.
  while (end > begin) {
    std::size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80 && end - start < 4) --start;
    const Rune r = decode_rune(s, start);
    if (start + r.width != end) {
      // The bytes before `end` are not one valid rune: Go reads the last byte as RuneError, not a space.
      break;
    }
    if (!is_space(r.value)) break;
    end = start;
  }
  return {begin, end};
}

namespace {

std::string quoted(std::string_view s) {
  std::string out = "\"";
  out += s;
  out += '"';
  return out;
}

// Consumes a run of digits; false on overflow (more than 1<<63).
bool leading_int(std::string_view& s, std::uint64_t& value) {
  value = 0;
  std::size_t i = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    if (value > (std::uint64_t{1} << 63) / 10) return false;
    value = value * 10 + static_cast<std::uint64_t>(s[i] - '0');
    if (value > (std::uint64_t{1} << 63)) return false;
  }
  s.remove_prefix(i);
  return true;
}

void leading_fraction(std::string_view& s, std::uint64_t& value, double& scale) {
  value = 0;
  scale = 1;
  bool overflow = false;
  std::size_t i = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    if (overflow) continue;
    if (value > (std::uint64_t{1} << 63) / 10) {
      overflow = true;
      continue;
    }
    const std::uint64_t next = value * 10 + static_cast<std::uint64_t>(s[i] - '0');
    if (next > (std::uint64_t{1} << 63)) {
      overflow = true;
      continue;
    }
    value = next;
    scale *= 10;
  }
  s.remove_prefix(i);
}

std::optional<std::uint64_t> unit_nanoseconds(std::string_view unit) {
  if (unit == "ns") return 1;
  if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") return 1000;
  if (unit == "ms") return 1000000;
  if (unit == "s") return 1000000000;
  if (unit == "m") return 60ULL * 1000000000;
  if (unit == "h") return 3600ULL * 1000000000;
  return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> parse_duration(std::string_view text, std::string& error) {
  const std::string_view original = text;
  const auto invalid = [&] {
    error = "time: invalid duration " + quoted(original);
    return std::nullopt;
  };
  constexpr std::uint64_t limit = std::uint64_t{1} << 63;
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text == "0") return 0;
  if (text.empty()) return invalid();
  std::uint64_t total = 0;
  while (!text.empty()) {
    if (!(text[0] == '.' || (text[0] >= '0' && text[0] <= '9'))) return invalid();
    const std::size_t before = text.size();
    std::uint64_t whole = 0;
    if (!leading_int(text, whole)) return invalid();
    const bool digits_before = before != text.size();
    bool digits_after = false;
    std::uint64_t fraction = 0;
    double scale = 1;
    if (!text.empty() && text[0] == '.') {
      text.remove_prefix(1);
      const std::size_t at = text.size();
      leading_fraction(text, fraction, scale);
      digits_after = at != text.size();
    }
    if (!digits_before && !digits_after) return invalid();
    std::size_t i = 0;
    while (i < text.size() && !(text[i] == '.' || (text[i] >= '0' && text[i] <= '9'))) ++i;
    if (i == 0) {
      error = "time: missing unit in duration " + quoted(original);
      return std::nullopt;
    }
    const std::string_view unit_text = text.substr(0, i);
    text.remove_prefix(i);
    const auto unit = unit_nanoseconds(unit_text);
    if (!unit) {
      error = "time: unknown unit " + quoted(unit_text) + " in duration " + quoted(original);
      return std::nullopt;
    }
    if (whole > limit / *unit) return invalid();
    whole *= *unit;
    if (fraction > 0) {
      whole += static_cast<std::uint64_t>(static_cast<double>(fraction) * (static_cast<double>(*unit) / scale));
      if (whole > limit) return invalid();
    }
    total += whole;
    if (total > limit) return invalid();
  }
  if (negative) return static_cast<std::int64_t>(0 - total);
  if (total > limit - 1) return invalid();
  return static_cast<std::int64_t>(total);
}

std::optional<std::int64_t> parse_int(std::string_view text, int bits, std::string& error) {
  const std::string prefix = "strconv.ParseInt: parsing " + quoted(text) + ": ";
  std::string_view digits = text;
  bool negative = false;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  if (digits.empty()) {
    error = prefix + "invalid syntax";
    return std::nullopt;
  }
  const std::uint64_t cutoff = std::uint64_t{1} << (bits - 1);
  std::uint64_t value = 0;
  bool overflow = false;
  for (const char c : digits) {
    if (c < '0' || c > '9') {
      error = prefix + "invalid syntax";
      return std::nullopt;
    }
    if (overflow) continue;
    if (value > (std::numeric_limits<std::uint64_t>::max() - 9) / 10) {
      overflow = true;
      continue;
    }
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
    if (value > cutoff) overflow = true;
  }
  if (overflow || (!negative && value >= cutoff)) {
    error = prefix + "value out of range";
    return std::nullopt;
  }
  return negative ? -static_cast<std::int64_t>(value) : static_cast<std::int64_t>(value);
}

}  // namespace shipshape::dockerfile::go
