#include "parsers/dockerfile/document.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <limits>

#include "parsers/dockerfile/heredoc_marker.h"
#include "parsers/dockerfile/instruction_checks.h"
#include "parsers/dockerfile/syntax.h"
#include "parsers/shell/script.h"
#include "parsers/text.h"


namespace shipshape::dockerfile {

namespace {

constexpr std::size_t no_index = std::numeric_limits<std::size_t>::max();

// The ARGs BuildKit defines for FROM lines (getPlatformArgs); their values depend on the build machine.
constexpr std::array<std::string_view, 8> platform_args{
    "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
    "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
};

bool is_platform_arg(std::string_view name) {
  return std::find(platform_args.begin(), platform_args.end(), name) != platform_args.end();
}

// PATH when the image sets none (BuildKit's system.DefaultPathEnv for Linux).
constexpr std::string_view default_linux_path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

VariableValue value_of(const Expansion& expansion) {
  if (!expansion.ok()) return {"", false};
  return {expansion.text, expansion.known};
}

// Go's path.Clean.
std::string clean_path(std::string_view path) {
  if (path.empty()) return ".";
  const bool rooted = path[0] == '/';
  std::vector<std::string_view> parts;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    std::size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    const std::string_view part = path.substr(pos, slash - pos);
    pos = slash + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") {
        parts.pop_back();
      } else if (!rooted) {
        parts.push_back(part);
      }
      continue;
    }
    parts.push_back(part);
  }
  std::string out = rooted ? "/" : "";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += '/';
    out += parts[i];
  }
  if (out.empty()) return ".";
  return out;
}

bool looks_windows(std::string_view image) {
  const std::string lowered = text::to_lower(image);
  for (const std::string_view hint : {"windows", "nanoserver", "servercore", "dotnet/framework"}) {
    if (lowered.find(hint) != std::string::npos) return true;
  }
  return false;
}

std::string_view basename(std::string_view path) {
  const std::size_t slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool is_posix_shell_name(std::string_view name) {
  for (const std::string_view shell : {"sh", "bash", "dash", "ash", "ksh", "mksh", "busybox"}) {
    if (name == shell) return true;
  }
  return false;
}

// The program a simple shell command line runs: the first word that is not a redirection (`<<EOF`, `>f`,
// `2>&1`) or a `NAME=value` assignment; "bash" for `<<EOF bash -e`.
std::string_view program_of(std::string_view command) {
  std::size_t pos = 0;
  bool skip_target = false;  // the previous word was a bare redirection operator: this one is its target
  while (pos < command.size()) {
    while (pos < command.size() && (command[pos] == ' ' || command[pos] == '\t')) ++pos;
    const std::size_t start = pos;
    while (pos < command.size() && command[pos] != ' ' && command[pos] != '\t') ++pos;
    const std::string_view word = command.substr(start, pos - start);
    if (word.empty()) break;
    if (skip_target) {
      skip_target = false;
      continue;
    }
    std::size_t digits = 0;
    while (digits < word.size() && word[digits] >= '0' && word[digits] <= '9') ++digits;
    const std::string_view op = word.substr(word[0] == '&' ? 1 : digits);
    if (!op.empty() && (op[0] == '<' || op[0] == '>')) {
      const std::size_t operator_end = op.find_first_not_of("<>&-|");
      skip_target = operator_end == std::string_view::npos && op.rfind("<<", 0) != 0;
      continue;
    }
    const std::size_t eq = word.find('=');
    if (eq != std::string_view::npos && eq > 0 &&
        word.substr(0, eq).find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") ==
            std::string_view::npos) {
      continue;
    }
    return basename(word);
  }
  return {};
}

// The interpreter a `#!` line names: "#!/usr/bin/env -S python3 -u" -> "python3".
std::string_view shebang_interpreter(std::string_view data) {
  std::string_view line = data.substr(2, data.find('\n') == std::string_view::npos ? std::string_view::npos
                                                                                   : data.find('\n') - 2);
  std::vector<std::string_view> words;
  std::size_t pos = 0;
  while (pos < line.size()) {
    while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t' || line[pos] == '\r')) ++pos;
    const std::size_t start = pos;
    while (pos < line.size() && line[pos] != ' ' && line[pos] != '\t' && line[pos] != '\r') ++pos;
    if (pos > start) words.push_back(line.substr(start, pos - start));
  }
  if (words.empty()) return {};
  std::size_t i = 0;
  if (basename(words[0]) == "env") {
    ++i;
    while (i < words.size() && !words[i].empty() && words[i][0] == '-') ++i;
    while (i < words.size() && words[i].find('=') != std::string_view::npos) ++i;  // env NAME=value cmd
  }
  return i < words.size() ? basename(words[i]) : std::string_view();
}

}  // namespace

