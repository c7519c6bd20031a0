// DL3064: an ARG or ENV whose name says it holds a secret.
#include <algorithm>

#include "parsers/dockerfile/document.h"
#include "parsers/text.h"
#include "rules/rule.h"
#include "rules/support/dockerfile_secrets.h"
#include "rules/support/secret_name_options.h"
#include "rules/support/secrets.h"

namespace shipshape::rules::dockerfile_rules {

namespace {

constexpr std::string_view kTags[] = {"security", "secrets"};


// `**None**`, `<null>`, `unset`: a sentinel that says no secret is set (e.g. the tutum images' `**None**`).
bool no_value_sentinel(std::string_view value) {
  std::string_view v = text::trim(value);
  while (!v.empty() && (v.front() == '*' || v.front() == '<' || v.front() == '_')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == '*' || v.back() == '>' || v.back() == '_')) v.remove_suffix(1);
  static constexpr std::string_view kWords[] = {"none", "null", "nil", "unset", "undefined", "empty"};
  const std::string lower = text::to_lower(v);
  return std::find(std::begin(kWords), std::end(kWords), lower) != std::end(kWords);
}

void check(const dockerfile::Document& document, Report& report) {
  const secrets::NameWords words = secrets::name_words(report.options());
  const auto mounted = dockerfile_support::secret_mount_names(document);
  for (const dockerfile_support::Definition& d : dockerfile_support::definitions(document)) {
    const dockerfile::Instruction& inst = *d.instruction;
    const bool env = inst.is(dockerfile::InstructionKind::env);
    if (!env && !inst.is(dockerfile::InstructionKind::arg)) continue;
    if (mounted.count(d.name) > 0) continue;  // consumed through a secret mount: the right way
    const secrets::NameVerdict verdict = secrets::classify_name(d.name, words.extra_secret, words.extra_allow);
    if (!verdict.secret) continue;
    // `ENV TOKEN=` clears a variable, `ENV TOKEN=**None**` says it is not set: nothing secret is stored. (An ARG's
    // empty default is still replaced by the --build-arg value, which the history records.)
    if (env && (text::trim(dockerfile_support::unquoted(d.value)).empty() ||
                        no_value_sentinel(dockerfile_support::unquoted(d.value)))) {
      continue;
    }
    std::string value;
    if (d.has_value && !dockerfile_support::is_reference_or_empty(d.value)) {
      value = fmt::format(" (value `{}`)", secrets::redact(dockerfile_support::unquoted(d.value)));
    }
    report.at(d.name_range,
              "{} `{}`{} looks like a secret ({}): {} values are stored in the image{}; use a secret mount "
              "instead",
              env ? "ENV" : "ARG", d.name, value, verdict.reason, env ? "ENV" : "build argument",
              env ? " and visible to `docker inspect`" : " history");
  }
}

}  // namespace

extern const DockerfileRule secret_in_arg_or_env{
    .info =
        {
            .id = "DL3064",
            .name = "secret_in_arg_or_env",
            .severity = Severity::warning,
            .title = "Secret passed through ARG or ENV",
            .rationale = R"(`ENV` values are part of the image's configuration: anyone who can pull the image reads
them with `docker inspect`, and every container started from it inherits them. `ARG` values are not kept in the
environment, but they are recorded in the image history (`docker history`), in the build cache and in provenance
attestations. Neither is a place for passwords, tokens or keys.

The rule judges the variable's name: it splits `DB_PASSWORD`, `githubToken` or `stripe-api-key` into words and
looks for secret words (password, passwd, passphrase, secret, token, credential, api key, private key, access key,
...), unless a word says the variable refers to a secret instead of holding it (`_FILE`, `_PATH`, `_URL`, `_ARN`,
`_ID`, `_NAME`, `PUBLIC`, ...). A variable consumed through `RUN --mount=type=secret` (its `id=` or `env=`) is
already handled the right way and is not reported. An `ENV` with an empty value (`ENV NAME=`) or a sentinel meaning
"not set" (`**None**`, `null`, `unset`) stores nothing and is not reported either; an `ARG` is, whatever its
default, since the value passed with `--build-arg` is what the history records.)",
            .fix = R"(Pass the secret as a BuildKit secret, available only to the RUN that needs it and never
stored in a layer:

```dockerfile
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
```

and build with `docker build --secret id=npm_token,env=NPM_TOKEN .`. Runtime secrets belong to the orchestrator
(ECS `secrets`, Kubernetes Secrets), not to the image.)",
            .tags = kTags,
            .security_severity = "7.5",
            .options = secrets::kNameWordOptions,
            .example_bad = R"(FROM node:20.12-bookworm-slim
ARG NPM_TOKEN
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
)",
            .example_good = R"(FROM node:20.12-bookworm-slim
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \
    echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc
)",
            .see_also = "hadolint DL3064, BuildKit SecretsUsedInArgOrEnv, Trivy DS-0031 (AVD-DS-0031)",
        },
    .check = check,
};

}  // namespace shipshape::rules::dockerfile_rules
