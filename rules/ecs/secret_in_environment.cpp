// ECS104: a secret in plain text in a container definition: AWS credential variables in `environment` (Security
// Hub ECS.8), credentials recognised by their shape anywhere in the container, and literal values under secret-like
// names (environment variables, log options, command-line flags). See rules/support/sensitive_ecs.h.
#include <fmt/format.h>

#include "parsers/ecs/model.h"
#include "rules/rule.h"
#include "rules/support/ecs_helpers.h"
#include "rules/support/secret_name_options.h"
#include "rules/support/sensitive_ecs.h"

namespace shipshape::rules::ecs_rules {

namespace {

constexpr std::string_view kTags[] = {"security", "secrets"};

std::string article(std::string_view kind) {
  const bool vowel = !kind.empty() && std::string_view("AEIOUaeiou").find(kind.front()) != std::string_view::npos;
  return fmt::format("{} {}", vowel ? "an" : "a", kind);
}

std::string message(const std::string& label, const ecs_secrets::Hit& hit) {
  const std::string shown = hit.redacted.empty() ? std::string() : fmt::format(" ({})", hit.redacted);
  switch (hit.evidence) {
    case ecs_secrets::Evidence::aws_name:
      if (hit.redacted.empty()) {
        return fmt::format(
            "{} passes {} through `environment`: whatever fills it in is stored in plain text in the "
            "task definition; use the task role, or `secrets`",
            label, hit.detail);
      }
      return fmt::format("{} sets {} in plain text in `environment`{}; use the task role, or `secrets`", label,
                         hit.detail, shown);
    case ecs_secrets::Evidence::credential:
      return fmt::format("{} has {} in plain text in {}{}; move it to `secrets`", label, article(hit.detail), hit.place,
                         shown);
    case ecs_secrets::Evidence::secret_name:
      if (!hit.detail.empty() && hit.detail.front() == '`') {
        return fmt::format("{} passes a literal value to {} in {}{}; read it from `secrets` instead", label, hit.detail,
                           hit.place, shown);
      }
      return fmt::format("{} sets {} to a literal value{}: the name says it is a {}; move it to `secrets`", label,
                         hit.place, shown, hit.detail);
  }
  return label;
}

void check(const ecs::TaskDefinitionFile& file, Report& report) {
  const ecs::TaskDefinition& task = file.task.value;
  if (!task.containers.is_known()) return;
  secrets::NameWords words = secrets::name_words(report.options());
  const ecs_secrets::ScanOptions options{std::move(words.extra_secret), std::move(words.extra_allow)};
  for (std::size_t i = 0; i < task.containers->size(); ++i) {
    const ecs::Located<ecs::Container>& container = task.containers.value[i];
    const std::string label = ecs_support::container_label(container, i);
    for (const ecs_secrets::Hit& hit : ecs_secrets::scan_container(file, container, options)) {
      ecs_support::add_finding(report, {hit.range, hit.pointer}, message(label, hit));
    }
  }
}

}  // namespace

extern const EcsRule secret_in_environment{
    .info =
        {
            .id = "ECS104",
            .name = "secret_in_environment",
            .severity = Severity::error,
            .title = "Secret in plain text in a container definition",
            .rationale = R"(Everything in a task definition is readable by anyone allowed to call
`ecs:DescribeTaskDefinition`, which is far more people and tools than should read a database password: consoles,
CI logs that print the rendered definition, monitoring agents, inventory scanners. A registered revision cannot be
edited, only deregistered and deleted, so a leaked value stays readable in every revision until someone cleans
them all up, and the file in the repository carries it into git history. The ECS API documentation says so
directly: "We don't recommend that you use plaintext environment variables for sensitive information, such as
credential data."

AWS Security Hub control **ECS.8** ("Secrets should not be passed as container environment variables"), the AWS
Config rule `ecs-no-environment-secrets` and Control Tower's **CT.ECS.PR.12** fail a container whose
`environment` has a variable named `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` or `ECS_ENGINE_AUTH_DATA`,
whatever its value. shipshape reports:

- those names, and `AWS_SESSION_TOKEN`, in `environment`, whatever the value: even a placeholder filled in at
  deploy time ends up in plain text in the registered task definition, and static keys override the task role;
- a credential recognised by its shape anywhere in the container: `environment`, `command`, `entryPoint`,
  `healthCheck.command`, `dockerLabels`, `logConfiguration.options` (such as a Splunk token), `firelensConfiguration`:
  AWS access key ids (and a 40-character secret key beside one), GitHub, GitLab, Slack, Stripe, npm, PyPI, Google,
  OpenAI and Anthropic tokens, PEM private keys, JSON Web Tokens, passwords in URLs;
- a literal value under a secret-like name: an `environment` variable such as `DB_PASSWORD` or `STRIPE_API_KEY`,
  a log option such as `splunk-token`, and `--password=x`, `--token x` or `DB_PASSWORD=x` in a command.

Values that are not literals are not reported for secret-like names: placeholders (`${db_password}`,
`$$$TOKEN$$$`, `{{token}}`, `<password>`), `$VAR` references, empty strings, words such as `example`, `redacted`
or `none`, switches and short numbers (`true`, `3600`), and references to where the secret lives (`arn:...`,
absolute paths). Weak defaults such as `password` or `changeme` are reported: nothing replaces an `environment`
value before the container starts, so they are the password. Messages show a redacted form of the value, never the
value.)",
            .fix = R"(Store the value in AWS Secrets Manager or SSM Parameter Store and let ECS inject it: `secrets`
for environment variables, `logConfiguration.secretOptions` for log driver options. The task's execution role
needs permission to read it. For AWS credentials, drop the keys and give the task a task role instead.

```json
{
  "name": "web",
  "image": "nginx:1.27",
  "secrets": [
    {"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-password"}
  ]
}
```

Then rotate the exposed secret: it is in every registered revision and in the repository's history.)",
            .tags = kTags,
            .security_severity = "8.5",
            .options = secrets::kNameWordOptions,
            .example_bad = R"({
  "family": "web",
  "executionRoleArn": "arn:aws:iam::123456789012:role/web-execution",
  "containerDefinitions": [{
    "name": "web",
    "image": "nginx:1.27",
    "environment": [{"name": "DB_PASSWORD", "value": "correct-horse-battery-staple"}]
  }]
}
)",
            .example_good = R"({
  "family": "web",
  "executionRoleArn": "arn:aws:iam::123456789012:role/web-execution",
  "containerDefinitions": [{
    "name": "web",
    "image": "nginx:1.27",
    "secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/db-password"}]
  }]
}
)",
            .see_also =
                "AWS Security Hub ECS.8; AWS Config ecs-no-environment-secrets; AWS Control Tower CT.ECS.PR.12; "
                "Trivy AVD-AWS-0036; KICS d40210ea (Terraform); Checkov CKV_SECRET_*; Prowler "
                "ecs_task_definitions_no_environment_secrets; shipshape DL3064, DF105 (Dockerfiles)",
        },
    .check = check,
};

}  // namespace shipshape::rules::ecs_rules
