#pragma once
// The fuzz harness bodies, shared by the libFuzzer targets (tests/fuzz/fuzz_target.cpp, built with
// -DSHIPSHAPE_FUZZ=ON) and the regular test binary (tests/fuzz_regressions_test.cpp replays every committed
// input of tests/fuzz/regressions/<harness>/ through the same functions). Header-only because the test binary's
// source glob leaves tests/fuzz out.
//
// A harness feeds arbitrary bytes to one entry point and walks everything the result offers (so that lazy code
// paths run too). Crashes, sanitizer reports, hangs and leaks are the fuzzer's to see; a harness also checks
// invariants that hold for every input and returns the ones that broke (empty: all good):
//   - every range lies inside the file, begin <= end, and its line/column agree with its offset;
//   - a rejected input comes with at least one diagnostic;
//   - no rule throws (the engine turns that into an "internal error" diagnostic);
//   - the JSON, SARIF and Code Climate outputs are valid JSON.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lint/config.h"
#include "lint/config_file.h"
#include "lint/engine.h"
#include "lint/output/output.h"
#include "parsers/dockerfile/document.h"
#include "parsers/dockerfile/parse.h"
#include "parsers/ecs/load.h"
#include "parsers/ecs/model.h"
#include "parsers/json/parse.h"
#include "parsers/shell/script.h"
#include "rules/registry.h"

namespace shipshape::fuzz {

using Problems = std::vector<std::string>;

namespace detail {

// Collects broken invariants; stops recording after a few (one is enough to fail).
class Checker {
 public:
  explicit Checker(const SourceFile* source = nullptr) : source_(source) {}
  void use(const SourceFile& source) { source_ = &source; }

  void expect(bool condition, std::string_view what) {
    if (!condition && problems_.size() < 8) problems_.emplace_back(what);
  }
  void position(const Position& p, std::string_view what) {
    if (source_ == nullptr) return;
    if (p.offset > source_->size()) {
      expect(false, std::string(what) + ": offset " + std::to_string(p.offset) + " past the end of the file");
      return;
    }
    const Position expected = source_->position_at(p.offset);
    expect(expected.line == p.line && expected.column == p.column,
           std::string(what) + ": line/column " + std::to_string(p.line) + ":" + std::to_string(p.column) +
               " disagree with offset " + std::to_string(p.offset) + " (" + std::to_string(expected.line) + ":" +
               std::to_string(expected.column) + ")");
  }
  void range(const Range& r, std::string_view what) {
    expect(r.begin.offset <= r.end.offset, std::string(what) + ": range ends before it begins");
    position(r.begin, what);
    position(r.end, what);
  }
  void contained(const Range& outer, const Range& inner, std::string_view what) {
    expect(outer.contains(inner), std::string(what) + ": range outside its parent");
  }
  void diagnostics(const std::vector<Diagnostic>& list, std::string_view what) {
    for (const Diagnostic& d : list) {
      range(d.range, what);
      expect(!d.message.empty(), std::string(what) + ": empty message");
    }
  }
  Problems take() { return std::move(problems_); }

