#pragma once
// Value-level helpers of the task-definition model, shared by the front ends.

#include <cstdint>
#include <optional>
#include <string_view>

namespace shipshape::ecs {

// Template placeholders that stand for a value filled in later: `${name}` (Terraform templatefile,
// envsubst, CloudFormation Fn::Sub), `$$$NAME$$$` (amazon-ecs-agent's test templates; any run of 3 or
// more `$`), and `{{name}}` (Go templates, Jinja, Handlebars).
enum class Placeholder : std::uint8_t {
  none,     // a plain literal
  partial,  // a literal with a placeholder inside, e.g. "repo:${tag}"
  whole,    // the whole value is one placeholder, e.g. "$$$TASK_ROLE$$$" (surrounding spaces ignored)
};
Placeholder find_placeholder(std::string_view text);

// Task-level `cpu`: CPU units ("1024") or vCPUs ("1 vCPU", "0.25 vcpu", case-insensitive, space optional).
// nullopt when malformed, zero, or not a whole number of units.
std::optional<std::int64_t> parse_task_cpu(std::string_view text);
// Task-level `memory`: MiB ("2048") or GB ("2 GB", "0.5GB", case-insensitive). nullopt when malformed,
// zero, or not a whole number of MiB.
std::optional<std::int64_t> parse_task_memory(std::string_view text);

}  // namespace shipshape::ecs
