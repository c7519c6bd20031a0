#include "parsers/dockerfile/instruction.h"

#include <algorithm>
#include <array>

#include "parsers/dockerfile/heredoc_marker.h"
#include "parsers/text.h"

namespace shipshape::dockerfile {

namespace {

struct KeywordEntry {
  std::string_view keyword;
  InstructionKind kind;
};

constexpr std::array<KeywordEntry, 18> keyword_table{{
    {"ADD", InstructionKind::add},
    {"ARG", InstructionKind::arg},
    {"CMD", InstructionKind::cmd},
    {"COPY", InstructionKind::copy},
    {"ENTRYPOINT", InstructionKind::entrypoint},
    {"ENV", InstructionKind::env},
    {"EXPOSE", InstructionKind::expose},
    {"FROM", InstructionKind::from},
    {"HEALTHCHECK", InstructionKind::healthcheck},
    {"LABEL", InstructionKind::label},
    {"MAINTAINER", InstructionKind::maintainer},
    {"ONBUILD", InstructionKind::onbuild},
    {"RUN", InstructionKind::run},
    {"SHELL", InstructionKind::shell},
    {"STOPSIGNAL", InstructionKind::stopsignal},
    {"USER", InstructionKind::user},
    {"VOLUME", InstructionKind::volume},
    {"WORKDIR", InstructionKind::workdir},
}};

}  // namespace

std::string_view keyword_of(InstructionKind kind) {
  for (const auto& entry : keyword_table) {
    if (entry.kind == kind) return entry.keyword;
  }
  return {};
}

InstructionKind kind_of_keyword(std::string_view keyword) {
  for (const auto& entry : keyword_table) {
    if (text::iequals(entry.keyword, keyword)) return entry.kind;
  }
  return InstructionKind::unknown;
}

const std::vector<std::string_view>& instruction_keywords() {
  static const std::vector<std::string_view> keywords = [] {
    std::vector<std::string_view> out;
    for (const auto& entry : keyword_table) out.push_back(entry.keyword);
    return out;
  }();
  return keywords;
}

bool substitutes_variables(InstructionKind kind) {
  switch (kind) {
    case InstructionKind::add:
    case InstructionKind::copy:
    case InstructionKind::env:
    case InstructionKind::expose:
    case InstructionKind::from:
    case InstructionKind::label:
    case InstructionKind::stopsignal:
    case InstructionKind::user:
    case InstructionKind::volume:
    case InstructionKind::workdir:
      return true;
    default:
      return false;
  }
}

// ---- LogicalLine ----

void LogicalLine::append(std::string_view source_text, std::uint32_t source_begin, std::uint32_t length,
                         std::uint32_t line, std::uint32_t line_start) {
  if (length == 0) return;
  segments_.push_back({static_cast<std::uint32_t>(text_.size()), source_begin, length, line, line_start});
  text_.append(source_text.substr(source_begin, length));
}

std::size_t LogicalLine::segment_at(std::uint32_t logical) const {
  // The last segment starting at or before `logical`.
  const auto it = std::upper_bound(segments_.begin(), segments_.end(), logical,
                                   [](std::uint32_t value, const Segment& s) { return value < s.logical; });
  return it == segments_.begin() ? 0 : static_cast<std::size_t>(it - segments_.begin() - 1);
}

std::uint32_t LogicalLine::source_offset(std::uint32_t logical) const {
  if (segments_.empty()) return 0;
  if (logical >= text_.size()) {
    const Segment& last = segments_.back();
    return last.source + last.length;
  }
  const Segment& s = segments_[segment_at(logical)];
  return s.source + (logical - s.logical);
}

Position LogicalLine::position(std::uint32_t logical, bool after) const {
  // Every segment lies within one source line, so line and column come from the segment.
  if (segments_.empty()) return {};
  const Segment* s = nullptr;
  std::uint32_t offset = 0;
  if (logical >= text_.size()) {
    s = &segments_.back();
    offset = s->source + s->length;
  } else {
    s = &segments_[segment_at(logical)];
    offset = s->source + (logical - s->logical) + (after ? 1 : 0);
  }
  return {offset, s->line, offset - s->line_start + 1};
}

Range LogicalLine::range(const SourceFile& source, std::uint32_t begin, std::uint32_t end) const {
  if (segments_.empty()) return source.range(0, 0);
  if (begin >= end) {
    const Position at = position(begin, false);
    return {at, at};
  }
  return {position(begin, false), position(end - 1, true)};
}

std::vector<SourcePiece> LogicalLine::pieces(std::uint32_t begin, std::uint32_t end) const {
  std::vector<SourcePiece> out;
  if (begin >= end || segments_.empty()) return out;
  for (std::size_t i = segment_at(begin); i < segments_.size(); ++i) {
    const Segment& s = segments_[i];
    if (s.logical >= end) break;
    const std::uint32_t from = std::max(begin, s.logical);
    const std::uint32_t to = std::min(end, s.logical + s.length);
    if (from < to) out.push_back({s.source + (from - s.logical), s.source + (to - s.logical)});
  }
  return out;
}

// ---- Mount ----

namespace {

// BuildKit's aliases for mount keys.
std::string_view canonical_mount_key(std::string_view key) {
  if (key == "dst" || key == "destination" || key == "dest") return "target";
  if (key == "src") return "source";
  if (key == "ro") return "readonly";
  if (key == "rw") return "readwrite";
  return key;
}

}  // namespace

const Mount::Field* Mount::field(std::string_view key) const {
  const std::string_view wanted = canonical_mount_key(key);
  const Field* found = nullptr;
  for (const Field& f : fields) {
    if (canonical_mount_key(f.key) == wanted) found = &f;
  }
  return found;
}

std::string_view Mount::value(std::string_view key) const {
  const Field* f = field(key);
  return f ? std::string_view(f->value) : std::string_view();
}

// ---- Heredoc ----

std::string Heredoc::text() const {
  if (!chomp) return content;
  // ChompHeredocContent: leading tabs of every line go.
  std::string out;
  out.reserve(content.size());
  bool line_start = true;
  for (const char c : content) {
    if (line_start && c == '\t') continue;
    line_start = c == '\n';
    out.push_back(c);
  }
  return out;
}

// ---- Instruction ----

const Flag* Instruction::flag(std::string_view name) const {
  const Flag* found = nullptr;
  for (const Flag& f : flags) {
    if (f.name == name) found = &f;
  }
  return found;
}

std::vector<const Flag*> Instruction::flags_named(std::string_view name) const {
  std::vector<const Flag*> out;
  for (const Flag& f : flags) {
    if (f.name == name) out.push_back(&f);
  }
  return out;
}

std::string_view Instruction::flag_value(std::string_view name) const {
  const Flag* f = flag(name);
  return (f && f->value) ? std::string_view(*f->value) : std::string_view();
}

const Word* Instruction::from_image() const {
  return (kind == InstructionKind::from && !arguments.empty()) ? &arguments[0] : nullptr;
}

const Word* Instruction::from_as_keyword() const {
  return (kind == InstructionKind::from && arguments.size() == 3) ? &arguments[1] : nullptr;
}

const Word* Instruction::from_stage_name() const {
  return (kind == InstructionKind::from && arguments.size() == 3) ? &arguments[2] : nullptr;
}

const Word* Instruction::destination() const {
  if ((kind != InstructionKind::copy && kind != InstructionKind::add) || arguments.size() < 2) return nullptr;
  return &arguments.back();
}

std::vector<const Word*> Instruction::sources() const {
  std::vector<const Word*> out;
  if ((kind != InstructionKind::copy && kind != InstructionKind::add) || arguments.size() < 2) return out;
  for (std::size_t i = 0; i + 1 < arguments.size(); ++i) out.push_back(&arguments[i]);
  return out;
}

const Heredoc* Instruction::heredoc_source(const Word& source) const {
  detail::HeredocMarker marker;
  if (detail::parse_heredoc_marker(source.text, marker) != detail::MarkerStatus::heredoc) return nullptr;
  // BuildKit looks heredocs up by name; with duplicate names the last one wins.
  const Heredoc* found = nullptr;
  for (const Heredoc& h : heredocs) {
    if (h.name == marker.name) found = &h;
  }
  return found;
}

const Word* Instruction::single_argument() const {
  const bool single = kind == InstructionKind::user || kind == InstructionKind::workdir ||
                      kind == InstructionKind::maintainer || kind == InstructionKind::stopsignal;
  return (single && !arguments.empty()) ? &arguments[0] : nullptr;
}

const Word* Instruction::healthcheck_type() const {
  return (kind == InstructionKind::healthcheck && !arguments.empty()) ? &arguments[0] : nullptr;
}

}  // namespace shipshape::dockerfile