bool ShellSetting::non_posix() const {
  if (argv.empty()) return false;
  const std::string name = text::to_lower(basename(argv[0]));
  for (const std::string_view shell : {"powershell", "powershell.exe", "pwsh", "pwsh.exe", "cmd", "cmd.exe"}) {
    if (name == shell) return true;
  }
  return false;
}

// ---- Document queries ----

Document::Document(const SourceFile& source, ParseOptions options)
    : source_(&source), options_(std::move(options)) {}

const Directive* Document::directive(std::string_view name) const {
  for (const Directive& d : directives_) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

const Instruction& Document::top_level(const Instruction& at) const {
  if (at.index < instructions_.size()) {
    const Instruction& candidate = instructions_[at.index];
    if (&candidate != &at && candidate.trigger.get() == &at) return candidate;
  }
  return at;
}

const Stage* Document::stage_of(const Instruction& instruction) const {
  const Instruction& top = top_level(instruction);
  return top.stage ? &stages_[*top.stage] : nullptr;
}

std::span<const Instruction> Document::instructions_of(const Stage& stage) const {
  return std::span<const Instruction>(instructions_).subspan(stage.begin, stage.end - stage.begin);
}

std::span<const Instruction> Document::global_instructions() const {
  return std::span<const Instruction>(instructions_).subspan(0, first_from_);
}

const Stage* Document::find_stage(std::string_view name_or_index) const {
  const std::string lowered = text::to_lower(name_or_index);
  const Stage* found = nullptr;
  for (const Stage& s : stages_) {
    if (!s.name.empty() && s.name == lowered) found = &s;
  }
  if (found) return found;
  // strconv.Atoi: an optional sign and decimal digits.
  std::string_view digits = name_or_index;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) digits.remove_prefix(1);
  if (digits.empty() || digits.size() > 9) return nullptr;
  std::size_t index = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return nullptr;
    index = index * 10 + static_cast<std::size_t>(c - '0');
  }
  if (name_or_index[0] == '-' && index != 0) return nullptr;
  return index < stages_.size() ? &stages_[index] : nullptr;
}

std::vector<const Stage*> Document::chain(const Stage& stage) const {
  std::vector<const Stage*> out{&stage};
  while (out.back()->parent) out.push_back(&stages_[*out.back()->parent]);
  return out;
}

std::optional<std::string> Document::build_arg(std::string_view name) const {
  std::optional<std::string> found;
  for (const auto& [key, value] : options_.build_args) {
    if (key == name) found = value;  // the last one wins, as with repeated --build-arg
  }
  return found;
}

void Document::Scope::add(std::string name, VariableValue value, std::size_t instruction) {
  by_name_[std::move(name)].push_back({instruction, std::move(value)});
}

const VariableValue* Document::Scope::find(std::string_view name, std::size_t before) const {
  const auto it = by_name_.find(name);
  if (it == by_name_.end()) return nullptr;
  const auto& definitions = it->second;  // in instruction order
  const auto end = std::partition_point(definitions.begin(), definitions.end(),
                                        [before](const Definition& d) { return d.instruction < before; });
  return end == definitions.begin() ? nullptr : &std::prev(end)->value;
}

std::optional<VariableValue> Document::global_variable(std::string_view name, std::size_t before) const {
  if (const VariableValue* value = global_scope_.find(name, before)) return *value;
  if (is_platform_arg(name)) {
    if (auto arg = build_arg(name)) return VariableValue{*arg, true};
    return VariableValue{"", false};
  }
  return std::nullopt;
}

std::optional<VariableValue> Document::stage_variable(std::size_t stage, std::string_view name,
                                                      std::size_t before) const {
  std::size_t current = stage;
  while (true) {
    if (const VariableValue* value = stage_scopes_[current].find(name, before)) return *value;
    const Stage& s = stages_[current];
    if (!s.parent) {
      if (s.scratch) {
        if (name == "PATH" && !s.windows) return VariableValue{std::string(default_linux_path), true};
        return std::nullopt;
      }
      return VariableValue{"", false};  // the base image may set it
    }
    current = *s.parent;
    before = no_index;
  }
}

