#include "rules/support/dockerfile_helpers.h"

#include <algorithm>
#include <unordered_map>

#include "parsers/text.h"
#include "rules/support/image_globs.h"

namespace shipshape::rules::dockerfile_support {

using dockerfile::Document;
using dockerfile::Instruction;
using dockerfile::InstructionKind;
using dockerfile::Stage;

namespace {

// A name component that stands in for an unknown part when the reference is parsed.
constexpr std::string_view kUnknownPart = "unknown";

struct WrittenParts {
  std::size_t first_slash = std::string::npos;  // the first top-level '/'
  std::size_t name_end = 0;                     // where the name ends (the tag's ':', the '@', or the end)
  std::size_t tag_begin = std::string::npos;    // after the ':'
  std::size_t tag_end = std::string::npos;
};

// Splits a reference written with variables at its top-level ':' (after the last top-level '/') and '@';
// `${A:-x}` hides its ':' and '/' inside the braces.
WrittenParts written_parts(std::string_view written) {
  std::size_t depth = 0, first_slash = std::string::npos, last_slash = 0, colon = std::string::npos,
              at = std::string::npos;
  for (std::size_t i = 0; i < written.size(); ++i) {
    const char c = written[i];
    if (c == '$' && i + 1 < written.size() && written[i + 1] == '{') {
      ++depth;
      ++i;
    } else if (c == '}' && depth > 0) {
      --depth;
    } else if (depth == 0 && c == '/') {
      if (first_slash == std::string::npos) first_slash = i;
      last_slash = i;
      colon = std::string::npos;
    } else if (depth == 0 && c == ':' && at == std::string::npos && i > last_slash) {
      colon = i;
    } else if (depth == 0 && c == '@' && at == std::string::npos) {
      at = i;
    }
  }
  WrittenParts parts;
  parts.first_slash = first_slash;
  const std::size_t end = at == std::string::npos ? written.size() : at;
  parts.name_end = colon == std::string::npos ? end : colon;
  if (colon != std::string::npos) {
    parts.tag_begin = colon + 1;
    parts.tag_end = end;
  }
  return parts;
}

// Fills the parsed reference, what the unknown parts may hide, and the part ranges of `site` (whose `written`,
// `range` and `literal` are set).
void locate_parts(ImageSite& site, const SourceFile& source, const dockerfile::Expansion& expansion) {
  // The expanded text with the unknown spans replaced, remembering where they were.
  std::string neutral;
  std::size_t last_unknown_end = 0;   // in `neutral`
  std::size_t first_unknown_begin = std::string::npos;
  std::size_t at = 0;
  for (const auto& [begin, end] : expansion.unknown_spans) {
    neutral.append(expansion.text, at, begin - at);
    if (first_unknown_begin == std::string::npos) first_unknown_begin = neutral.size();
    neutral += kUnknownPart;
    last_unknown_end = neutral.size();
    at = end;
  }
  neutral.append(expansion.text, std::min(at, expansion.text.size()));
  site.reference = parse_image_reference(neutral);
  if (!expansion.unknown_spans.empty()) {
    const std::size_t last_slash = neutral.rfind('/');
    site.tag_known = last_slash != std::string::npos && last_slash >= last_unknown_end;
    // The registry is the first component when a '/' follows it, else Docker Hub: it is known when the text before
    // the first unknown part holds a '/' (`ghcr.io/${NAME}`), or when that text already ended the name with ':' or
    // '@' and no '/' follows (`alpine:${TAG}`, but not `localhost:${PORT}/app`).
    const std::string_view before_unknown = std::string_view(neutral).substr(0, first_unknown_begin);
    const bool slash_after = neutral.find('/', first_unknown_begin) != std::string::npos;
    site.registry_known = before_unknown.find('/') != std::string_view::npos ||
                          (before_unknown.find_first_of(":@") != std::string_view::npos && !slash_after);
  }
  // Part ranges: exact when the written word is the literal reference.
  site.name_range = site.registry_range = site.range;
  site.tag_range = Range{site.range.end, site.range.end};
  if (!site.reference.valid) return;
  const auto sub = [&](std::size_t begin, std::size_t end) {
    return source.range(site.range.begin.offset + static_cast<std::uint32_t>(begin),
                        site.range.begin.offset + static_cast<std::uint32_t>(end));
  };
  if (!site.literal) {
    // `${REGISTRY}/app:${TAG}`: the parts as written, split where the reference's own ':' and '@' are.
    if (source.slice(site.range) != site.written) return;
    const WrittenParts parts = written_parts(site.written);
    site.name_range = site.registry_range = sub(0, parts.name_end);
    if (site.reference.registry_explicit && parts.first_slash < parts.name_end) {
      site.registry_range = sub(0, parts.first_slash);
    }
    if (parts.tag_begin != std::string::npos) site.tag_range = sub(parts.tag_begin, parts.tag_end);
    else site.tag_range = sub(parts.name_end, parts.name_end);
    return;
  }
  const ImageReference& ref = site.reference;
  site.name_range = sub(ref.name_span.begin, ref.name_span.end);
  site.registry_range = site.name_range;
  if (ref.registry_explicit) {
    const std::size_t slash = site.written.find('/', ref.name_span.begin);
    if (slash != std::string::npos) site.registry_range = sub(ref.name_span.begin, slash);
  }
  site.tag_range = ref.tag_span.present() ? sub(ref.tag_span.begin, ref.tag_span.end)
                                          : sub(ref.name_span.end, ref.name_span.end);
}

bool word_is_literal(const SourceFile& source, std::string_view text, const Range& range) {
  return source.slice(range) == text;
}

// A COPY --from / --mount from= value that reads as an image reference rather than a stage or context name.
bool looks_like_image(std::string_view value) { return value.find_first_of("/:@") != std::string_view::npos; }

void add_flag_site(std::vector<ImageSite>& sites, const Document& document, const Instruction& inst,
                   ImageSiteKind kind, std::string_view value, const Range& value_range) {
  if (value.empty()) return;
  const dockerfile::Expansion expansion = document.expand(value, inst);
  if (!expansion.ok()) return;
  if (expansion.known && document.find_stage(expansion.text) != nullptr) return;
  if (!looks_like_image(expansion.text)) return;
  ImageSite site;
  site.kind = kind;
  site.instruction = &inst;
  site.written = std::string(value);
  site.expanded = expansion.text;
  site.known = expansion.known;
  site.range = value_range;
  site.literal = expansion.referenced.empty() && word_is_literal(document.source(), value, value_range);
  locate_parts(site, document.source(), expansion);
  sites.push_back(std::move(site));
}

void add_instruction_sites(std::vector<ImageSite>& sites, const Document& document, const Instruction& inst) {
  if (inst.is(InstructionKind::copy)) {
    if (const dockerfile::Flag* from = inst.flag("from"); from && from->value) {
      add_flag_site(sites, document, inst, ImageSiteKind::copy_from, *from->value, from->value_range);
    }
  } else if (inst.is(InstructionKind::run)) {
    for (const dockerfile::Mount& mount : inst.mounts) {
      const dockerfile::Mount::Field* from = mount.field("from");
      if (from == nullptr || !from->has_value) continue;
      add_flag_site(sites, document, inst, ImageSiteKind::mount_from, from->value, from->value_range);
    }
  }
}

}  // namespace

std::vector<ImageSite> image_sites(const Document& document) {
  std::vector<ImageSite> sites;
  const SourceFile& source = document.source();
  std::size_t next_stage = 0;
  for (const Instruction& inst : document.instructions()) {
    if (inst.is(InstructionKind::from)) {
      // Stages are in FROM order.
      const Stage* stage = next_stage < document.stages().size() ? &document.stages()[next_stage] : nullptr;
      ++next_stage;
      if (stage == nullptr || stage->base_word == nullptr || stage->scratch || stage->parent) continue;
      if (!stage->base.ok()) continue;
      ImageSite site;
      site.kind = ImageSiteKind::from;
      site.instruction = &inst;
      site.written = stage->base_word->text;
      site.expanded = stage->base.text;
      site.known = stage->base.known;
      site.range = stage->base_word->range;
      site.literal = stage->base.referenced.empty() && word_is_literal(source, site.written, site.range);
      locate_parts(site, source, stage->base);
      sites.push_back(std::move(site));
      continue;
    }
    add_instruction_sites(sites, document, inst);
    if (inst.trigger) add_instruction_sites(sites, document, *inst.trigger);
  }
  return sites;
}

std::string display_name(const ImageSite& site) {
  if (!site.reference.valid || !site.known) return site.expanded;
  std::string out = site.reference.familiar_name();
  if (site.reference.has_tag()) out += ":" + site.reference.tag;
  if (site.reference.has_digest()) out += "@" + site.reference.digest;
  return out;
}

std::string describe_image(const ImageSite& site) {
  const std::string name = display_name(site);
  const std::string written = site.written == name ? std::string() : fmt::format(" (written `{}`)", site.written);
  switch (site.kind) {
    case ImageSiteKind::from: return fmt::format("base image `{}`{}", name, written);
    case ImageSiteKind::copy_from: return fmt::format("image `{}`{} of COPY --from", name, written);
    case ImageSiteKind::mount_from: return fmt::format("image `{}`{} of RUN --mount", name, written);
  }
  return name;
}

bool image_matches(const ImageReference& reference, const std::vector<std::string>& patterns) {
  if (!reference.valid) return false;
  const std::string tag = reference.has_tag() ? ":" + reference.tag : std::string();
  return image_globs::accepts(patterns, {reference.familiar_name() + tag, reference.full_name() + tag});
}

// ---- stages and RUN instructions ---------------------------------------------------------------------------

std::vector<const Stage*> shipped_stages(const Document& document) {
  if (document.stages().empty()) return {};
  return document.chain(document.final_stage());
}

namespace {

void add_runs_of(const Document& document, const Stage& stage, std::vector<const Instruction*>& out) {
  for (const Instruction& inst : document.instructions_of(stage)) {
    if (inst.is(InstructionKind::run)) out.push_back(&inst);
    if (inst.trigger && inst.trigger->is(InstructionKind::run)) out.push_back(inst.trigger.get());
  }
}

}  // namespace

std::vector<const Instruction*> shipped_runs(const Document& document) {
  std::vector<const Stage*> stages = shipped_stages(document);
  std::sort(stages.begin(), stages.end(), [](const Stage* a, const Stage* b) { return a->index < b->index; });
  std::vector<const Instruction*> out;
  for (const Stage* stage : stages) add_runs_of(document, *stage, out);
  return out;
}

std::vector<const Instruction*> all_runs(const Document& document) {
  std::vector<const Instruction*> out;
  for (const Stage& stage : document.stages()) add_runs_of(document, stage, out);
  return out;
}

std::vector<const dockerfile::Flag*> flags_set_to(const Document& document, const Instruction& run,
                                                  std::string_view name, std::string_view value) {
  std::vector<const dockerfile::Flag*> out;
  for (const dockerfile::Flag* flag : run.flags_named(name)) {
    if (!flag->value) continue;
    const dockerfile::Expansion expanded = document.expand(*flag->value, run);
    if (expanded.ok() && expanded.known && expanded.text == value) out.push_back(flag);
  }
  return out;
}

std::string clean_path(std::string_view path) {
  const bool absolute = !path.empty() && path.front() == '/';
  std::vector<std::string_view> parts;
  for (const std::string_view part : text::split(path, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") {
        parts.pop_back();
      } else if (!absolute) {
        parts.push_back(part);
      }
      continue;
    }
    parts.push_back(part);
  }
  if (parts.empty()) return absolute ? "/" : ".";
  std::string out;
  for (const std::string_view part : parts) {
    if (absolute || !out.empty()) out += '/';
    out.append(part);
  }
  return out;
}

