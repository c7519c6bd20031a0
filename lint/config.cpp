#include "lint/config.h"

#include <nlohmann/json.hpp>

#include "parsers/text.h"

namespace shipshape::lint {

namespace {

rules::OptionValue parse_default(const rules::RuleOption& option) {
  const nlohmann::json value = nlohmann::json::parse(option.default_value, nullptr, /*allow_exceptions=*/false);
  switch (option.type) {
    case rules::OptionType::boolean: return value.is_boolean() && value.get<bool>();
    case rules::OptionType::integer:
      return value.is_number_integer() ? value.get<std::int64_t>() : std::int64_t{0};
    case rules::OptionType::string: return value.is_string() ? value.get<std::string>() : std::string();
    case rules::OptionType::string_list: {
      std::vector<std::string> list;
      if (value.is_array()) {
        for (const auto& item : value) {
          if (item.is_string()) list.push_back(item.get<std::string>());
        }
      }
      return list;
    }
  }
  return std::string();
}

using OptionMap = std::map<std::string, rules::OptionValue, std::less<>>;

OptionMap declared_defaults(const rules::RuleInfo& rule) {
  OptionMap values;
  for (const rules::RuleOption& option : rule.options) values[std::string(option.name)] = parse_default(option);
  return values;
}

// Every registered rule's declared defaults, parsed once: resolve() runs for every file linted, and parsing the
// defaults' JSON text each time cost 7% of a corpus run.
const std::vector<OptionMap>& parsed_defaults() {
  static const std::vector<OptionMap> defaults = [] {
    std::vector<OptionMap> out;
    for (const rules::RegisteredRule& registered : rules::all_rules()) {
      out.push_back(declared_defaults(*registered.info));
    }
    return out;
  }();
  return defaults;
}

// `defaults` overlaid with the configured values.
rules::RuleOptions with_configured(OptionMap defaults, const OptionMap& configured) {
  for (const auto& [name, value] : configured) defaults[name] = value;
  return rules::RuleOptions(std::move(defaults));
}

OptionMap default_options(const rules::RuleInfo& rule) {
  const auto& rules = rules::all_rules();
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (rules[i].info == &rule) return parsed_defaults()[i];
  }
  return declared_defaults(rule);  // a rule outside the registry (tests build their own)
}

void apply_selection(const RuleSettings& layer, std::vector<bool>& enabled) {
  const auto& rules = rules::all_rules();
  const auto set_matching = [&](const std::string& selector, bool value) {
    for (const rules::RegisteredRule* rule : rules::match_rules(selector)) {
      enabled[static_cast<std::size_t>(rule - rules.data())] = value;
    }
  };
  if (layer.select) {
    std::fill(enabled.begin(), enabled.end(), false);
    for (const std::string& selector : *layer.select) set_matching(selector, true);
  }
  for (const std::string& selector : layer.extend_select) set_matching(selector, true);
  for (const std::string& selector : layer.ignore) set_matching(selector, false);
}

void apply_layer(const RuleSettings& layer, EffectiveConfig& out,
                 std::vector<std::map<std::string, rules::OptionValue, std::less<>>>& configured_options) {
  apply_selection(layer, out.enabled);
  const auto& rules = rules::all_rules();
  for (const auto& [id, rule_config] : layer.rules) {
    const rules::RegisteredRule* rule = rules::find_rule(id);
    if (rule == nullptr) continue;  // unknown ids are rejected when the config file is loaded
    const auto index = static_cast<std::size_t>(rule - rules.data());
    if (rule_config.severity) out.severity[index] = *rule_config.severity;
    if (rule_config.enabled) out.enabled[index] = *rule_config.enabled;
    for (const auto& [name, value] : rule_config.options) configured_options[index][name] = value;
  }
}

bool matches_any(const std::vector<std::string>& globs, const std::string& relative_path) {
  for (const std::string& glob : globs) {
    if (text::glob_match(glob, relative_path)) return true;
    // A glob without '/' also matches the file name alone, as in .gitignore.
    if (glob.find('/') == std::string::npos) {
      const std::size_t slash = relative_path.rfind('/');
      if (slash != std::string::npos && text::glob_match(glob, relative_path.substr(slash + 1))) return true;
    }
  }
  return false;
}

}  // namespace

bool EffectiveConfig::is_enabled(const rules::RuleInfo& rule) const { return enabled[index_of(rule)]; }

std::size_t EffectiveConfig::index_of(const rules::RuleInfo& rule) const {
  const auto& rules = rules::all_rules();
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (rules[i].info == &rule) return i;
  }
  return 0;
}

rules::RuleOptions resolve_options(const rules::RuleInfo& rule,
                                   const std::map<std::string, rules::OptionValue, std::less<>>& configured) {
  return with_configured(default_options(rule), configured);
}

EffectiveConfig resolve(const ConfigFile& config, const std::string& relative_path, const RuleSettings& command_line) {
  const auto& rules = rules::all_rules();
  EffectiveConfig out;
  out.file = &config;
  out.enabled.resize(rules.size());
  out.severity.resize(rules.size());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    out.enabled[i] = rules[i].info->enabled_by_default;
    out.severity[i] = rules[i].info->severity;
  }
  std::vector<std::map<std::string, rules::OptionValue, std::less<>>> configured_options(rules.size());
  apply_layer(config.settings, out, configured_options);
  for (const PathOverride& override_entry : config.overrides) {
    if (matches_any(override_entry.files, relative_path)) apply_layer(override_entry.settings, out, configured_options);
  }
  apply_layer(command_line, out, configured_options);
  out.options.reserve(rules.size());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    out.options.push_back(with_configured(parsed_defaults()[i], configured_options[i]));
  }
  for (const PointerIgnore& ignore : config.ignores) {
    if (ignore.paths.empty() || matches_any(ignore.paths, relative_path)) out.pointer_ignores.push_back(&ignore);
  }
  return out;
}

}  // namespace shipshape::lint