std::optional<VariableValue> Document::variable(std::string_view name, const Instruction& at) const {
  const Instruction& top = top_level(at);
  if (!top.stage || top.kind == InstructionKind::from) {
    return global_variable(name, top.stage ? first_from_ : top.index);
  }
  return stage_variable(*top.stage, name, top.index);
}

bool Document::declared(std::string_view name, const Instruction& at) const {
  const Instruction& top = top_level(at);
  if (!top.stage || top.kind == InstructionKind::from) {
    const std::size_t before = top.stage ? first_from_ : top.index;
    return global_scope_.find(name, before) != nullptr;
  }
  std::size_t before = top.index;
  for (const Stage* s : chain(stages_[*top.stage])) {
    if (stage_scopes_[s->index].find(name, before)) return true;
    before = no_index;
  }
  return false;
}

VariableLookup Document::lookup(const Instruction& at) const {
  const Instruction* where = &at;
  return [this, where](std::string_view name) { return variable(name, *where); };
}

Expansion Document::expand(std::string_view word, const Instruction& at) const {
  return expand_word(word, lookup(at), escape_);
}

std::vector<Expansion> Document::expand_words(std::string_view text, const Instruction& at) const {
  return dockerfile::expand_words(text, lookup(at), escape_);
}

Setting Document::user(const Instruction& at) const { return before_[top_level(at).index].user; }
Setting Document::workdir(const Instruction& at) const { return before_[top_level(at).index].workdir; }
ShellSetting Document::shell(const Instruction& at) const { return before_[top_level(at).index].shell; }
Setting Document::user_at_end(const Stage& stage) const { return at_end_[stage.index].user; }
Setting Document::workdir_at_end(const Stage& stage) const { return at_end_[stage.index].workdir; }
ShellSetting Document::shell_at_end(const Stage& stage) const { return at_end_[stage.index].shell; }

// ---- building the model ----

class DocumentBuilder {
 public:
  DocumentBuilder(const SourceFile& source, const ParseOptions& options)
      : source_(source), doc_(std::make_unique<Document>(source, options)) {}

  ParseResult run() {
    ParseResult result;
    SyntaxTree tree = parse_syntax(source_);
    if (!tree.ok()) {
      result.errors = std::move(tree.errors);
      return result;
    }
    for (Instruction& inst : tree.instructions) detail::check_instruction(inst, source_, result.errors);
    check_structure(tree, result.errors);
    if (!result.errors.empty()) return result;

    Document& doc = *doc_;
    doc.escape_ = tree.escape;
    doc.directives_ = std::move(tree.directives);
    doc.comments_ = std::move(tree.comments);
    doc.empty_continuations_ = std::move(tree.empty_continuations);
    doc.instructions_ = std::move(tree.instructions);

    create_stages();
    if (!select_target(result.errors)) return result;
    resolve_global_args();
    resolve_stage_bases();
    walk_stages();
    parse_scripts();
    result.document = std::move(doc_);
    return result;
  }

 private:
  Expansion expand_global(std::string_view word, std::size_t before) const {
    const Document& doc = *doc_;
    return expand_word(
        word, [&doc, before](std::string_view name) { return doc.global_variable(name, before); }, doc.escape_);
  }

  void check_structure(const SyntaxTree& tree, std::vector<Diagnostic>& errors) {
    bool seen_from = false;
    for (const Instruction& inst : tree.instructions) {
      if (inst.kind == InstructionKind::from) {
        seen_from = true;
        continue;
      }
      if (seen_from || inst.kind == InstructionKind::arg || inst.kind == InstructionKind::unknown) continue;
      errors.push_back({inst.keyword_range, "no build stage in current context",
                        fmt::format("{} must come after a FROM instruction; only ARG may come before the first FROM",
                                    keyword_of(inst.kind))});
    }
    if (!seen_from && errors.empty()) {
      const Range end = source_.range(source_.size(), source_.size());
      errors.push_back({tree.instructions.empty() ? end : tree.instructions.front().range,
                        "dockerfile contains no stages to build", "add a FROM instruction"});
    }
  }

