#pragma once
// The semantic model of a Dockerfile: what a rule receives. It answers the questions `docker build` (BuildKit)
// settles while it builds, from the text alone:
//
//   instructions()          every instruction in file order (instruction.h: keyword, flags, words, heredocs,
//                           ENV/LABEL pairs, ARG declarations, RUN mounts and script, ONBUILD trigger), with
//                           exact ranges;
//   stages()                each FROM: name, base image as written / expanded / parsed, scratch, the earlier
//                           stage it builds on, platform; final_stage() honours --target;
//   global_args()           the ARGs before the first FROM (they are only visible to FROM lines);
//   variable(), expand()    ARG and ENV as BuildKit resolves them at a given instruction (meta ARGs, --build-arg,
//                           defaults, ENV inherited through `FROM <stage>`), with unknown values marked;
//   user(), workdir(),      the USER, WORKDIR and SHELL in effect when an instruction runs, followed through
//   shell()                 `FROM <earlier stage>`; unknown when they come from an external base image.
//
// Typical rule lines:
//   const Setting user = doc.user_at_end(*doc.final_stage());          // last USER of the shipped stage
//   if (user.source && is_root(user.value)) report.at(user.source->range, "...");
//   for (const Stage& s : doc.stages()) if (!s.scratch && !s.parent && s.image.valid && !s.image.has_tag()) ...
//   for (const Instruction& i : doc.instructions()) if (i.is(InstructionKind::run) && i.script) ...
//   doc.expand(copy.flag_value("chown"), copy)                          // --chown=${UID} as the build sees it
//
// A Document refers to the SourceFile it was parsed from (positions, shell scripts): keep that file alive.
// It is immutable once built, so rules may read it from several threads.

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/derived.h"
#include "parsers/dockerfile/expand.h"
#include "parsers/dockerfile/instruction.h"
#include "parsers/dockerfile/parse.h"
#include "parsers/image_reference.h"
#include "parsers/source.h"

namespace shipshape::dockerfile {

// A value the build settles at some point (USER, WORKDIR).
struct Setting {
  std::string value;                    // expanded; WORKDIR is the absolute path BuildKit resolves
  bool known = true;                    // false: set by the base image (not visible here) or by an unknown ARG
  const Instruction* source = nullptr;  // the instruction that set it; null when it comes from the base image
                                        // (or the default of a `scratch` stage)
};

// The SHELL in effect.
struct ShellSetting {
  std::vector<std::string> argv;        // ["/bin/sh", "-c"] by default, ["cmd", "/S", "/C"] on Windows
  bool known = true;                    // false: the default is assumed for an external base image
  const Instruction* source = nullptr;  // the SHELL instruction, or null for the default
  bool windows = false;                 // the stage is a Windows one
  // Not a POSIX shell: powershell, pwsh or cmd (by the executable's name).
  bool non_posix() const;
};

struct Stage {
  std::size_t index = 0;                // 0-based, as `COPY --from=<index>` counts
  const Instruction* from = nullptr;    // the FROM instruction
  std::string name;                     // lower case, as BuildKit stores it; empty when unnamed
  const Word* name_word = nullptr;      // the name as written, or null
  const Word* base_word = nullptr;      // the base as written: "${BASE}:1.2"
  Expansion base;                       // expanded with the global ARGs and --build-arg values
  ImageReference image;                 // `base` parsed; valid only for a known external image
  bool scratch = false;                 // FROM scratch
  std::optional<std::size_t> parent;    // the earlier stage it is built on (FROM <stage name>)
  const Flag* platform = nullptr;       // --platform, or null
  std::optional<Expansion> platform_value;  // --platform expanded with the global ARGs
  bool windows = false;                 // obviously a Windows image (name, tag or platform), here or in its parents
  std::size_t begin = 0;                // index of the FROM in Document::instructions()
  std::size_t end = 0;                  // one past the stage's last instruction

  bool external() const { return !scratch && !parent; }
};

class Document {
 public:
  Document(const SourceFile& source, ParseOptions options);
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  const SourceFile& source() const { return *source_; }
  const ParseOptions& options() const { return options_; }
  char escape() const { return escape_; }
  const std::vector<Directive>& directives() const { return directives_; }
  const Directive* directive(std::string_view name) const;  // "syntax", "escape", "check"
  const std::vector<Comment>& comments() const { return comments_; }
  // Blank lines inside continued instructions (BuildKit's NoEmptyContinuation warning).
  const std::vector<EmptyContinuation>& empty_continuations() const { return empty_continuations_; }

