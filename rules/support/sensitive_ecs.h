#pragma once
// Secrets in task definitions: the scan behind ECS104 (secret_in_environment) and behind
// sensitive_ranges(TaskDefinitionFile), which outputs use to mask source text whatever rules are enabled.
//
// Per container it finds:
//  - an AWS credential variable in `environment` (Security Hub ECS.8's AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
//    ECS_ENGINE_AUTH_DATA, plus AWS_SESSION_TOKEN), whatever its value: a placeholder filled in at deploy time
//    still ends up in plain text in the registered task definition;
//  - a credential recognised by its shape (secrets::find_credentials) in any string of the container:
//    `environment`, `command`, `entryPoint`, `healthCheck.command`, `dockerLabels`, `logConfiguration.options`,
//    `firelensConfiguration.options`, ...; and a 40-character AWS secret key beside an AWS access key id;
//  - a secret-like name (secrets::classify_name) with a literal value: `environment` variables, log options such
//    as `splunk-token`, and in `command`/`entryPoint`/`healthCheck.command` `--password=x`, `--token x` and
//    `DB_PASSWORD=x` words.
// Values that are not literals (placeholders, `$VAR`, empty, words such as "example", "redacted" or "none") are not
// secrets, and neither are references (`arn:...`, absolute paths), short numbers or switches ("true", "off"). Weak
// defaults such as "password" or "changeme" are: in a task definition nothing replaces them before the container
// starts.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parsers/ecs/model.h"

namespace shipshape::rules::ecs_secrets {

enum class Evidence : std::uint8_t {
  aws_name,     // an AWS credential variable in `environment`, whatever its value
  credential,   // a value recognised by its shape
  secret_name,  // a secret-like name (variable, option, flag) with a literal value
};

struct Hit {
  Evidence evidence = Evidence::credential;
  // Where, for messages: "environment variable `DB_PASSWORD`", "`command`", "label `x`".
  std::string place;
  // credential: its kind ("GitHub token"); secret_name: the word that makes the name secret, or the flag
  // ("`--password`"); aws_name: the variable's name.
  std::string detail;
  // Where a finding points: the secret inside its value (or the variable's name when there is no value).
  Range range;
  std::string pointer;          // JSON Pointer of the value holding it
  std::string redacted;         // the secret, redacted (secrets::redact); empty when it is not a literal
  std::optional<Range> secret;  // the source range of the literal secret, to mask
};

struct ScanOptions {
  std::vector<std::string> extra_secret_words;  // lower case, passed to secrets::classify_name
  std::vector<std::string> extra_allow_words;
};

// A literal value that may be a secret: not empty, not a placeholder (`${x}`, `$$$X$$$`, `{{x}}`, `<x>`, `$VAR`,
// "example", "none", ...), not a reference (`arn:...`, an absolute path), not a short number or a switch ("on",
// "true"). Weak defaults ("password", "changeme") are literals.
bool is_literal_secret_value(std::string_view value);

// Words of a command string, split on whitespace and `;`, `&`, `|`: [begin, end) byte offsets into `s`.
std::vector<std::pair<std::size_t, std::size_t>> shell_tokens(std::string_view s);

// Every secret in one container, in a deterministic order (environment, command words, labels, log options, the
// rest of the container in source order).
std::vector<Hit> scan_container(const ecs::TaskDefinitionFile& file, const ecs::Located<ecs::Container>& container,
                                const ScanOptions& options = {});

}  // namespace shipshape::rules::ecs_secrets