 private:
  const SourceFile* source_;
  Problems problems_;
};

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return size == 0 ? std::string_view() : std::string_view(reinterpret_cast<const char*>(data), size);
}

// Everything a rule may ask of a parsed shell script.
inline void walk_script(const shell::Script& script, const SourceFile& source, Checker& check, int depth = 0) {
  static const shell::OptionSyntax kSyntax{};
  for (const shell::SyntaxError& error : script.errors()) {
    check.range(error.range, "shell syntax error");
    check.expect(!error.message().empty(), "shell syntax error without message");
  }
  for (const shell::Command& command : script.commands()) {
    check.range(command.range, "shell command");
    check.range(command.name.range, "shell command name");
    for (const shell::Word& word : command.arguments) {
      check.range(word.range, "shell argument");
      (void)shell::static_value(word.text);
    }
    for (const shell::Assignment& assignment : command.assignments) check.range(assignment.range, "assignment");
    for (const shell::Redirect& redirect : command.redirects) {
      check.range(redirect.range, "redirect");
      check.range(redirect.target.range, "redirect target");
      if (redirect.kind == shell::RedirectKind::heredoc) {
        check.range(redirect.body_range, "heredoc body");
        // A body fed to a shell is parsed again by rules; one level is enough to cover that path.
        if (depth == 0 && !redirect.body.empty()) walk_script(script.parse_part(source, redirect.body), source, check, 1);
      }
    }
    const shell::CommandView view = command.unwrapped();
    (void)view.program();
    (void)view.sudo();
    const shell::Arguments args = view.args(kSyntax);
    (void)args.subcommand_is("install");
    (void)args.has_option("-y", "--yes");
    for (const shell::Word* operand : args.operands_after_subcommand()) (void)operand->value_or("");
    (void)script.next_in_pipeline(command);
    (void)script.previous_in_pipeline(command);
    (void)script.same_chain(command, script.commands().front());
    (void)script.same_chain(command, script.commands().back());
    // `sh -c '...'` bodies are parsed again by rules as well.
    if (depth == 0 && view.is_any({"sh", "bash"})) {
      for (const shell::Word& word : view.arguments()) {
        if (word.text.size() >= 2 && word.text.front() == '\'' && word.text.back() == '\'') {
          walk_script(script.parse_part(source, word.text.substr(1, word.text.size() - 2)), source, check, 1);
        }
      }
    }
  }
  (void)script.find("apt-get");
  if (script.text().size() > 1) {
    (void)script.source_range(0, static_cast<std::uint32_t>(script.text().size() / 2), source);
  }
}

inline void walk_instruction(const dockerfile::Document& document, const dockerfile::Instruction& instruction,
                             Checker& check) {
  const SourceFile& source = document.source();
  check.range(instruction.range, "instruction");
  check.range(instruction.keyword_range, "keyword");
  for (const dockerfile::Flag& flag : instruction.flags) {
    check.range(flag.range, "flag");
    check.range(flag.value_range, "flag value");
    (void)document.expand(flag.value.value_or(""), instruction);
  }
  for (const dockerfile::Word& word : instruction.arguments) {
    check.range(word.range, "argument");
    (void)document.expand(word.text, instruction);
  }
  check.range(instruction.rest.range, "rest of line");
  (void)document.expand_words(instruction.rest.text, instruction);
  for (const dockerfile::Heredoc& heredoc : instruction.heredocs) {
    check.range(heredoc.marker, "heredoc marker");
    check.range(heredoc.body, "heredoc body");
    check.range(heredoc.terminator, "heredoc terminator");
    for (const Range& line : heredoc.lines) check.range(line, "heredoc line");
    (void)heredoc.text();
  }
  for (const dockerfile::KeyValue& pair : instruction.pairs) {
    check.range(pair.range, "key=value");
    (void)document.expand(pair.key.text, instruction);
    (void)document.expand(pair.value.text, instruction);
  }
  for (const dockerfile::ArgDeclaration& declaration : instruction.declarations) {
    check.range(declaration.range, "ARG declaration");
    (void)document.variable(declaration.name.text, instruction);
    (void)document.declared(declaration.name.text, instruction);
  }
  for (const dockerfile::Word& word : instruction.command.argv) check.range(word.range, "exec-form argument");
  for (const dockerfile::Mount& mount : instruction.mounts) {
    check.range(mount.range, "mount");
    for (const auto& field : mount.fields) check.range(field.range, "mount field");
    (void)mount.value("target");
    (void)document.find_stage(mount.value("from"));
  }
  if (instruction.script) walk_script(*instruction.script, source, check);
  for (const auto& script : instruction.heredoc_scripts) {
    if (script) walk_script(*script, source, check);
  }
  (void)instruction.from_image();
  (void)instruction.from_stage_name();
  (void)instruction.destination();
  for (const dockerfile::Word* word : instruction.sources()) (void)instruction.heredoc_source(*word);
  (void)instruction.healthcheck_type();
  (void)instruction.single_argument();
  (void)document.stage_of(instruction);
  (void)document.user(instruction);
  (void)document.workdir(instruction);
  (void)document.shell(instruction);
  (void)document.variable("PATH", instruction);
  if (instruction.trigger) walk_instruction(document, *instruction.trigger, check);
}

inline void walk_document(const dockerfile::Document& document, Checker& check) {
  for (const dockerfile::Directive& directive : document.directives()) check.range(directive.range, "directive");
  for (const dockerfile::Comment& comment : document.comments()) check.range(comment.range, "comment");
  for (const dockerfile::EmptyContinuation& empty : document.empty_continuations()) {
    for (const Range& line : empty.lines) check.range(line, "empty continuation");
  }
  std::uint32_t previous_end = 0;
  for (const dockerfile::Instruction& instruction : document.instructions()) {
    check.expect(instruction.range.begin.offset >= previous_end, "instructions overlap or are out of order");
    previous_end = instruction.range.end.offset;
    walk_instruction(document, instruction, check);
  }
  check.expect(!document.stages().empty(), "a document without stages");
  if (document.stages().empty()) return;
  for (const dockerfile::Stage& stage : document.stages()) {
    (void)document.chain(stage);
    (void)document.instructions_of(stage);
    (void)document.user_at_end(stage);
    (void)document.workdir_at_end(stage);
    (void)document.shell_at_end(stage);
  }
  (void)document.final_stage();
  (void)document.global_instructions();
}

}  // namespace detail

