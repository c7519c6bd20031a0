#pragma once
// Package managers as they appear in RUN: their option syntax, the commands that fill a cache, the commands and
// paths that empty it, and the shared check of the "clean the cache in the same RUN" rules (DL3009, DL3019,
// DL3032, DL3036, DL3040, DL3060, DF103).

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/dockerfile/document.h"
#include "parsers/shell/script.h"
#include "rules/rule.h"
#include "rules/support/dockerfile_helpers.h"

namespace shipshape::rules::dockerfile_support {

// Option syntaxes (the options that take a value), for shell::CommandView::args.
const shell::OptionSyntax& apt_syntax();     // apt-get, apt, aptitude
const shell::OptionSyntax& apk_syntax();
const shell::OptionSyntax& rpm_manager_syntax();  // yum, dnf, microdnf, tdnf
const shell::OptionSyntax& zypper_syntax();
const shell::OptionSyntax& pip_syntax();
const shell::OptionSyntax& yarn_syntax();

// A command of a package manager, with its arguments parsed.
struct ManagerCommand {
  shell::CommandView view;
  shell::Arguments args;
  const shell::Word* subcommand = nullptr;  // null when there is none (`yarn` alone)
  Range span;                               // the program's name up to the subcommand
  std::string display;                      // "apt-get update", "python3 -m pip install"
};

ManagerCommand manager_command(const shell::CommandView& view, const shell::OptionSyntax& syntax);

// pip, pip3, pip3.12 (and pip2), or `python[3[.12]] -m pip`: the pip command with pip's arguments; nullopt for
// anything else.
std::optional<ManagerCommand> as_pip(const shell::CommandView& view);

// What one "clean the cache in the same RUN" rule looks for.
struct CacheCleanup {
  std::vector<std::string_view> programs;     // the managers it covers: {"yum"}
  const shell::OptionSyntax* syntax = nullptr;
  std::vector<std::string_view> fills;        // subcommands that fill the cache: {"install", ...}
  bool (*fills_cache)(const ManagerCommand&) = nullptr;  // instead of `fills`, when set
  // Commands that empty the cache: one of `clean_programs` whose first operands are one of `clean_commands`
  // (options may be mixed in), e.g. {"yum", "dnf"} with {{"clean", "all"}}.
  std::vector<std::string_view> clean_programs;
  std::vector<std::vector<std::string_view>> clean_commands;
  std::vector<std::string_view> cache_dirs;   // `rm -rf` of one of these (or a parent) empties the cache, and a
                                              // cache or tmpfs mount over one of them keeps it out of the image
  std::string_view remedy;                    // "`yum clean all`", for messages
  std::string_view leaves = "its cache";      // what stays behind: "its package cache", "package lists"
};

// yum/dnf/microdnf/tdnf subcommands that download metadata or packages into the cache: install, update, upgrade,
// reinstall, downgrade, distro-sync, makecache, localinstall, groupinstall, `group install`, `module install`, ...
bool rpm_fills_cache(const ManagerCommand& command);

// Reports, for each RUN of the shipped stages, the first cache-filling command that nothing after it in the same RUN
// cleans (and no cache mount covers), at the command's program and subcommand.
void check_cache_cleanup(const dockerfile::Document& document, Report& report, const CacheCleanup& rule);

// Whether the command empties the cache as `rule` describes (its clean command, or `rm` of a cache directory).
bool cleans_cache(const shell::Command& command, const CacheCleanup& rule, std::string_view home);

}  // namespace shipshape::rules::dockerfile_support