  void create_stages() {
    Document& doc = *doc_;
    auto& list = doc.instructions_;
    bool first = true;
    for (std::size_t i = 0; i < list.size(); ++i) {
      Instruction& inst = list[i];
      if (inst.kind == InstructionKind::from) {
        if (first) {
          doc.first_from_ = i;
          first = false;
        }
        if (!doc.stages_.empty()) doc.stages_.back().end = i;
        Stage stage;
        stage.index = doc.stages_.size();
        stage.from = &inst;
        stage.begin = i;
        stage.base_word = inst.from_image();
        if (const Word* name = inst.from_stage_name()) {
          stage.name_word = name;
          stage.name = text::to_lower(name->text);
        }
        stage.platform = inst.flag("platform");
        doc.stages_.push_back(std::move(stage));
      }
      if (!doc.stages_.empty()) {
        inst.stage = doc.stages_.size() - 1;
        if (inst.trigger) inst.trigger->stage = inst.stage;
      }
    }
    doc.stages_.back().end = list.size();
    doc.stage_scopes_.resize(doc.stages_.size());
    doc.at_end_.resize(doc.stages_.size());
    doc.before_.resize(list.size());
  }

  bool select_target(std::vector<Diagnostic>& errors) {
    Document& doc = *doc_;
    doc.final_stage_ = doc.stages_.size() - 1;
    const std::string& target = doc.options_.target;
    if (target.empty()) return true;
    const std::string lowered = text::to_lower(target);
    for (const Stage& s : doc.stages_) {
      if (s.name == lowered) doc.final_stage_ = s.index;
    }
    if (doc.stages_[doc.final_stage_].name == lowered) return true;
    std::vector<std::string_view> names;
    std::string listed;
    for (const Stage& s : doc.stages_) {
      if (s.name.empty()) continue;
      names.push_back(s.name);
      listed += listed.empty() ? s.name : ", " + s.name;
    }
    const std::string_view close = text::closest_match(target, names);
    std::string hint = listed.empty() ? "the Dockerfile has no named stages"
                                      : fmt::format("the stages are named {}", listed);
    if (!close.empty()) hint = fmt::format("did you mean {}? ({})", close, hint);
    errors.push_back({source_.range(0, 0), fmt::format("target stage \"{}\" could not be found", target), hint});
    return false;
  }

  void resolve_global_args() {
    Document& doc = *doc_;
    for (std::size_t i = 0; i < doc.first_from_; ++i) {
      const Instruction& inst = doc.instructions_[i];
      if (inst.kind != InstructionKind::arg) continue;
      for (const ArgDeclaration& d : inst.declarations) {
        VariableValue value{"", false};
        if (auto arg = doc.build_arg(d.name.text)) {
          value = {*arg, true};
        } else if (d.value) {
          // Each default sees the global ARGs before it, including earlier names of the same line.
          value = value_of(expand_global(d.value->text, no_index));
        }
        doc.global_scope_.add(d.name.text, std::move(value), i);
      }
    }
  }

  void resolve_stage_bases() {
    Document& doc = *doc_;
    for (Stage& stage : doc.stages_) {
      if (stage.base_word) stage.base = expand_global(stage.base_word->text, no_index);
      if (stage.platform && stage.platform->value) {
        stage.platform_value = expand_global(*stage.platform->value, no_index);
      }
      const bool known = stage.base.ok() && stage.base.known;
      if (known) {
        // addState: FROM names an earlier stage when it equals that stage's (lower-cased) name exactly.
        for (std::size_t k = 0; k < stage.index; ++k) {
          if (!doc.stages_[k].name.empty() && doc.stages_[k].name == stage.base.text) stage.parent = k;
        }
        stage.scratch = !stage.parent && stage.base.text == "scratch";
        if (!stage.parent && !stage.scratch) stage.image = parse_image_reference(stage.base.text);
      }
      stage.windows = (stage.parent && doc.stages_[*stage.parent].windows) ||
                      (!stage.parent && looks_windows(stage.base.ok() ? stage.base.text : "")) ||
                      (stage.platform_value && text::istarts_with(stage.platform_value->text, "windows")) ||
                      doc.escape_ == '`';
    }
  }

  Document::State initial_state(const Stage& stage) const {
    const Document& doc = *doc_;
    if (stage.parent) return doc.at_end_[*stage.parent];
    Document::State state;
    state.shell.windows = stage.windows;
    state.shell.argv = stage.windows ? std::vector<std::string>{"cmd", "/S", "/C"}
                                     : std::vector<std::string>{"/bin/sh", "-c"};
    if (stage.scratch) {
      state.workdir.value.assign(1, '/');  // (assigning the literal trips a GCC 12 false warning)
      // USER stays empty: root
    } else {
      state.user.known = false;
      state.workdir.known = false;
      state.shell.known = false;
    }
    return state;
  }

