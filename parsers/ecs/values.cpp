#include "parsers/ecs/values.h"

#include "parsers/text.h"

namespace shipshape::ecs {

namespace {

// Length of the placeholder that starts at text[i], or 0 when none starts there.
std::size_t placeholder_at(std::string_view text, std::size_t i) {
  const std::string_view rest = text.substr(i);
  if (rest.starts_with("${")) {
    const std::size_t close = rest.find('}', 2);
    return close == std::string_view::npos || close == 2 ? 0 : close + 1;
  }
  if (rest.starts_with("{{")) {
    const std::size_t close = rest.find("}}", 2);
    return close == std::string_view::npos || close == 2 ? 0 : close + 2;
  }
  if (rest.starts_with("$$$")) {
    std::size_t open = 0;
    while (open < rest.size() && rest[open] == '$') ++open;
    std::size_t name_end = open;
    while (name_end < rest.size() && rest[name_end] != '$') ++name_end;
    if (name_end == open || name_end >= rest.size()) return 0;
    std::size_t close = name_end;
    while (close < rest.size() && rest[close] == '$') ++close;
    return close - name_end >= 3 ? close : 0;
  }
  return 0;
}

// A decimal number ("12", "0.25", ".5") followed by an optional unit, scaled by `scale` when the unit is
// present. Integer arithmetic keeps "0.25 vCPU" exact.
std::optional<std::int64_t> parse_scaled(std::string_view text, std::string_view unit, std::int64_t scale) {
  text = text::trim(text);
  std::size_t i = 0;
  std::int64_t whole = 0;
  std::int64_t fraction = 0;
  std::int64_t fraction_scale = 1;
  bool digits = false;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    if (whole > 1'000'000'000) return std::nullopt;
    whole = whole * 10 + (text[i++] - '0');
    digits = true;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (fraction_scale >= 1'000'000) return std::nullopt;
      fraction = fraction * 10 + (text[i++] - '0');
      fraction_scale *= 10;
      digits = true;
    }
  }
  if (!digits) return std::nullopt;
  const std::string_view suffix = text::trim(text.substr(i));
  std::int64_t multiplier = 1;
  if (!suffix.empty()) {
    if (!text::iequals(suffix, unit)) return std::nullopt;
    multiplier = scale;
  }
  const std::int64_t scaled = (whole * fraction_scale + fraction) * multiplier;
  if (scaled % fraction_scale != 0) return std::nullopt;
  const std::int64_t value = scaled / fraction_scale;
  if (value <= 0) return std::nullopt;
  return value;
}

}  // namespace

Placeholder find_placeholder(std::string_view text) {
  const std::string_view trimmed = text::trim(text);
  for (std::size_t i = 0; i < trimmed.size(); ++i) {
    if (trimmed[i] != '$' && trimmed[i] != '{') continue;
    const std::size_t length = placeholder_at(trimmed, i);
    if (length == 0) continue;
    return (i == 0 && length == trimmed.size()) ? Placeholder::whole : Placeholder::partial;
  }
  return Placeholder::none;
}

std::optional<std::int64_t> parse_task_cpu(std::string_view text) { return parse_scaled(text, "vcpu", 1024); }

std::optional<std::int64_t> parse_task_memory(std::string_view text) { return parse_scaled(text, "gb", 1024); }

}  // namespace shipshape::ecs
