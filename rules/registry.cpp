#include "rules/registry.h"

#include <algorithm>

#include "parsers/text.h"
#include "shipshape/version.h"

namespace shipshape::rules {

namespace {

std::vector<RegisteredRule> collect_rules() {
  std::vector<RegisteredRule> rules;
  for (const DockerfileRule* rule : all_dockerfile_rules()) {
    rules.push_back({&rule->info, FileKind::dockerfile, rule, nullptr});
  }
  for (const EcsRule* rule : all_ecs_rules()) rules.push_back({&rule->info, FileKind::ecs, nullptr, rule});
  for (const MetaRule* rule : all_meta_rules()) rules.push_back({&rule->info, FileKind::any, nullptr, nullptr});
  std::sort(rules.begin(), rules.end(),
            [](const RegisteredRule& a, const RegisteredRule& b) { return a.info->id < b.info->id; });
  return rules;
}

}  // namespace

const std::vector<RegisteredRule>& all_rules() {
  static const std::vector<RegisteredRule> rules = collect_rules();  // immutable after first use
  return rules;
}

const RegisteredRule* find_rule(std::string_view id_or_name) {
  for (const RegisteredRule& rule : all_rules()) {
    if (text::iequals(rule.info->id, id_or_name) || rule.info->name == id_or_name) return &rule;
  }
  return nullptr;
}

std::vector<const RegisteredRule*> match_rules(std::string_view selector) {
  std::vector<const RegisteredRule*> matched;
  const bool all = text::iequals(selector, "ALL");
  for (const RegisteredRule& rule : all_rules()) {
    if (all || text::istarts_with(rule.info->id, selector) || rule.info->name == selector) {
      matched.push_back(&rule);
    }
  }
  return matched;
}

std::string help_uri(const RuleInfo& rule) { return std::string(kDocsUrl) + std::string(rule.id) + ".md"; }

std::string suggest_rule(std::string_view text) {
  std::vector<std::string_view> candidates;
  for (const RegisteredRule& rule : all_rules()) {
    candidates.push_back(rule.info->id);
    candidates.push_back(rule.info->name);
  }
  return std::string(text::closest_match(text, candidates));
}

}  // namespace shipshape::rules