  std::optional<VariableValue> stage_lookup(std::size_t stage, std::string_view name) const {
    return doc_->stage_variable(stage, name, no_index);
  }

  Expansion expand_in_stage(std::string_view word, std::size_t stage) const {
    const Document& doc = *doc_;
    return expand_word(
        word, [this, stage](std::string_view name) { return stage_lookup(stage, name); }, doc.escape_);
  }

  void walk_stages() {
    Document& doc = *doc_;
    for (const Stage& stage : doc.stages_) {
      Document::State state = initial_state(stage);
      for (std::size_t i = stage.begin; i < stage.end; ++i) {
        Instruction& inst = doc.instructions_[i];
        doc.before_[i] = state;
        apply(inst, stage, state);
      }
      doc.at_end_[stage.index] = std::move(state);
    }
  }

  void apply(const Instruction& inst, const Stage& stage, Document::State& state) {
    Document& doc = *doc_;
    const std::size_t s = stage.index;
    switch (inst.kind) {
      case InstructionKind::user:
        if (const Word* w = inst.single_argument()) {
          const Expansion e = expand_in_stage(w->text, s);
          state.user = {e.ok() ? e.text : w->text, e.ok() && e.known, &inst};
        }
        break;
      case InstructionKind::workdir:
        if (const Word* w = inst.single_argument()) {
          const Expansion e = expand_in_stage(w->text, s);
          const std::string requested = e.ok() ? e.text : w->text;
          Setting next{requested, e.ok() && e.known, &inst};
          if (stage.windows) {
            // Windows paths (C:\app) keep their spelling; BuildKit normalises them with Windows rules.
          } else if (!requested.empty() && requested[0] == '/') {
            next.value = clean_path(requested);
          } else if (state.workdir.known) {
            next.value = clean_path("/" + state.workdir.value + "/" + requested);
          } else {
            next.known = false;
          }
          state.workdir = std::move(next);
        }
        break;
      case InstructionKind::shell:
        if (inst.json && !inst.command.argv.empty()) {
          ShellSetting next;
          for (const Word& w : inst.command.argv) next.argv.push_back(w.text);
          next.source = &inst;
          next.windows = state.shell.windows;
          state.shell = std::move(next);
        }
        break;
      case InstructionKind::env: {
        // Every pair sees the variables from before the instruction.
        std::vector<std::pair<std::string, VariableValue>> definitions;
        for (const KeyValue& pair : inst.pairs) {
          const Expansion key = expand_in_stage(pair.key.text, s);
          const Expansion value = expand_in_stage(pair.value.text, s);
          definitions.emplace_back(key.ok() ? key.text : pair.key.text, value_of(value));
        }
        for (auto& [name, value] : definitions) doc.stage_scopes_[s].add(std::move(name), std::move(value), inst.index);
        break;
      }
      case InstructionKind::arg:
        for (const ArgDeclaration& d : inst.declarations) {
          VariableValue value{"", false};
          if (auto arg = doc.build_arg(d.name.text)) {
            value = {*arg, true};
          } else if (d.value) {
            value = value_of(expand_in_stage(d.value->text, s));  // sees the earlier names of this line
          } else if (auto global = doc.global_variable(d.name.text, no_index)) {
            value = *global;  // re-declared global ARG (or platform ARG): its value
          }
          doc.stage_scopes_[s].add(d.name.text, std::move(value), inst.index);
        }
        break;
      default:
        break;
    }
  }

  // ---- RUN scripts ----

  void parse_scripts() {
    Document& doc = *doc_;
    for (Instruction& inst : doc.instructions_) {
      if (!inst.stage) continue;
      const ShellSetting shell = doc.before_[inst.index].shell;
      if (inst.kind == InstructionKind::run) prepare_script(inst, shell);
      if (inst.trigger && inst.trigger->kind == InstructionKind::run) prepare_script(*inst.trigger, shell);
    }
  }

  // Each body line of a heredoc with its line ending (leading tabs excluded under `<<-`).
  void add_body_pieces(const Heredoc& heredoc, std::vector<SourcePiece>& pieces) const {
    const std::string_view text = source_.text();
    for (const Range& line : heredoc.lines) {
      const std::size_t newline = text.find('\n', line.end.offset);
      const auto end = static_cast<std::uint32_t>(newline == std::string_view::npos ? line.end.offset : newline + 1);
      pieces.push_back({line.begin.offset, end});
    }
  }