bool removal_covers(std::string_view removed, std::string_view directory) {
  const std::size_t slash = removed.rfind('/');
  if (removed.find_first_of("*?[") == std::string_view::npos || slash == std::string_view::npos) {
    return path_within(directory, removed);
  }
  const std::string_view parent = slash == 0 ? std::string_view("/") : removed.substr(0, slash);
  const std::string_view pattern = removed.substr(slash + 1);
  if (parent.find_first_of("*?[") != std::string_view::npos) return false;
  // A glob over the directory's own entries empties it (what `rm /var/lib/apt/lists/*_*` is written for).
  if (directory == parent) return true;
  if (!path_within(directory, parent)) return false;
  // Otherwise the glob must match the entry of `parent` that holds the directory.
  const std::string_view below = directory.substr(parent == "/" ? 1 : parent.size() + 1);
  return text::glob_match(pattern, below.substr(0, below.find('/')));
}

bool path_within(std::string_view path, std::string_view directory) {
  if (directory == "/") return !path.empty() && path.front() == '/';
  if (path.size() < directory.size() || path.substr(0, directory.size()) != directory) return false;
  return path.size() == directory.size() || path[directory.size()] == '/';
}

std::vector<std::string> cache_mount_targets(const Document& document, const Instruction& run) {
  std::vector<std::string> targets;
  for (const dockerfile::Mount& mount : run.mounts) {
    if (mount.type != "cache" && mount.type != "tmpfs") continue;
    const std::string_view written = mount.value("target");
    if (written.empty()) continue;
    const dockerfile::Expansion target = document.expand(written, run);
    if (!target.ok() || !target.known || target.text.empty()) continue;
    if (target.text.front() == '/') {
      targets.push_back(clean_path(target.text));
      continue;
    }
    const dockerfile::Setting workdir = document.workdir(run);
    if (!workdir.known) continue;
    targets.push_back(clean_path(workdir.value + "/" + target.text));
  }
  return targets;
}

