#pragma once
// Configuration: what a `.shipshape.yaml` holds, and the settings that apply to one file after layering
// defaults < config file < the file's per-path overrides < command line.

#include <atomic>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
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

// A flag set by the threads of a lint run and read after they joined. Only ever set, never cleared, so its final
// value does not depend on the order in which files were linted. Copyable (copies the current value), so that the
// structs holding it stay value types.
class UsageFlag {
 public:
  UsageFlag() = default;
  UsageFlag(const UsageFlag& other) : value_(other.get()) {}
  UsageFlag& operator=(const UsageFlag& other) {
    value_.store(other.get(), std::memory_order_relaxed);
    return *this;
  }
  void set() const { value_.store(true, std::memory_order_relaxed); }
  bool get() const { return value_.load(std::memory_order_relaxed); }

 private:
  mutable std::atomic<bool> value_{false};
};

// A finding to drop, for files that cannot carry comments (task definitions are strict JSON).
struct PointerIgnore {
  std::vector<std::string> paths;  // globs relative to the config file's directory; empty means every file
  std::string pointer;             // JSON Pointer; `*` matches one segment, `**` any number
  std::vector<std::string> rules;  // rule ids, id prefixes or names; empty means every rule
  std::string reason;
  Range location;                  // where the entry is in the config file (to report it when unused)
  // Filled in while linting with the loaded configuration (see apply_pointer_ignores): `applied` once a task
  // definition the entry covers was linted, `used` once it suppressed a finding. An entry that applied but was
  // never used is reported as SS001.
  UsageFlag applied;
  UsageFlag used;

  // Does the entry name this rule (by id, id prefix, name or ALL)?
  bool covers_rule(const rules::RuleInfo& rule) const;
};

// True when `pointer` (RFC 6901) equals `pattern` or lies below it. A pattern segment that is exactly `*` matches
// one segment, `**` any number of segments (zero included); other segments compare as written (escaped).
bool pointer_matches(std::string_view pattern, std::string_view pointer);

struct ConfigFile {
  std::filesystem::path path;  // empty: no config file (defaults)
  std::filesystem::path root;  // directory the globs are relative to
  RuleSettings settings;
  std::vector<PathOverride> overrides;
  std::vector<PointerIgnore> ignores;
  std::optional<rules::Severity> fail_level;  // unset: the default (warning), unless fail_level_none
  bool fail_level_none = false;              // `fail-level: none`: findings never fail the run
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