// (1) The Dockerfile parser and semantic model, with the default options and with a build argument, a
// target and no shell parsing.
inline Problems dockerfile_harness(std::string_view data) {
  const SourceFile source("Dockerfile", std::string(data));
  detail::Checker check(&source);
  dockerfile::ParseOptions variants[2];
  variants[1].parse_shell = false;
  variants[1].target = "build";
  variants[1].build_args = {{"VERSION", "1.0"}, {"BASE", "alpine:3.20"}};
  for (const dockerfile::ParseOptions& options : variants) {
    const dockerfile::ParseResult result = dockerfile::parse(source, options);
    check.diagnostics(result.errors, "dockerfile error");
    if (result.document) {
      detail::walk_document(*result.document, check);
    } else {
      check.expect(!result.errors.empty(), "a Dockerfile rejected without a diagnostic");
    }
  }
  return check.take();
}

// (2) The RUN shell layer: the whole input as one piece, then as pieces split where a Dockerfile continuation
// (backslash-newline) would join lines, and with pieces that run past the end of the file (they are clamped).
inline Problems shell_harness(std::string_view data) {
  const SourceFile source("Dockerfile", std::string(data));
  detail::Checker check(&source);
  const std::uint32_t size = source.size();
  detail::walk_script(shell::Script::parse(source, {shell::Piece{0, size}}), source, check);

  std::vector<shell::Piece> pieces;
  const std::string_view text = source.text();
  std::uint32_t begin = 0;
  for (std::size_t at = text.find("\\\n"); at != std::string_view::npos; at = text.find("\\\n", at + 2)) {
    pieces.push_back(shell::Piece{begin, static_cast<std::uint32_t>(at)});
    begin = static_cast<std::uint32_t>(at + 2);
  }
  pieces.push_back(shell::Piece{begin, size});
  const shell::Script joined = shell::Script::parse(source, pieces);
  detail::walk_script(joined, source, check);
  for (const shell::Piece& piece : joined.piece_table().pieces_of(0, joined.piece_table().buffer_size())) {
    check.expect(piece.begin <= piece.end && piece.end <= size, "piece table maps outside the file");
  }
  detail::walk_script(shell::Script::parse(source, {shell::Piece{size / 2, size + 10}, shell::Piece{size + 20, size + 30}}),
                      source, check);
  return check.take();
}

// (3) The task-definition loader (and the JSON parser under it).
inline Problems task_definition_harness(std::string_view data) {
  const SourceFile source("task-definition.json", std::string(data));
  detail::Checker check(&source);
  (void)ecs::looks_like_task_definition(data);
  const json::ParseResult parsed = json::parse(source.text());
  check.diagnostics(parsed.errors, "json error");
  check.expect(parsed.ok() != parsed.document.empty(), "json: a document and errors, or neither");
  const json::Document& document = parsed.document;
  for (json::NodeId id = 0; id < document.node_count() && id < 4096; ++id) {
    check.range(document.range(id), "json value");
    check.range(document.key_range(id), "json key");
    if (id % 64 == 0) {
      // A pointer names the last member with a key (as JSON readers keep the last duplicate), so a node under an
      // earlier duplicate has no pointer of its own; every other node's pointer leads back to it.
      bool shadowed = false;
      for (json::NodeId at = id; at != json::kNoNode && document.parent(at) != json::kNoNode; at = document.parent(at)) {
        shadowed = shadowed || (document.is_member(at) && document.member(document.parent(at), document.key(at)) != at);
      }
      check.expect(shadowed || document.find(document.pointer(id)) == id, "json: a node's pointer does not lead to it");
    }
  }
  for (const auto& duplicate : document.duplicate_keys()) {
    check.expect(duplicate.first < document.node_count() && duplicate.duplicate < document.node_count(),
                 "json: duplicate key ids out of range");
  }
  const ecs::LoadResult loaded = ecs::load(source);
  check.diagnostics(loaded.errors, "ecs error");
  if (loaded.file) {
    const ecs::TaskDefinitionFile& file = *loaded.file;
    check.range(file.task.value_range, "task");
    for (const ecs::ShapeProblem& problem : file.problems) check.range(problem.range, "shape problem");
    for (const auto& container : file.task.value.containers.value) {
      check.range(container.value_range, "container");
      check.range(container.key_range, "container key");
    }
  } else {
    check.expect(!loaded.errors.empty(), "a task definition rejected without a diagnostic");
  }
  return check.take();
}

