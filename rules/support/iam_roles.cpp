#include "rules/support/iam_roles.h"

#include <algorithm>

#include "parsers/ecs/values.h"
#include "parsers/text.h"

namespace shipshape::rules::iam {

namespace {

// IAM role names: letters, digits and `+=,.@_-`, at most 64 characters.
bool valid_role_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '=' ||
           c == ',' || c == '.' || c == '@' || c == '_' || c == '-';
  });
}

bool is_account_id(std::string_view account) {
  return account.size() == 12 &&
         std::all_of(account.begin(), account.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool has_placeholder(std::string_view text) { return ecs::find_placeholder(text) != ecs::Placeholder::none; }

// The last segment of a role path: `path/to/name` -> `name`.
std::string_view last_segment(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// Lower case without separators: `ecs-Task_Execution.Role` -> `ecstaskexecutionrole`.
std::string squashed(std::string_view name) {
  std::string out;
  for (const char c : name) {
    if (c != '-' && c != '_' && c != '.' && c != '+' && c != '=' && c != ',' && c != '@') out += text::ascii_lower(c);
  }
  return out;
}

}  // namespace

std::optional<RoleReference> parse_role(std::string_view text) {
  std::string_view rest = text;
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.empty()) return std::nullopt;
  RoleReference role;
  if (rest.rfind("arn:", 0) == 0) {
    // arn:<partition>:iam::<account>:role/<path/>name
    const std::vector<std::string_view> parts = text::split(rest, ':');
    if (parts.size() != 6) return std::nullopt;
    const std::string_view partition = parts[1], service = parts[2], account = parts[4], resource = parts[5];
    if (!has_placeholder(partition) && partition.rfind("aws", 0) != 0) return std::nullopt;
    if (service != "iam" || resource.rfind("role/", 0) != 0) return std::nullopt;
    if (!has_placeholder(account) && is_account_id(account)) role.account = std::string(account);
    rest = resource.substr(5);
  }
  const std::string_view name = last_segment(rest);
  if (has_placeholder(name) || !valid_role_name(name)) return std::nullopt;
  role.name = std::string(name);
  return role;
}

bool same_role(const RoleReference& a, const RoleReference& b) {
  if (!text::iequals(a.name, b.name)) return false;
  return a.account.empty() || b.account.empty() || a.account == b.account;
}

bool looks_like_execution_role(std::string_view name) {
  const std::string s = squashed(name);
  return s.find("executionrole") != std::string::npos || s.find("execrole") != std::string::npos;
}

bool looks_like_task_role(std::string_view name) {
  const std::string s = squashed(name);
  return s.find("taskrole") != std::string::npos && s.find("exec") == std::string::npos;
}

}  // namespace shipshape::rules::iam
