// Secrets never leak: the built binary lints task definitions full of fake credentials, in every output format and
// with --show-suppressed, and no secret value, nor any 6-character piece of one, appears in what it prints.

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/support.h"

namespace {

using shipshape::testing::run_shipshape;
using shipshape::testing::RunResult;
using shipshape::testing::TempDir;

// Every secret the task definitions below hold. None shares a 6-character piece with anything else a report prints
// (rule messages, names, keys, pointers, paths).
const std::vector<std::string_view> kSecrets = {
    "AKIAUJZDE8GXD6NCF10E",                                    // AWS access key id (AWS name)
    "spNxnyVmihA+2O76UMFxFkM+R5Kjp1vRt/1fjORS",                // AWS secret key (AWS name)
    "AKIAPF91DHODZDOC9IS0",                                    // AWS access key id (other name)
    "q7Wm2Zr9Tx4Lb8Vn1Kc6Hd3Js5Gf0Pa/Ye+Ui2Oo",                // AWS secret key beside it
    "Zq8-Vt3-Lm9-Rx2-Kp7",                                     // DB_PASSWORD
    "Hx7pQ2vL9wZ3",                                            // password in a URL
    "ghp_MFLZDe1f8rESQedUStPKR0CsTy4Qwb8DwkNh",                // GitHub token
    "xoxb-70342366712-768426846563-jfljoQoaF1LlqsajAIxNKu8i",  // Slack token in entryPoint
    "Yv4Tn8Qe2Wk6",                                            // --password=
    "Bm5Rc9Xs3Fj7Ld1",                                         // --api-key <value>
    "Nw6Gy0Pz4Hq8",                                            // DB_PASSWORD= in CMD-SHELL
    "Ua3Ek7Io1Sm5",                                            // URL password in a health check
    "TWBBR4QMW/B2WXFOGO4/mvnEN5N1aE6PwZPf1Qh6yYTW",            // Slack webhook label (its path)
    "6b7f3a2e-1c4d-4e8f-9a0b-5d6c7e8f9a0b",                    // splunk-token log option
    "sk_live_S2G8NPRVdD53X83RZJzzzzgE",                        // Stripe key in firelens options
    "glpat-OzdmenCkhvMdgaKjIg8x",                              // GitLab token in an unknown key
    "Dv2Ju6Ar0Ct4Oe8",                                         // volume driverOpts password
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ3ZWIifQ.djAWtGSU8po-799NksnRH9ucAUsdMlHUvTCQCyEZDz_",  // JWT in a tag
    "Kf9Wb3Xe7Rt1",  // proxyConfiguration property
};

std::string task_definition() {
  return R"({
  "family": "leaky",
  "networkMode": "bridge",
  "taskRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
  "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
  "containerDefinitions": [
    {
      "name": "web",
      "image": "nginx:latest",
      "privileged": true,
      "user": "root",
      "environment": [
        {"name": "AWS_ACCESS_KEY_ID", "value": "AKIAUJZDE8GXD6NCF10E"},
        {"name": "AWS_SECRET_ACCESS_KEY", "value": "spNxnyVmihA+2O76UMFxFkM+R5Kjp1vRt/1fjORS"},
        {"name": "UPLOAD_ID", "value": "AKIAPF91DHODZDOC9IS0"},
        {"name": "UPLOAD_SIGNATURE", "value": "q7Wm2Zr9Tx4Lb8Vn1Kc6Hd3Js5Gf0Pa/Ye+Ui2Oo"},
        {"name": "DB_PASSWORD", "value": "Zq8-Vt3-Lm9-Rx2-Kp7"},
        {"name": "DATABASE_URL", "value": "postgres://app:Hx7pQ2vL9wZ3@db.internal:5432/app"},
        {"name": "GH", "value": "ghp_MFLZDe1f8rESQedUStPKR0CsTy4Qwb8DwkNh"}
      ],
      "entryPoint": ["/app/notify", "--slack-token", "xoxb-70342366712-768426846563-jfljoQoaF1LlqsajAIxNKu8i"],
      "command": ["--password=Yv4Tn8Qe2Wk6", "--api-key", "Bm5Rc9Xs3Fj7Ld1"],
      "healthCheck": {"command": ["CMD-SHELL", "DB_PASSWORD=Nw6Gy0Pz4Hq8 ./check http://admin:Ua3Ek7Io1Sm5@localhost/"]},
      "dockerLabels": {"alerts": "https://hooks.slack.com/services/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"},
      "logConfiguration": {"logDriver": "splunk", "options": {"splunk-token": "6b7f3a2e-1c4d-4e8f-9a0b-5d6c7e8f9a0b"}},
      "firelensConfiguration": {"type": "fluentbit", "options": {"Authorization": "sk_live_S2G8NPRVdD53X83RZJzzzzgE"}},
      "gitlabToken": "glpat-OzdmenCkhvMdgaKjIg8x"
    }
  ],
  "volumes": [{"name": "share", "hostPath": "/srv", "dockerVolumeConfiguration": {"driver": "cifs", "driverOpts": {"password": "Dv2Ju6Ar0Ct4Oe8"}}}],
  "proxyConfiguration": {"type": "APPMESH", "kind": "mesh", "containerName": "web", "properties": [{"name": "ProxyPassword", "value": "Kf9Wb3Xe7Rt1"}]},
  "tags": [{"key": "deploy-token", "value": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ3ZWIifQ.djAWtGSU8po-799NksnRH9ucAUsdMlHUvTCQCyEZDz_", "owner": "ci"}]
}
)";
}

// (The unknown keys `hostPath`, `kind` and `owner` put an ECS001 finding, so a snippet, on the lines of the
// task-level secrets.)

// The same task definition on one line: every finding's snippet shows the line that holds every secret.
std::string one_line(std::string_view text) {
  std::string out;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"' && (i == 0 || text[i - 1] != '\\')) in_string = !in_string;
    if (!in_string && (c == '\n' || c == ' ')) continue;
    out += c;
  }
  return out + "\n";
}