  void prepare_script(Instruction& inst, const ShellSetting& shell) {
    const Document& doc = *doc_;
    if (!doc.options_.parse_shell) {
      inst.script_status = ScriptStatus::not_requested;
      return;
    }
    if (inst.command.json) {
      inst.script_status = inst.command.argv.empty() ? ScriptStatus::empty : ScriptStatus::exec_form;
      if (!inst.command.argv.empty()) {
        std::vector<shell::ExecArgument> argv;
        for (const Word& w : inst.command.argv) argv.push_back(shell::ExecArgument{.range = w.range, .value = w.text});
        inst.script = std::make_shared<const shell::Script>(shell::Script::from_exec_form(source_, std::move(argv)));
      }
      return;
    }
    if (inst.command.empty()) {
      inst.script_status = ScriptStatus::empty;
      return;
    }
    if (shell.non_posix() || (shell.windows && !shell.source)) {
      inst.script_status = ScriptStatus::non_posix_shell;
      return;
    }
    if (doc.options_.wants_script && !wanted(inst)) {
      inst.script_status = ScriptStatus::not_requested;
      return;
    }
    std::vector<SourcePiece> pieces;
    inst.heredoc_scripts.assign(inst.heredocs.size(), nullptr);
    detail::HeredocMarker marker;
    const bool single_heredoc = !inst.heredocs.empty() &&
        detail::parse_heredoc_marker(inst.command.shell.text, marker) == detail::MarkerStatus::heredoc;
    if (single_heredoc) {
      // `RUN <<EOF`: BuildKit runs the body itself; a body with a shebang runs as a file.
      const Heredoc& body = inst.heredocs.front();
      const std::string data = body.text();
      if (!shell.windows && data.rfind("#!", 0) == 0 && !is_posix_shell_name(shebang_interpreter(data))) {
        inst.script_status = ScriptStatus::not_shell;
        return;
      }
      add_body_pieces(body, pieces);
    } else {
      // BuildKit hands the shell the command line, then each body and its terminator, so the shell
      // reads the heredocs itself.
      pieces = inst.command.pieces;
      for (const Heredoc& h : inst.heredocs) {
        const std::uint32_t start = h.body.begin.offset;  // a body starts a line: the newline before it
        pieces.push_back({start - 1, start});
        if (!h.body.empty()) pieces.push_back({h.body.begin.offset, h.body.end.offset});
        const auto tabs = static_cast<std::uint32_t>(h.terminator.size() - h.name.size());
        pieces.push_back({h.terminator.begin.offset + tabs, h.terminator.end.offset});
      }
      parse_fed_heredocs(inst);
    }
    inst.script_status = ScriptStatus::parsed;
    inst.script = parse_pieces(pieces);
  }

  bool wanted(const Instruction& inst) const {
    const auto& wants = doc_->options_.wants_script;
    if (wants(inst.command.shell.text)) return true;
    return std::any_of(inst.heredocs.begin(), inst.heredocs.end(), [&](const Heredoc& h) { return wants(h.text()); });
  }

  // `RUN bash <<EOF` / `RUN sh -e <<'EOF'`: the body on stdin is a script for that shell too.
  void parse_fed_heredocs(Instruction& inst) {
    if (!is_posix_shell_name(program_of(inst.command.shell.text))) return;
    for (std::size_t k = 0; k < inst.heredocs.size(); ++k) {
      const Heredoc& h = inst.heredocs[k];
      if (h.fd != 0) continue;
      std::vector<SourcePiece> pieces;
      add_body_pieces(h, pieces);
      inst.heredoc_scripts[k] = parse_pieces(pieces);
    }
  }

  std::shared_ptr<const shell::Script> parse_pieces(const std::vector<SourcePiece>& pieces) const {
    std::vector<shell::Piece> converted;
    converted.reserve(pieces.size());
    for (const SourcePiece& p : pieces) converted.push_back({p.begin, p.end});
    return std::make_shared<const shell::Script>(shell::Script::parse(source_, std::move(converted)));
  }

  const SourceFile& source_;
  std::unique_ptr<Document> doc_;
};

ParseResult parse(const SourceFile& source, const ParseOptions& options) {
  return DocumentBuilder(source, options).run();
}

}  // namespace shipshape::dockerfile