// ---- users ---------------------------------------------------------------------------------------------------

bool is_root_user(std::string_view user, bool windows) {
  const std::string_view name = user.substr(0, user.find(':'));
  if (name == "root") return true;
  if (!name.empty() && name.find_first_not_of('0') == std::string_view::npos) return true;
  return windows && text::iequals(name, "ContainerAdministrator");
}

// ---- shell commands of a RUN ---------------------------------------------------------------------------------

namespace {

bool is_posix_shell(std::string_view program) {
  return program == "sh" || program == "bash" || program == "dash" || program == "ash" || program == "zsh" ||
         program == "ksh";
}

// The text inside the quotes of a `sh -c` argument written as one quoted string, and whether it was
// double-quoted (its escapes are then dropped when it is parsed; a `$VAR` in it is read as written).
struct QuotedScript {
  std::string_view inner;
  bool double_quoted = false;
};
std::optional<QuotedScript> quoted_script(const shell::Word& word) {
  const std::string_view t = word.text;
  if (t.size() < 2) return std::nullopt;
  const std::string_view inner = t.substr(1, t.size() - 2);
  if (t.front() == '\'' && t.back() == '\'' && inner.find('\'') == std::string_view::npos) return QuotedScript{inner};
  if (t.front() == '"' && t.back() == '"') return QuotedScript{inner, true};
  return std::nullopt;
}

// The script word of `sh [options] -c SCRIPT`: `-c` alone or in a cluster (`-ec`, `-lc`); `-o NAME` and
// `+o NAME` take a value; long options (`--login`) are skipped.
const shell::Word* shell_c_script(std::span<const shell::Word> args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const shell::Word& word = args[i];
    if (!word.value || word.value->size() < 2) return nullptr;
    const std::string& v = *word.value;
    if (v.front() != '-' && v.front() != '+') return nullptr;
    if (v == "-o" || v == "+o" || v == "-O" || v == "+O") {
      ++i;
      continue;
    }
    if (v[1] == '-') continue;
    if (v.front() == '-' && v.find('c') != std::string::npos) return i + 1 < args.size() ? &args[i + 1] : nullptr;
  }
  return nullptr;
}

}  // namespace

