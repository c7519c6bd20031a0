#pragma once
// IAM role references as task definitions write them (`taskRoleArn`, `executionRoleArn`): a full ARN
// (`arn:aws:iam::123456789012:role/path/name`, any partition such as aws-cn or aws-us-gov) or a short role name.

#include <optional>
#include <string>
#include <string_view>

namespace shipshape::rules::iam {

struct RoleReference {
  std::string name;     // the role name, without its path
  std::string account;  // the 12-digit account id; empty when not written (a short name) or not a literal
};

// The role a reference names; nullopt when the name is not a literal (a placeholder such as `${role}` or
// `$$$TASK_ROLE$$$`), or when the text is not a role reference (an ARN of another service or resource type, a
// malformed name). Trailing slashes are ignored.
std::optional<RoleReference> parse_role(std::string_view text);

// Do two references name the same role? IAM role names are unique in an account whatever their case (IAM
// refuses to create `MyRole` beside `myrole`), so names compare case-insensitively; accounts are compared only
// when both are known.
bool same_role(const RoleReference& a, const RoleReference& b);

// `ecsTaskExecutionRole`, `my-ecs-task-execution-role`, `app_exec_role`: a name that says "execution role"
// (compared in lower case with `-_.` and the other separators removed).
bool looks_like_execution_role(std::string_view name);
// `ecsTaskRole`, `app-task-role`: a name that says "task role" and not "execution" (or "exec").
bool looks_like_task_role(std::string_view name);

}  // namespace shipshape::rules::iam
