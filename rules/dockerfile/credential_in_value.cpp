// DF105: a credential written in the Dockerfile, recognised by its shape whatever the name of what holds it.
#include "parsers/dockerfile/document.h"
#include "rules/rule.h"
#include "rules/support/dockerfile_secrets.h"
#include "rules/support/secrets.h"

namespace shipshape::rules::dockerfile_rules {

namespace {

constexpr std::string_view kTags[] = {"security", "secrets"};

void check(const dockerfile::Document& document, Report& report) {
  const SourceFile& source = document.source();
  for (const dockerfile_support::CredentialHit& hit : dockerfile_support::find_credentials(document)) {
    // "an AWS access key ID", "an API token", "a GitHub token"
    const std::string_view article = hit.kind.front() == 'A' ? "an" : "a";
    report.at(hit.range, "{} holds {} {} (`{}`): anyone with the Dockerfile or the image can use it", hit.holder,
              article, hit.kind, secrets::redact(source.slice(hit.range)));
  }
}

}  // namespace

extern const DockerfileRule credential_in_value{
    .info =
        {
            .id = "DF105",
            .name = "credential_in_value",
            .severity = Severity::error,
            .title = "Credential written in the Dockerfile",
            .rationale = R"(A credential in a Dockerfile is published twice: to everyone who can read the repository,
and, when it sits in an `ENV`, `ARG` default, `LABEL` or `RUN` command, to everyone who can pull the image, since
the value is stored in its configuration or history. Deleting it in a later commit or layer does not help; it has
to be revoked.

The rule recognises credentials by their shape, whatever holds them: AWS access key IDs (`AKIA...`), AWS secret
access keys (40 characters, next to an access key ID or under a secret name), GitHub, GitLab, Slack, Stripe, npm,
PyPI, Hugging Face, Docker Hub, Google API and other prefixed tokens, PEM private keys, JSON Web Tokens and URLs
with a password (`https://user:pass@host`). It reads the values of `ENV`, `ARG` and `LABEL`, `RUN` commands and
their heredocs (`curl -H "Authorization: token ghp_..."`, `git clone https://user:pass@...`), `COPY`/`ADD` heredocs
and URLs, and `CMD`/`ENTRYPOINT`. Values that only refer to a secret (`${TOKEN}`) are not credentials. Messages
show the value redacted.)",
            .fix = R"(Revoke the credential, then pass it at build time as a BuildKit secret, which never reaches a
layer:

```dockerfile
RUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN \
    git clone "https://x-access-token:${GITHUB_TOKEN}@github.com/org/private.git"
```)",
            .tags = kTags,
            .security_severity = "9.0",
            .example_bad = R"(FROM alpine:3.20
ENV AWS_ACCESS_KEY_ID=AKIAFAKEFAKEFAKEFAKE
)",
            .example_good = R"(FROM alpine:3.20
RUN --mount=type=secret,id=aws,target=/root/.aws/credentials aws s3 cp s3://bucket/file /file
)",
            .see_also = "Trivy secret scanning, Checkov secrets framework, KICS \"Secrets Stored In Dockerfile\"",
            .reads_run = dockerfile_support::may_assign_secret,
        },
    .check = check,
};

}  // namespace shipshape::rules::dockerfile_rules