// Describe output and a bare container list with some of the same secrets.
std::string describe_output() {
  return R"({"taskDefinition": {"family": "leaky", "containerDefinitions": [{"name": "web", "image": "nginx",
  "environment": [{"name": "AWS_SECRET_ACCESS_KEY", "value": "spNxnyVmihA+2O76UMFxFkM+R5Kjp1vRt/1fjORS"},
                  {"name": "DB_PASSWORD", "value": "Zq8-Vt3-Lm9-Rx2-Kp7"}]}]}, "tags": []}
)";
}

std::string container_list() {
  return R"([{"name": "web", "image": "nginx", "command": ["--password=Yv4Tn8Qe2Wk6", "ghp_MFLZDe1f8rESQedUStPKR0CsTy4Qwb8DwkNh"]}]
)";
}

// Every piece of `secret` of `length` characters (the whole secret when it is shorter).
std::vector<std::string_view> pieces(std::string_view secret, std::size_t length) {
  std::vector<std::string_view> out;
  if (secret.size() <= length) return {secret};
  for (std::size_t i = 0; i + length <= secret.size(); ++i) out.push_back(secret.substr(i, length));
  return out;
}

void check_no_secret(const std::string& what, const RunResult& run) {
  INFO(what);
  const std::string printed = run.out + run.err;
  for (const std::string_view secret : kSecrets) {
    for (const std::string_view piece : pieces(secret, 6)) {
      const std::size_t at = printed.find(piece);
      CHECK_MESSAGE(at == std::string::npos, fmt::format("`{}` (from a secret) is printed: ...{}...", piece,
                                                         printed.substr(at > 80 ? at - 80 : 0, 160)));
    }
  }
}

