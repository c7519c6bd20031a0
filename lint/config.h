#pragma once
// Configuration: what a `.shipshape.yaml` holds, and the settings that apply to one file after layering
// defaults < config file < the file's per-path overrides < command line.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "parsers/source.h"
#include "rules/registry.h"
#include "rules/rule.h"

namespace shipshape::lint {

struct RuleConfig {
  std::optional<rules::Severity> severity;
  std::optional<bool> enabled;  // true turns on even an off-by-default rule; false turns it off
  std::map<std::string, rules::OptionValue, std::less<>> options;
};

// One layer of rule settings: a config file's top level, one of its overrides, or the command line.
struct RuleSettings {
  std::optional<std::vector<std::string>> select;  // replaces the selection (ids, id prefixes, names, ALL)
  std::vector<std::string> extend_select;          // adds to it
  std::vector<std::string> ignore;                 // removes from it
  std::map<std::string, RuleConfig, std::less<>> rules;  // by rule id
};

struct PathOverride {
  std::vector<std::string> files;  // globs relative to the config file's directory
  RuleSettings settings;
};

// A finding to drop, for files that cannot carry comments (task definitions are strict JSON).
struct PointerIgnore {
  std::vector<std::string> paths;  // globs relative to the config file's directory; empty means every file
  std::string pointer;             // JSON Pointer; `*` matches one segment, `**` any number
  std::vector<std::string> rules;  // rule ids or prefixes; empty means every rule
  std::string reason;
  Range location;                  // where the entry is in the config file (to report it when unused)
};

struct ConfigFile {
  std::filesystem::path path;  // empty: no config file (defaults)
  std::filesystem::path root;  // directory the globs are relative to
  RuleSettings settings;
  std::vector<PathOverride> overrides;
  std::vector<PointerIgnore> ignores;
  std::optional<rules::Severity> fail_level;
  std::vector<std::string> exclude;      // globs of paths never linted
  bool inline_suppressions = true;       // false: `# shipshape ignore=` comments are not honoured
  std::vector<std::pair<std::string, std::string>> build_args;
  std::string target;
};

// What applies to one file: indexed like rules::all_rules().
struct EffectiveConfig {
  std::vector<bool> enabled;
  std::vector<rules::Severity> severity;
  std::vector<rules::RuleOptions> options;
  std::vector<const PointerIgnore*> pointer_ignores;  // entries whose paths match this file
  const ConfigFile* file = nullptr;

  bool is_enabled(const rules::RuleInfo& rule) const;
  std::size_t index_of(const rules::RuleInfo& rule) const;
};

// Option values from the rule's declared defaults, overlaid with configured values.
rules::RuleOptions resolve_options(const rules::RuleInfo& rule,
                                   const std::map<std::string, rules::OptionValue, std::less<>>& configured);

// The settings for `relative_path` (relative to config.root, '/'-separated) under `config` and `command_line`.
EffectiveConfig resolve(const ConfigFile& config, const std::string& relative_path, const RuleSettings& command_line);

}  // namespace shipshape::lint
