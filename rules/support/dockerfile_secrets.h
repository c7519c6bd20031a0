#pragma once
// Secrets in a Dockerfile, shared by DL3064 (secret-named ARG/ENV), DF105 (credential-shaped values) and
// sensitive_ranges(Document), which masks every secret value in outputs that quote the source whatever rules run.

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/dockerfile/document.h"
#include "parsers/source.h"

namespace shipshape::rules::dockerfile_support {

// One variable an ARG or ENV instruction defines (ONBUILD triggers included), or one LABEL.
struct Definition {
  const dockerfile::Instruction* instruction = nullptr;  // the ARG, ENV or LABEL (or the trigger)
  std::string name;                                      // expanded when possible, quotes removed
  Range name_range;
  bool has_value = false;  // ARG without '=' has none
  Range value_range;       // the value as written (quotes included)
  std::string_view value;  // the value as written: a view of the source
};

// Every ARG declaration, ENV pair and LABEL pair, in file order.
std::vector<Definition> definitions(const dockerfile::Document& document);

// The names a `RUN --mount=type=secret` consumes, by `id=` or `env=` (as written, and expanded).
std::set<std::string, std::less<>> secret_mount_names(const dockerfile::Document& document);

// A value that merely refers to another variable (`$X`, `${X}`, `"${X:-}"`) or is empty: nothing secret is
// written in the Dockerfile.
bool is_reference_or_empty(std::string_view written_value);

// The written value without surrounding quotes ("'abc'" -> "abc").
std::string_view unquoted(std::string_view written_value);

// Whether a RUN with this text may assign a secret-named shell variable (`DB_PASSWORD=x cmd`, `export TOKEN=x`):
// a quick look at the text, so that RUNs without one need not be parsed as shell.
bool may_assign_secret(std::string_view run_text);

// A credential written in the Dockerfile.
struct CredentialHit {
  const dockerfile::Instruction* instruction = nullptr;  // top level (an ONBUILD for a trigger)
  std::string_view kind;                                 // "GitHub token", "AWS secret access key", ...
  Range range;                                           // exactly the credential
  std::string holder;  // what holds it, for messages: "ENV `GITHUB_TOKEN`", "ARG `X` default", "LABEL `k`", "RUN"
};

// Every credential in the instructions' source (values of ENV/ARG/LABEL, RUN commands and heredocs, COPY/ADD
// heredocs and URLs, CMD/ENTRYPOINT/HEALTHCHECK), by shape (secrets::find_credentials), plus 40-character AWS secret
// access keys under a secret name (ENV/ARG/LABEL, RUN assignments and `export`) or anywhere in a file that also holds
// an AWS access key ID. In file order, without overlaps. Computed once per document (the rule and the output
// masking both ask).
const std::vector<CredentialHit>& find_credentials(const dockerfile::Document& document);

}  // namespace shipshape::rules::dockerfile_support