struct Fixture {
  TempDir dir;
  Fixture() {
    dir.write("deploy/task.json", task_definition());
    dir.write("deploy/one-line.json", one_line(task_definition()));
    dir.write("deploy/describe.json", describe_output());
    dir.write("deploy/containers.json", container_list());
  }
  RunResult lint(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--isolated", "--fail-level", "none"});
    args.push_back((dir / "deploy").string());
    return run_shipshape(args);
  }
};

}  // namespace

TEST_CASE("ecs secrets: the task definitions are linted and ECS104 finds every secret") {
  const Fixture fixture;
  const RunResult run = fixture.lint({"--format", "json"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  const nlohmann::json report = nlohmann::json::parse(run.out);
  CHECK(report.at("summary").at("files").get<int>() == 4);
  CHECK(report.at("errors").empty());
  std::size_t secrets = 0;
  for (const nlohmann::json& finding : report.at("findings")) {
    if (finding.at("rule") == "ECS104") ++secrets;
  }
  // 19 in task.json (the tag's JWT and the volume/proxy passwords are task-level: masked, not ECS104's), the same in
  // one-line.json, 2 in describe.json, 2 in containers.json.
  CHECK(secrets == 16 + 16 + 2 + 2);
}

TEST_CASE("ecs secrets: no output format prints a secret or a 6-character piece of one") {
  const Fixture fixture;
  for (const char* format : {"tty", "json", "sarif", "gnu", "checkstyle", "github", "codeclimate"}) {
    const RunResult run = fixture.lint({"--format", format});
    REQUIRE_MESSAGE(run.exit_code == 0, format << ": " << run.err);
    CHECK_FALSE(run.out.empty());
    check_no_secret(format, run);
  }
  // Colours on: the masked snippet is split into styled pieces.
  check_no_secret("tty with colours", fixture.lint({"--format", "tty", "--color", "always"}));
}

TEST_CASE("ecs secrets: suppressed findings shown with --show-suppressed leak nothing either") {
  const Fixture fixture;
  fixture.dir.write(".shipshape.yaml", R"(ignore:
  - rule: ECS104
    pointer: "/containerDefinitions/0"
    reason: accepted for the test
  - rule: [ECS101, ECS102, ECS109]
    pointer: ""
)");
  for (const char* format : {"tty", "json", "sarif", "gnu", "checkstyle", "github", "codeclimate"}) {
    const std::vector<std::string> args{
        "--config", (fixture.dir / ".shipshape.yaml").string(), "--format", format, "--show-suppressed", "--fail-level",
        "none",     (fixture.dir / "deploy").string()};
    const RunResult run = run_shipshape(args);
    REQUIRE_MESSAGE(run.exit_code == 0, format << ": " << run.err);
    check_no_secret(std::string("--show-suppressed ") + format, run);
  }
  const RunResult json =
      run_shipshape({"--config", (fixture.dir / ".shipshape.yaml").string(), "--format", "json", "--show-suppressed",
                     "--fail-level", "none", (fixture.dir / "deploy").string()});
  REQUIRE_MESSAGE(json.exit_code == 0, json.err);
  const nlohmann::json report = nlohmann::json::parse(json.out);
  std::size_t suppressed = 0;
  for (const nlohmann::json& finding : report.at("findings")) {
    if (finding.at("suppressed").get<bool>() && finding.at("rule") == "ECS104") ++suppressed;
  }
  CHECK(suppressed == 16 + 16);
}

TEST_CASE("ecs secrets: the terminal shows the lines around secrets with the secrets masked") {
  const Fixture fixture;
  const RunResult run = fixture.lint({"--format", "tty", "--select", "ECS104"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  // The snippet keeps the text around the secret and stars the secret itself.
  CHECK(run.out.find("\"DB_PASSWORD\", \"value\": \"*******************\"") != std::string::npos);
  CHECK(run.out.find("postgres://app:************@db.internal") != std::string::npos);
}