  const std::vector<Instruction>& instructions() const { return instructions_; }
  const std::vector<Stage>& stages() const { return stages_; }
  // The stage that ships: the --target stage, or the last one.
  const Stage& final_stage() const { return stages_[final_stage_]; }
  // The stage an instruction belongs to; null for the global ARGs before the first FROM. Works for ONBUILD
  // triggers too.
  const Stage* stage_of(const Instruction& instruction) const;
  // The instructions of a stage, its FROM first.
  std::span<const Instruction> instructions_of(const Stage& stage) const;
  // The instructions before the first FROM (global ARGs; unknown instructions may sit there too).
  std::span<const Instruction> global_instructions() const;
  // The stage a `COPY --from` / `RUN --mount=from=` value names, as BuildKit resolves it: a stage name
  // (case-insensitive, the last stage of that name) or a stage index. Null for an external image.
  const Stage* find_stage(std::string_view name_or_index) const;
  // The stage, then the stage it is built on, and so on up to the one built on an image or scratch.
  std::vector<const Stage*> chain(const Stage& stage) const;

  // ---- variables ----
  // The value of a variable just before `at` runs, as BuildKit would expand it in `at`: in a stage, its ARG
  // and ENV (inherited through `FROM <stage>`); before the first FROM and in FROM lines, the global ARGs and
  // the automatic platform ARGs. nullopt when not set; `known == false` when it depends on the build (an
  // ARG without default or --build-arg, a platform ARG, or a variable the base image may set).
  std::optional<VariableValue> variable(std::string_view name, const Instruction& at) const;
  // Whether an ARG or ENV of the Dockerfile declares `name` in scope at `at` (base-image variables excluded).
  bool declared(std::string_view name, const Instruction& at) const;
  // BuildKit word expansion of `word` with the variables in effect at `at` (see expand.h).
  Expansion expand(std::string_view word, const Instruction& at) const;
  std::vector<Expansion> expand_words(std::string_view text, const Instruction& at) const;
  // The lookup `expand` uses, for calling expand_word directly.
  VariableLookup lookup(const Instruction& at) const;

  // ---- USER, WORKDIR, SHELL ----
  // In effect when `at` runs (before its own effect: at a USER instruction, the previous user). Before the
  // first FROM there is no image: the results are empty defaults.
  Setting user(const Instruction& at) const;
  Setting workdir(const Instruction& at) const;
  ShellSetting shell(const Instruction& at) const;
  // In effect after the stage's last instruction (what the image carries).
  Setting user_at_end(const Stage& stage) const;
  Setting workdir_at_end(const Stage& stage) const;
  ShellSetting shell_at_end(const Stage& stage) const;

  // What rules derive from the document and share (see parsers/derived.h).
  const Derived& derived() const { return derived_; }

 private:
  friend class DocumentBuilder;

  // The ARG/ENV definitions of one scope (the global ARGs, or one stage), indexed by name.
  class Scope {
   public:
    void add(std::string name, VariableValue value, std::size_t instruction);
    // The last definition of `name` made by an instruction before `before`, or null.
    const VariableValue* find(std::string_view name, std::size_t before) const;

   private:
    struct Definition {
      std::size_t instruction;  // index of the ARG/ENV that made it
      VariableValue value;
    };
    std::map<std::string, std::vector<Definition>, std::less<>> by_name_;
  };
  struct State {  // USER, WORKDIR and SHELL at one point
    Setting user;
    Setting workdir;
    ShellSetting shell;
  };

  const Instruction& top_level(const Instruction& at) const;  // an ONBUILD trigger's ONBUILD
  std::optional<VariableValue> stage_variable(std::size_t stage, std::string_view name, std::size_t before) const;
  std::optional<VariableValue> global_variable(std::string_view name, std::size_t before) const;
  std::optional<std::string> build_arg(std::string_view name) const;

  const SourceFile* source_;
  ParseOptions options_;
  char escape_ = '\\';
  std::vector<Directive> directives_;
  std::vector<Comment> comments_;
  std::vector<EmptyContinuation> empty_continuations_;
  std::vector<Instruction> instructions_;
  std::vector<Stage> stages_;
  std::size_t final_stage_ = 0;
  std::size_t first_from_ = 0;  // index of the first FROM
  Scope global_scope_;                // global ARGs
  std::vector<Scope> stage_scopes_;   // per stage
  std::vector<State> before_;                              // per instruction
  std::vector<State> at_end_;                              // per stage
  Derived derived_;
};

}  // namespace shipshape::dockerfile