RunCommands::RunCommands(const Instruction& run, const SourceFile& source) {
  if (run.script) add_script(*run.script, source, 0);
  for (const auto& script : run.heredoc_scripts) {
    if (script) add_script(*script, source, 0);
  }
  std::stable_sort(commands_.begin(), commands_.end(), [](const shell::Command* a, const shell::Command* b) {
    return a->range.begin.offset < b->range.begin.offset;
  });
  // `$(...)` inside an unquoted heredoc body is a command of both the outer script and the body's script.
  commands_.erase(std::unique(commands_.begin(), commands_.end(),
                              [](const shell::Command* a, const shell::Command* b) { return a->range == b->range; }),
                  commands_.end());
}

void RunCommands::add_script(const shell::Script& script, const SourceFile& source, int depth) {
  for (const shell::Command& command : script.commands()) {
    commands_.push_back(&command);
    if (depth >= 2) continue;  // `sh -c "sh -c '...'"` is rare; stop at two levels
    const shell::CommandView view = command.unwrapped();
    if (!is_posix_shell(view.program())) continue;
    const shell::Word* body = shell_c_script(view.arguments());
    if (body == nullptr) continue;
    const auto inner = quoted_script(*body);
    if (!inner) continue;
    std::unique_ptr<shell::Script> part;
    if (script.is_exec_form()) {
      // A JSON string without escapes: its inside is exactly the source bytes.
      const std::uint32_t begin = body->range.begin.offset + 1;
      const std::uint32_t end = body->range.end.offset - 1;
      if (end < begin || !body->value || source.text().substr(begin, end - begin) != *body->value) continue;
      part = std::make_unique<shell::Script>(shell::Script::parse(source, {shell::Piece{begin, end}}));
    } else if (inner->double_quoted) {
      part = std::make_unique<shell::Script>(script.parse_double_quoted_part(source, inner->inner));
    } else {
      part = std::make_unique<shell::Script>(script.parse_part(source, inner->inner));
    }
    const shell::Script& parsed = *part;
    owned_.push_back(std::move(part));
    add_script(parsed, source, depth + 1);
  }
}