// (4) The configuration loader, then the settings it gives two files.
inline Problems config_harness(std::string_view data) {
  const lint::ConfigLoadResult result = lint::parse_config("/fuzz/.shipshape.yaml", std::string(data));
  detail::Checker check;
  if (result.source) check.use(*result.source);
  check.diagnostics(result.errors, "config error");
  if (result.errors.empty()) {
    for (const char* path : {"Dockerfile", "deploy/task.json", "a/b/c/Containerfile"}) {
      const lint::EffectiveConfig config = lint::resolve(result.config, path, lint::RuleSettings{});
      check.expect(config.enabled.size() == rules::all_rules().size(), "config: settings for the wrong rule count");
    }
  }
  return check.take();
}

// (5) The whole pipeline: the input linted as a Dockerfile and as a task definition with every rule on, then
// rendered in every output format.
inline Problems pipeline_harness(std::string_view data) {
  static const lint::output::Format kFormats[] = {
      lint::output::Format::tty,        lint::output::Format::json,   lint::output::Format::sarif,
      lint::output::Format::gnu,        lint::output::Format::checkstyle, lint::output::Format::github,
      lint::output::Format::codeclimate};
  detail::Checker check;
  lint::ConfigFile config_file;
  config_file.root = "/fuzz";
  lint::RuleSettings everything;
  everything.select = std::vector<std::string>{"ALL"};
  lint::EngineOptions options;
  options.show_suppressed = true;
  lint::LintReport report;
  report.show_suppressed = true;
  for (const lint::FileType type : {lint::FileType::dockerfile, lint::FileType::ecs}) {
    const char* path = type == lint::FileType::dockerfile ? "Dockerfile" : "task-definition.json";
    const lint::EffectiveConfig config = lint::resolve(config_file, path, everything);
    auto source = std::make_shared<const SourceFile>(path, std::string(data));
    lint::FileReport file = lint::lint_source(source, type, config, config_file, options);
    check.use(*source);
    check.diagnostics(file.errors, "lint error");
    for (const Diagnostic& error : file.errors) {
      check.expect(error.message.rfind("internal error", 0) != 0, "a rule threw: " + error.message);
    }
    for (const rules::Finding& finding : file.findings) {
      check.range(finding.range, "finding");
      check.expect(finding.rule != nullptr && !finding.message.empty(), "finding without rule or message");
    }
    for (const Range& range : file.sensitive_ranges) check.range(range, "sensitive range");
    report.files.push_back(std::move(file));
  }
  lint::output::RenderOptions render;
  render.working_directory = "/fuzz";
  render.repository_root = "/fuzz";
  render.fail_level = rules::Severity::warning;
  for (const lint::output::Format format : kFormats) {
    const std::string out = lint::output::render(format, report, render);
    if (format == lint::output::Format::json || format == lint::output::Format::sarif ||
        format == lint::output::Format::codeclimate) {
      const bool valid = nlohmann::json::accept(out);
      check.expect(valid, std::string(lint::output::to_string(format)) + " output is not valid JSON");
    }
  }
  return check.take();
}

struct Harness {
  std::string_view name;  // also the folder of its regression inputs and the fuzz target's suffix
  Problems (*run)(std::string_view data);
};

inline std::span<const Harness> harnesses() {
  static const Harness kAll[] = {
      {"dockerfile", dockerfile_harness},
      {"shell", shell_harness},
      {"task_definition", task_definition_harness},
      {"config", config_harness},
      {"pipeline", pipeline_harness},
  };
  return kAll;
}

inline const Harness* find_harness(std::string_view name) {
  for (const Harness& harness : harnesses()) {
    if (harness.name == name) return &harness;
  }
  return nullptr;
}

}  // namespace shipshape::fuzz
