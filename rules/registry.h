#pragma once
// Every rule the build found under rules/ (see cmake/rule_index.cmake), and lookups over them.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule.h"

namespace shipshape::rules {

// Generated from the rule files.
std::span<const DockerfileRule* const> all_dockerfile_rules();
std::span<const EcsRule* const> all_ecs_rules();
std::span<const MetaRule* const> all_meta_rules();

struct RegisteredRule {
  const RuleInfo* info = nullptr;
  FileKind kind = FileKind::any;
  const DockerfileRule* dockerfile = nullptr;  // set for Dockerfile rules
  const EcsRule* ecs = nullptr;                // set for task-definition rules
};

// All rules, sorted by id.
const std::vector<RegisteredRule>& all_rules();
// By id ("DL3002", case-insensitive) or name ("last_user_is_root"); nullptr when unknown.
const RegisteredRule* find_rule(std::string_view id_or_name);
// Rule ids that `selector` matches: an exact id, an id prefix ("DL30", "ECS"), a name, or "ALL".
std::vector<const RegisteredRule*> match_rules(std::string_view selector);

// The rule's documentation page: <docs url>/<ID>.md.
std::string help_uri(const RuleInfo& rule);

// The closest id or name to `text`, for "did you mean" hints; empty when nothing is close.
std::string suggest_rule(std::string_view text);

}  // namespace shipshape::rules