std::vector<shell::CommandView> RunCommands::find(std::initializer_list<std::string_view> programs) const {
  std::vector<shell::CommandView> out;
  for (const shell::Command* command : commands_) {
    shell::CommandView view = command->unwrapped();
    if (view.is_any(programs)) out.push_back(view);
  }
  return out;
}

namespace {

// The commands of every RUN of a document, parsed on first use.
class AllRunCommands {
 public:
  const RunCommands& of(const Document& document, const Instruction& run) const {
    const auto found = index_.find(&run);
    if (found != index_.end()) return found->second;
    return index_.try_emplace(&run, run, document.source()).first->second;
  }

 private:
  // Node-based, so references stay valid as RUNs are added.
  mutable std::unordered_map<const Instruction*, RunCommands> index_;
};

}  // namespace

const RunCommands& run_commands(const Document& document, const Instruction& run) {
  return document.derived().get<AllRunCommands>([] { return AllRunCommands{}; }).of(document, run);
}

Range command_span(const shell::CommandView& view, const shell::Word* last) {
  Range range = view.name().range;
  if (last != nullptr && last->range.end.offset > range.end.offset) range.end = last->range.end;
  return range;
}

std::optional<std::string> path_value(const shell::Word& word, std::string_view home) {
  if (word.value) {
    const std::string& v = *word.value;
    // A quoted "~" is literal, but nobody writes that on purpose; an unquoted one is the home directory.
    if (!v.empty() && v.front() == '~' && (v.size() == 1 || v[1] == '/')) return std::string(home) + v.substr(1);
    return v;
  }
  // $HOME/x, ${HOME}/x, "$HOME/x": the only dynamic part is HOME.
  for (const std::string_view prefix : {"$HOME", "${HOME}", "\"$HOME", "\"${HOME}"}) {
    const std::string_view t = word.text;
    if (t.substr(0, prefix.size()) != prefix) continue;
    std::string after_home;
    if (prefix.front() == '"') after_home += '"';  // the quote that `"$HOME` opened
    after_home.append(t.substr(prefix.size()));
    const auto rest = shell::static_value(after_home);
    if (rest) return std::string(home) + *rest;
  }
  return std::nullopt;
}

std::string home_of(const Document& document, const Instruction& run) {
  // `ENV HOME=/home/app` wins over the user's home directory.
  if (document.declared("HOME", run)) {
    const auto home = document.variable("HOME", run);
    if (home && home->known && !home->value.empty() && home->value.front() == '/') return clean_path(home->value);
  }
  const dockerfile::Setting user = document.user(run);
  if (!user.known) return "/root";
  const std::string_view name = std::string_view(user.value).substr(0, user.value.find(':'));
  if (name.empty() || name == "root" || name.find_first_not_of('0') == std::string_view::npos) return "/root";
  return "/home/" + std::string(name);
}

namespace detail {

std::optional<std::string> removal_target(const shell::Word& word, std::string_view home) {
  std::optional<std::string> value = path_value(word, home);
  if (!value) return std::nullopt;
  std::string& v = *value;
  // "/var/lib/apt/lists/*", "/var/lib/apt/lists/", "/var/lib/apt/lists/." all empty the directory. Other globs
  // ("/var/lib/apt/lists/*_*") stay: removal_covers() matches them against the directory.
  while (v.size() > 1 && (v.back() == '/' || v.back() == '*' || (v.back() == '.' && v[v.size() - 2] == '/'))) {
    if (v.back() == '*' && v[v.size() - 2] != '/') break;  // "deb*" is a glob of its own
    v.pop_back();
  }
  if (v.empty()) return std::nullopt;
  return clean_path(v);
}

bool find_deletes(const shell::CommandView& find) {
  bool exec = false;
  for (const shell::Word& word : find.arguments()) {
    if (word.is("-delete")) return true;
    if (word.is("-exec") || word.is("-execdir")) {
      exec = true;
      continue;
    }
    if (exec && (word.is("rm") || word.is("/bin/rm"))) return true;
    exec = false;
  }
  return false;
}

}  // namespace detail

Range sub_range(const SourceFile& source, const dockerfile::Word& word, std::size_t begin, std::size_t end) {
  if (source.slice(word.range) != word.text || begin > end || end > word.text.size()) return word.range;
  return source.range(word.range.begin.offset + static_cast<std::uint32_t>(begin),
                      word.range.begin.offset + static_cast<std::uint32_t>(end));
}

}  // namespace shipshape::rules::dockerfile_support
