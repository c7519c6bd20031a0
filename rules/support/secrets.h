#pragma once
// Secrets, shared by the Dockerfile and task-definition rules:
//  - whether a variable *name* says it holds a secret (DB_PASSWORD, GITHUB_TOKEN, stripe_api_key, ...),
//  - whether a literal *value* is a credential whatever its name (AWS keys, GitHub/GitLab/Slack/Stripe tokens,
//    PEM private keys, JWTs, URLs with a password, ...),
//  - redaction for messages (`AKIA************MPLE`), never showing a 6-character piece of the secret,
//  - the source ranges of secret values, which outputs that quote source text mask.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/source.h"

namespace shipshape::dockerfile {
class Document;
}
namespace shipshape::ecs {
struct TaskDefinitionFile;
}

namespace shipshape::rules::secrets {

struct NameVerdict {
  bool secret = false;
  std::string reason;  // the word that made it a secret, e.g. "password", "api key"
};

// Splits the name into words (on `_`, `-`, `.` and camelCase humps) and looks for secret words
// (password, passwd, pwd, pass, passphrase, secret, token, credential(s), auth, api/access/private/secret/signing/
// encryption/client key, ...), unless an allow-word says the variable holds a reference rather than the secret
// itself (..._FILE, _PATH, _URL, _ARN, _NAME, _ID, PUBLIC, ...). `extra_secret_words` and `extra_allow_words` come
// from rule options (lower case, matched as whole words).
NameVerdict classify_name(std::string_view name, const std::vector<std::string>& extra_secret_words = {},
                          const std::vector<std::string>& extra_allow_words = {});

struct CredentialMatch {
  std::string_view kind;   // "AWS access key ID", "GitHub token", "PEM private key", ...
  std::size_t begin = 0;   // byte span of the credential inside the value
  std::size_t end = 0;
};

// The first credential found in `value`, by its shape alone.
std::optional<CredentialMatch> find_credential(std::string_view value);

// Every credential found in `value` (non-overlapping, in order).
std::vector<CredentialMatch> find_credentials(std::string_view value);

// A 40-character AWS secret access key (base64 alphabet, mixed case and digits, not hex). Only meaningful next to
// an access key id or under an AWS secret name: on its own, the shape is too common to report.
bool looks_like_aws_secret_key(std::string_view value);

// Values that stand for a secret instead of being one: empty, `${VAR}`, `$VAR`, `{{ x }}`, `<password>`,
// `$$$X$$$`, `***`, `changeme`-style words like "dummy", "example", "placeholder", "redacted", "none", "null".
bool is_placeholder(std::string_view value);

// `value` with all but at most 4 leading and 4 trailing characters masked (fewer for short values), e.g.
// `AKIA************MPLE`. Never reveals 6 consecutive characters of the value.
std::string redact(std::string_view value);

}  // namespace shipshape::rules::secrets

namespace shipshape::rules {

// Ranges of the source that hold secret values (ENV/ARG values, environment values, ...), found whatever rules
// are enabled, so that outputs quoting source text can mask them.
std::vector<Range> sensitive_ranges(const dockerfile::Document& document);
std::vector<Range> sensitive_ranges(const ecs::TaskDefinitionFile& file);
// Whether sensitive_ranges(Document) needs the shell parse of a RUN with this text (see RuleInfo::reads_run).
bool sensitive_ranges_read_run(std::string_view run_text);

}  // namespace shipshape::rules
