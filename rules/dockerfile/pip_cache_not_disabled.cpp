// DL3042: `pip install` without `--no-cache-dir` (or another way of keeping pip's cache out of the layer), in a
// stage that ships.
#include <algorithm>

#include "parsers/dockerfile/document.h"
#include "parsers/text.h"
#include "rules/rule.h"
#include "rules/support/package_managers.h"

namespace shipshape::rules::dockerfile_rules {

namespace {

namespace support = dockerfile_support;

constexpr std::string_view kTags[] = {"image-size", "best-practice"};
constexpr std::string_view kVariable = "PIP_NO_CACHE_DIR";

// pip reads PIP_NO_CACHE_DIR with strtobool and, for backward compatibility, disables the cache for false values
// too; a value strtobool rejects is an error. So any boolean spelling turns the cache off.
bool pip_boolean(std::string_view value) {
  static constexpr std::string_view kWords[] = {"1", "0", "y", "n", "yes", "no", "t", "f",
                                                "true", "false", "on", "off"};
  const std::string lower = text::to_lower(text::trim(value));
  return std::find(std::begin(kWords), std::end(kWords), lower) != std::end(kWords);
}

// `PIP_NO_CACHE_DIR=1` as a word (an assignment prefix, `export`, `env`).
bool sets_variable(std::string_view word) {
  if (word.substr(0, kVariable.size()) != kVariable || word.size() <= kVariable.size() ||
      word[kVariable.size()] != '=') {
    return false;
  }
  return pip_boolean(word.substr(kVariable.size() + 1));
}

// The command disables pip's cache for itself: `PIP_NO_CACHE_DIR=1 pip ...`, `env PIP_NO_CACHE_DIR=1 pip ...`.
bool disabled_inline(const shell::Command& command) {
  for (const shell::Assignment& assignment : command.assignments) {
    if (assignment.name == kVariable && assignment.value.value && pip_boolean(*assignment.value.value)) return true;
  }
  const std::size_t wrapper_words = command.program_position == 0 ? 0 : command.program_position - 1;
  for (std::size_t i = 0; i < wrapper_words && i < command.arguments.size(); ++i) {
    if (command.arguments[i].value && sets_variable(*command.arguments[i].value)) return true;
  }
  return false;
}

// `export PIP_NO_CACHE_DIR=1` or `pip config set global.no-cache-dir ...`: the rest of the script (or, for the
// config file, the rest of the build) runs without the cache.
bool disables_for_later(const shell::Command& command) {
  if (command.kind == shell::CommandKind::declaration) {
    return std::any_of(command.arguments.begin(), command.arguments.end(),
                       [](const shell::Word& w) { return w.value && sets_variable(*w.value); });
  }
  const auto pip = support::as_pip(command.unwrapped());
  if (!pip || pip->subcommand == nullptr || !pip->subcommand->is("config")) return false;
  const std::span<const shell::Word* const> rest = pip->args.operands_after_subcommand();
  return rest.size() >= 2 && rest[0]->is("set") && rest[1]->value &&
         text::iends_with(*rest[1]->value, ".no-cache-dir");
}

// The first shipped RUN that runs `pip config set global.no-cache-dir ...`: pip's configuration file then disables
// the cache for every later RUN of the stages that ship (they are one chain of stages).
std::optional<std::size_t> first_config_run(const dockerfile::Document& document) {
  for (const dockerfile::Instruction* run : support::shipped_runs(document)) {
    if (!run->script) continue;
    const support::RunCommands& commands = support::run_commands(document, *run);
    if (commands.any([](const shell::Command& c) {
          const auto pip = support::as_pip(c.unwrapped());
          return pip && pip->subcommand && pip->subcommand->is("config") && disables_for_later(c);
        })) {
      return run->index;
    }
  }
  return std::nullopt;
}

// ENV or ARG PIP_NO_CACHE_DIR declared in the Dockerfile: true when it disables the cache, or when only the build
// knows its value (unknown values are not reported).
bool environment_disables(const dockerfile::Document& document, const dockerfile::Instruction& run) {
  if (!document.declared(kVariable, run)) return false;
  const auto value = document.variable(kVariable, run);
  return value && (!value->known || pip_boolean(value->value));
}

bool removes_cache(const shell::Command& command, std::string_view home) {
  const auto pip = support::as_pip(command.unwrapped());
  if (pip && pip->subcommand && pip->subcommand->is("cache")) {
    const std::span<const shell::Word* const> rest = pip->args.operands_after_subcommand();
    return !rest.empty() && (rest.front()->is("purge") || rest.front()->is("remove"));
  }
  const std::string cache = std::string(home) + "/.cache/pip";
  return support::removes(command, home, [&](std::string_view removed) {
    return support::removal_covers(removed, cache) || text::iends_with(removed, "/.cache/pip") ||
           text::iends_with(removed, "/.cache");
  });
}

bool mounted_cache(const dockerfile::Document& document, const dockerfile::Instruction& run, std::string_view home) {
  const std::string cache = std::string(home) + "/.cache/pip";
  for (const std::string& target : support::cache_mount_targets(document, run)) {
    if (support::path_within(cache, target) || text::iends_with(target, "/.cache/pip") ||
        text::iends_with(target, "/.cache")) {
      return true;
    }
  }
  return false;
}

void check(const dockerfile::Document& document, Report& report) {
  const std::optional<std::size_t> configured = first_config_run(document);
  for (const dockerfile::Instruction* run : support::shipped_runs(document)) {
    if (!run->script) continue;
    const std::string home = support::home_of(document, *run);
    if (environment_disables(document, *run) || mounted_cache(document, *run, home)) continue;
    const support::RunCommands& commands = support::run_commands(document, *run);
    for (const shell::Command* command : commands.commands()) {
      const auto pip = support::as_pip(command->unwrapped());
      if (!pip || pip->subcommand == nullptr) continue;
      if (!pip->subcommand->is("install") && !pip->subcommand->is("download") && !pip->subcommand->is("wheel")) {
        continue;
      }
      if (pip->args.has_option("--no-cache-dir") || pip->args.has_dynamic() || disabled_inline(*command)) continue;
      if (commands.any_before(*command, disables_for_later)) continue;
      if (commands.any_after(*command, [&](const shell::Command& c) { return removes_cache(c, home); })) continue;
      if (configured && *configured < run->index) continue;
      report.at(pip->span, "`{}` without `--no-cache-dir` leaves downloaded packages in pip's cache ({}/.cache/pip)",
                pip->display, home);
    }
  }
}

}  // namespace

extern const DockerfileRule pip_cache_not_disabled{
    .info =
        {
            .id = "DL3042",
            .name = "pip_cache_not_disabled",
            .severity = Severity::warning,
            .title = "pip install without --no-cache-dir",
            .rationale = R"(pip keeps every wheel and source archive it downloads in its cache (`~/.cache/pip`,
`/root/.cache/pip` for root). In an image that cache is dead weight, often as large as the installed packages
themselves, and since each RUN is a layer it has to be kept out of the layer by the RUN that installs.

The rule covers `pip`, `pip3`, `pip3.12`, `python -m pip` and `python3.12 -m pip`, for `install`, `download` and
`wheel` (all three fill the cache). The cache counts as disabled with `--no-cache-dir`; with `PIP_NO_CACHE_DIR` set
in an `ENV` or `ARG` of the stage, as an assignment before the command or exported earlier in the RUN (pip treats
any boolean value, even `0` or `false`, as "no cache", for backward compatibility); after
`pip config set global.no-cache-dir ...` in an earlier RUN; when `pip cache purge` or `rm -rf` of the cache follows
in the same RUN; and when a cache or tmpfs mount covers the cache directory. Only the stages that ship are checked
(the final stage or `--target`, and the stages it is built `FROM`): a virtual environment built in a builder stage
and copied out leaves the cache behind.)",
            .fix = R"(Add `--no-cache-dir`, set it once for the stage, or use a cache mount to keep the cache between
builds without shipping it:

```dockerfile
ENV PIP_NO_CACHE_DIR=1
RUN pip install -r requirements.txt

RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
```)",
            .tags = kTags,
            .example_bad = R"(FROM python:3.12-slim
COPY requirements.txt .
RUN pip install -r requirements.txt
)",
            .example_good = R"(FROM python:3.12-slim
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
)",
            .see_also = "hadolint DL3042",
            .reads_run = [](std::string_view run_text) { return mentions(run_text, "pip"); },
        },
    .check = check,
};

}  // namespace shipshape::rules::dockerfile_rules
