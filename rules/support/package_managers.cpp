#include "rules/support/package_managers.h"

#include <algorithm>

#include "parsers/text.h"

namespace shipshape::rules::dockerfile_support {

const shell::OptionSyntax& apt_syntax() {
  static const shell::OptionSyntax syntax{
      .with_value = {"-o", "--option", "-c", "--config-file", "-t", "--target-release", "--default-release", "-a",
                     "--host-architecture"}};
  return syntax;
}

const shell::OptionSyntax& apk_syntax() {
  static const shell::OptionSyntax syntax{
      .with_value = {"-X", "--repository", "-p", "--root", "-t", "--virtual", "--keys-dir", "--repositories-file",
                     "--cache-dir", "--arch", "--cache-max-age", "--timeout"}};
  return syntax;
}

const shell::OptionSyntax& rpm_manager_syntax() {
  static const shell::OptionSyntax syntax{
      .with_value = {"-c", "--config", "--installroot", "--releasever", "--setopt", "--enablerepo", "--disablerepo",
                     "--repo", "--repoid", "-x", "--exclude", "--downloaddir", "--destdir", "--color", "-d",
                     "--debuglevel", "-e", "--errorlevel", "--rpmverbosity", "--forcearch", "--enableplugin",
                     "--disableplugin", "--repofrompath"}};
  return syntax;
}

const shell::OptionSyntax& zypper_syntax() {
  static const shell::OptionSyntax syntax{
      .with_value = {"-c", "--config", "-R", "--root", "-D", "--reposd-dir", "-C", "--cache-dir", "--raw-cache-dir",
                     "--solv-cache-dir", "--pkg-cache-dir", "-t", "--type", "-r", "--repo", "--from", "-p",
                     "--plus-repo", "--download"}};
  return syntax;
}

const shell::OptionSyntax& pip_syntax() {
  static const shell::OptionSyntax syntax{
      .with_value = {"-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-t", "--target", "-i",
                     "--index-url", "--extra-index-url", "-f", "--find-links", "--prefix", "--root", "--src",
                     "--upgrade-strategy", "--python-version", "--platform", "--implementation", "--abi",
                     "--only-binary", "--no-binary", "--progress-bar", "--trusted-host", "--cache-dir", "--log",
                     "--proxy", "--retries", "--timeout", "--exists-action", "--cert", "--client-cert",
                     "--global-option", "--config-settings", "-C", "--install-option", "--report", "--python", "-d",
                     "--dest", "-w", "--wheel-dir", "--keyring-provider", "--use-feature", "--use-deprecated",
                     "--log-file", "--root-user-action", "--group"}};
  return syntax;
}

const shell::OptionSyntax& yarn_syntax() {
  static const shell::OptionSyntax syntax{
      .with_value = {"--cache-folder", "--modules-folder", "--network-timeout", "--mutex", "--cwd", "--registry",
                     "--global-folder", "--link-folder", "--network-concurrency", "--use-yarnrc", "--preferred-cache-folder",
                     "--otp", "--proxy", "--https-proxy"}};
  return syntax;
}

namespace {

std::string display_of(const shell::CommandView& view, std::string_view program, const shell::Word* subcommand) {
  std::string out(program.empty() ? view.program() : program);
  if (subcommand != nullptr && subcommand->value) out += " " + *subcommand->value;
  return out;
}

bool is_pip_name(std::string_view program) {
  // pip, pip2, pip3, pip3.12
  if (program.substr(0, 3) != "pip") return false;
  const std::string_view version = program.substr(3);
  return std::all_of(version.begin(), version.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

bool is_python_name(std::string_view program) {
  // python, python3, python3.12 (and pypy3)
  std::string_view version;
  if (program.substr(0, 6) == "python") {
    version = program.substr(6);
  } else if (program.substr(0, 4) == "pypy") {
    version = program.substr(4);
  } else {
    return false;
  }
  return std::all_of(version.begin(), version.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

}  // namespace

ManagerCommand manager_command(const shell::CommandView& view, const shell::OptionSyntax& syntax) {
  ManagerCommand out{.view = view, .args = view.args(syntax)};
  out.subcommand = out.args.subcommand();
  out.span = command_span(view, out.subcommand);
  out.display = display_of(view, {}, out.subcommand);
  // Two-word commands (`dnf module install`, `yum group install`, `yarn global add`): show both words.
  if (out.subcommand != nullptr && (out.subcommand->is("group") || out.subcommand->is("groups") ||
                                    out.subcommand->is("module") || out.subcommand->is("global"))) {
    const std::span<const shell::Word* const> rest = out.args.operands_after_subcommand();
    if (!rest.empty() && rest.front()->value) {
      out.span = command_span(view, rest.front());
      out.display += " " + *rest.front()->value;
    }
  }
  return out;
}

std::optional<ManagerCommand> as_pip(const shell::CommandView& view) {
  const std::string_view program = view.program();
  if (is_pip_name(program)) return manager_command(view, pip_syntax());
  if (!is_python_name(program)) return std::nullopt;
  // python [options] -m pip ARGS: the interpreter's options come first; `-m` ends them.
  const std::span<const shell::Word> args = view.arguments();
  for (std::size_t i = 0; i < args.size(); ++i) {
    const shell::Word& word = args[i];
    if (!word.value || word.value->empty() || word.value->front() != '-') return std::nullopt;
    const std::string& v = *word.value;
    std::string_view module;
    std::size_t next = i + 1;
    if (v == "-m") {
      if (i + 1 >= args.size() || !args[i + 1].value) return std::nullopt;
      module = *args[i + 1].value;
      next = i + 2;
    } else if (v.size() > 2 && v[1] == 'm') {
      module = std::string_view(v).substr(2);  // -mpip
    } else if (v == "-c" || v == "-W" || v == "-X" || v == "--check-hash-based-pycs") {
      ++i;  // options taking a value
      continue;
    } else {
      continue;
    }
    if (module != "pip" && !is_pip_name(module)) return std::nullopt;
    ManagerCommand out{.view = view, .args = shell::Arguments(args.subspan(next), pip_syntax())};
    out.subcommand = out.args.subcommand();
    out.span = command_span(view, out.subcommand);
    out.display = fmt::format("{} -m pip{}", program,
                              out.subcommand && out.subcommand->value ? " " + *out.subcommand->value : "");
    return out;
  }
  return std::nullopt;
}

namespace {

bool starts_with_words(const shell::Arguments& args, const std::vector<std::string_view>& words) {
  const std::vector<const shell::Word*>& operands = args.operands();
  if (operands.size() < words.size()) return false;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (!operands[i]->is(words[i])) return false;
  }
  return true;
}

bool mount_covers(const std::vector<std::string>& targets, const std::vector<std::string>& cache_dirs) {
  for (const std::string& target : targets) {
    for (const std::string& dir : cache_dirs) {
      if (path_within(dir, target)) return true;
    }
  }
  return false;
}

// The rule's cache directories with a leading `~` replaced by the home directory.
std::vector<std::string> cache_dirs_for(const CacheCleanup& rule, std::string_view home) {
  std::vector<std::string> dirs;
  for (const std::string_view dir : rule.cache_dirs) {
    dirs.push_back(!dir.empty() && dir.front() == '~' ? std::string(home) + std::string(dir.substr(1))
                                                      : std::string(dir));
  }
  return dirs;
}

bool cleans(const shell::Command& command, const CacheCleanup& rule, const std::vector<std::string>& dirs,
            std::string_view home) {
  const shell::CommandView view = command.unwrapped();
  if (std::find(rule.clean_programs.begin(), rule.clean_programs.end(), view.program()) !=
      rule.clean_programs.end()) {
    const shell::Arguments args = view.args(*rule.syntax);
    for (const std::vector<std::string_view>& words : rule.clean_commands) {
      if (starts_with_words(args, words)) return true;
    }
  }
  return removes(command, home, [&](std::string_view removed) {
    return std::any_of(dirs.begin(), dirs.end(), [&](const std::string& dir) { return removal_covers(removed, dir); });
  });
}

}  // namespace

bool rpm_fills_cache(const ManagerCommand& command) {
  static constexpr std::string_view kFills[] = {
      "install",  "localinstall", "groupinstall", "reinstall", "update", "upgrade", "update-minimal",
      "upgrade-minimal", "downgrade", "distro-sync", "distrosync", "dsync", "makecache", "groupupdate", "in",
      "up", "swap", "builddep", "builddeps", "download"};
  if (command.subcommand == nullptr) return false;
  for (const std::string_view fill : kFills) {
    if (command.subcommand->is(fill)) return true;
  }
  // `yum group install`, `dnf module install`: the second operand says what they do.
  if (command.subcommand->is("group") || command.subcommand->is("groups") || command.subcommand->is("module")) {
    const std::span<const shell::Word* const> rest = command.args.operands_after_subcommand();
    return !rest.empty() && (rest.front()->is("install") || rest.front()->is("update") ||
                             rest.front()->is("upgrade") || rest.front()->is("enable"));
  }
  return false;
}

bool cleans_cache(const shell::Command& command, const CacheCleanup& rule, std::string_view home) {
  return cleans(command, rule, cache_dirs_for(rule, home), home);
}

void check_cache_cleanup(const dockerfile::Document& document, Report& report, const CacheCleanup& rule) {
  for (const dockerfile::Instruction* run : shipped_runs(document)) {
    if (!run->script) continue;
    const std::string home = home_of(document, *run);
    const std::vector<std::string> dirs = cache_dirs_for(rule, home);
    if (mount_covers(cache_mount_targets(document, *run), dirs)) continue;
    const RunCommands& commands = run_commands(document, *run);
    for (const shell::Command* command : commands.commands()) {
      const shell::CommandView view = command->unwrapped();
      if (std::find(rule.programs.begin(), rule.programs.end(), view.program()) == rule.programs.end()) continue;
      const ManagerCommand manager = manager_command(view, *rule.syntax);
      const bool fills = rule.fills_cache != nullptr
                             ? rule.fills_cache(manager)
                             : manager.subcommand != nullptr &&
                                   std::any_of(rule.fills.begin(), rule.fills.end(),
                                               [&](std::string_view s) { return manager.subcommand->is(s); });
      if (!fills) continue;
      if (commands.any_after(*command, [&](const shell::Command& c) { return cleans(c, rule, dirs, home); })) {
        continue;
      }
      report.at(manager.span, "`{}` leaves {} in the image: run {} in the same RUN", manager.display, rule.leaves,
                rule.remedy);
      break;  // one finding per RUN: one cleanup at the end fixes them all
    }
  }
}

}  // namespace shipshape::rules::dockerfile_support
