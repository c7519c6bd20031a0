// The helpers behind the ECS rules: IAM role references, Windows detection, image globs, container labels, the
// secret scan and sensitive_ranges, and ECS001's rename fix.

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "lint/config.h"
#include "lint/engine.h"
#include "parsers/ecs/load.h"
#include "parsers/ecs/model.h"
#include "rules/registry.h"
#include "rules/support/ecs_helpers.h"
#include "rules/support/iam_roles.h"
#include "rules/support/secrets.h"
#include "rules/support/sensitive_ecs.h"

namespace {

using namespace shipshape;
using rules::iam::parse_role;

std::unique_ptr<ecs::TaskDefinitionFile> load(std::string_view text) {
  const SourceFile source("task.json", std::string(text));
  ecs::LoadResult loaded = ecs::load(source);
  REQUIRE_MESSAGE(loaded.file != nullptr, (loaded.errors.empty() ? "" : loaded.errors.front().message));
  return std::move(loaded.file);
}

std::string slice(const ecs::TaskDefinitionFile& file, const Range& range) {
  return std::string(file.json.slice(range));
}

bool same(std::string_view a, std::string_view b) {
  const auto ra = parse_role(a);
  const auto rb = parse_role(b);
  REQUIRE(ra.has_value());
  REQUIRE(rb.has_value());
  return rules::iam::same_role(*ra, *rb);
}

}  // namespace

TEST_CASE("ecs support: role references parse ARNs of every partition and short names") {
  const auto arn = parse_role("arn:aws:iam::123456789012:role/service-role/web-task");
  REQUIRE(arn.has_value());
  CHECK(arn->name == "web-task");
  CHECK(arn->account == "123456789012");
  const auto china = parse_role("arn:aws-cn:iam::123456789012:role/app/");
  REQUIRE(china.has_value());
  CHECK(china->name == "app");
  const auto gov = parse_role("arn:aws-us-gov:iam::123456789012:role/app");
  REQUIRE(gov.has_value());
  CHECK(gov->name == "app");
  const auto short_name = parse_role("ecsTaskExecutionRole");
  REQUIRE(short_name.has_value());
  CHECK(short_name->name == "ecsTaskExecutionRole");
  CHECK(short_name->account.empty());
  const auto templated_account = parse_role("arn:aws:iam::${account}:role/app");
  REQUIRE(templated_account.has_value());
  CHECK(templated_account->name == "app");
  CHECK(templated_account->account.empty());

  CHECK_FALSE(parse_role("").has_value());
  CHECK_FALSE(parse_role("/").has_value());
  CHECK_FALSE(parse_role("$$$TASK_ROLE$$$").has_value());
  CHECK_FALSE(parse_role("{{task-role-arn}}").has_value());
  CHECK_FALSE(parse_role("arn:aws:iam::123456789012:role/${name}").has_value());
  CHECK_FALSE(parse_role("arn:aws:iam::123456789012:user/app").has_value());
  CHECK_FALSE(parse_role("arn:aws:s3:::bucket/role/app").has_value());
  CHECK_FALSE(parse_role("arn:azure:iam::123456789012:role/app").has_value());
  CHECK_FALSE(parse_role("arn:aws:iam::123456789012").has_value());
  CHECK_FALSE(parse_role("my role").has_value());
}

TEST_CASE("ecs support: two references name the same role by name, accounts compared when both are known") {
  CHECK(same("web", "arn:aws:iam::123456789012:role/web"));
  CHECK(same("arn:aws:iam::123456789012:role/path/to/web", "arn:aws:iam::123456789012:role/web/"));
  CHECK(same("arn:aws:iam::123456789012:role/Web", "arn:aws:iam::123456789012:role/web"));
  CHECK(same("arn:aws:iam::${account}:role/web", "arn:aws:iam::123456789012:role/web"));
  CHECK_FALSE(same("arn:aws:iam::111111111111:role/web", "arn:aws:iam::222222222222:role/web"));
  CHECK_FALSE(same("web", "web-task"));
}

TEST_CASE("ecs support: role names that say execution role or task role") {
  using rules::iam::looks_like_execution_role;
  using rules::iam::looks_like_task_role;
  CHECK(looks_like_execution_role("ecsTaskExecutionRole"));
  CHECK(looks_like_execution_role("web-execution-role"));
  CHECK(looks_like_execution_role("WEB_EXECUTION_ROLE"));
  CHECK(looks_like_execution_role("api_exec_role"));
  CHECK_FALSE(looks_like_execution_role("web-task-role"));
  CHECK_FALSE(looks_like_execution_role("execution"));
  CHECK(looks_like_task_role("ecsTaskRole"));
  CHECK(looks_like_task_role("web-task-role"));
  CHECK_FALSE(looks_like_task_role("ecsTaskExecutionRole"));
  CHECK_FALSE(looks_like_task_role("web-TaskExecRole"));
  CHECK_FALSE(looks_like_task_role("web-service"));
}

TEST_CASE("ecs support: Windows task definitions, declared or shown by their containers") {
  const auto windows = [](std::string_view text) {
    return rules::ecs_support::is_windows_task(load(text)->task.value);
  };
  CHECK(windows(R"({"family": "a", "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2019_CORE"},
                   "containerDefinitions": [{"name": "a", "image": "nginx"}]})"));
  // A declared Linux family wins over Windows-looking containers.
  CHECK_FALSE(windows(R"({"family": "a", "runtimePlatform": {"operatingSystemFamily": "LINUX"},
                         "containerDefinitions": [{"name": "a", "image": "microsoft/iis"}]})"));
  // An unknown family decides nothing.
  CHECK_FALSE(windows(R"({"family": "a", "runtimePlatform": {"operatingSystemFamily": "${os}"},
                         "containerDefinitions": [{"name": "a", "image": "microsoft/iis"}]})"));
  CHECK(windows(R"({"family": "a", "containerDefinitions": [{"name": "a", "image": "microsoft/iis"}]})"));
  CHECK(windows(R"({"family": "a", "containerDefinitions": [
                   {"name": "a", "image": "mcr.microsoft.com/windows/servercore:ltsc2022"}]})"));
  CHECK(windows(R"({"family": "a", "containerDefinitions": [
                   {"name": "a", "image": "mcr.microsoft.com/dotnet/framework/aspnet:4.8"}]})"));
  CHECK(windows(
      R"({"family": "a", "containerDefinitions": [{"name": "a", "image": "app", "entryPoint": ["powershell"]}]})"));
  CHECK(windows(
      R"({"family": "a", "containerDefinitions": [{"name": "a", "image": "app", "command": ["cmd.exe", "/c"]}]})"));
  CHECK(windows(
      R"({"family": "a", "containerDefinitions": [{"name": "a", "image": "app", "workingDirectory": "C:\\app"}]})"));
  CHECK(windows(R"({"family": "a", "containerDefinitions": [
                   {"name": "a", "image": "app", "dockerSecurityOptions": ["credentialspec:file://gmsa.json"]}]})"));
  CHECK(windows(R"([{"name": "a", "image": "app", "entryPoint": ["sh"], "command": ["C:/app/run.bat"]}])"));
  CHECK_FALSE(windows(R"([{"name": "a", "image": "app", "entryPoint": ["sh", "-c"], "command": ["echo C:/x"]}])"));
  CHECK_FALSE(windows(R"({"family": "a", "containerDefinitions": [{"name": "a", "image": "nginx:1.27"}]})"));
  CHECK_FALSE(windows(R"({"family": "a", "containerDefinitions": [
                         {"name": "a", "image": "mcr.microsoft.com/powershell:7.4", "entryPoint": ["pwsh"]}]})"));
  // A command only counts when no entry point runs first.
  CHECK_FALSE(windows(R"({"family": "a", "containerDefinitions": [
                         {"name": "a", "image": "app", "entryPoint": ["/bin/sh", "-c"], "command": ["cmd"]}]})"));
}

TEST_CASE("ecs support: image globs match the image as written or its full name, without the digest") {
  const auto matches = [](std::string_view image, std::vector<std::string> globs) {
    const auto file = load(std::string(R"([{"name": "a", "image": ")") + std::string(image) + "\"}]");
    return rules::ecs_support::image_matches(file->task->containers->front().value, globs);
  };
  const std::vector<std::string> defaults{"*/distroless/*:nonroot", "*/distroless/*:*-nonroot", "cgr.dev/chainguard/*"};
  CHECK(matches("gcr.io/distroless/static-debian12:nonroot", defaults));
  CHECK(matches("gcr.io/distroless/java17:debug-nonroot", defaults));
  CHECK(matches(
      "gcr.io/distroless/static:nonroot@sha256:26f9b99f2463f55f20db19feb4d96eb88b056e0f1be7016bb9296a464a89d772",
      defaults));
  CHECK(matches("cgr.dev/chainguard/nginx", defaults));
  CHECK_FALSE(matches("gcr.io/distroless/static:latest", defaults));
  CHECK_FALSE(matches("cgr.dev/chainguard/sub/image:1", defaults));
  CHECK(matches("nginx:1.27", {"docker.io/library/nginx:*"}));
  CHECK(matches("registry.example.com/a/b/c:1", {"registry.example.com/**"}));
  CHECK_FALSE(matches("nginx:${tag}", {"**"}));
  CHECK_FALSE(matches("nginx:1.27", {}));
}

TEST_CASE("ecs support: containers are named in messages, by position when the name is not a literal") {
  const auto file = load(R"([{"name": "web", "image": "a"}, {"image": "b"}, {"name": "${name}", "image": "c"}])");
  const auto& containers = file->task->containers.value;
  CHECK(rules::ecs_support::container_label(containers[0], 0) == "container \"web\"");
  CHECK(rules::ecs_support::container_label(containers[1], 1) == "container #2");
  CHECK(rules::ecs_support::container_label(containers[2], 2) == "container #3");
}

TEST_CASE("ecs support: literal secret values and command words") {
  using rules::ecs_secrets::is_literal_secret_value;
  CHECK(is_literal_secret_value("hunter2hunter2"));
  CHECK(is_literal_secret_value("password"));  // a weak default is the password
  CHECK(is_literal_secret_value("changeme"));
  CHECK(is_literal_secret_value("12345678"));
  CHECK_FALSE(is_literal_secret_value(""));
  CHECK_FALSE(is_literal_secret_value("  "));
  CHECK_FALSE(is_literal_secret_value("${db_password}"));
  CHECK_FALSE(is_literal_secret_value("prefix-${x}"));
  CHECK_FALSE(is_literal_secret_value("$$$PASSWORD$$$"));
  CHECK_FALSE(is_literal_secret_value("{{password}}"));
  CHECK_FALSE(is_literal_secret_value("<password>"));
  CHECK_FALSE(is_literal_secret_value("$DB_PASSWORD"));
  CHECK_FALSE(is_literal_secret_value("example"));
  CHECK_FALSE(is_literal_secret_value("none"));
  CHECK_FALSE(is_literal_secret_value("true"));
  CHECK_FALSE(is_literal_secret_value("off"));
  CHECK_FALSE(is_literal_secret_value("3600"));
  CHECK_FALSE(is_literal_secret_value("arn:aws:secretsmanager:us-east-1:123456789012:secret:db"));
  CHECK_FALSE(is_literal_secret_value("/run/secrets/db"));

  const std::string_view words = "a=1 && --token x;b|c";
  const auto tokens = rules::ecs_secrets::shell_tokens(words);
  std::vector<std::string_view> pieces;
  for (const auto& [begin, end] : tokens) pieces.push_back(words.substr(begin, end - begin));
  CHECK(pieces == std::vector<std::string_view>{"a=1", "--token", "x", "b", "c"});
}

TEST_CASE("ecs support: the secret scan points at the secret itself, through escapes") {
  const auto file = load(R"([{"name": "w", "image": "a",
    "environment": [{"name": "DATABASE_URL", "value": "postgres://app:S\u0065cretPw9@db/app"},
                    {"name": "DB_PASSWORD", "value": "Zq8-Vt3-Lm9"}],
    "command": ["run", "--password", "Yv4Tn8Qe2Wk6", "--password-stdin", "host"],
    "entryPoint": ["sh", "-c", "exec app --token 'Kq7Yt2Lr9Vn4'"]}])");
  const auto hits = rules::ecs_secrets::scan_container(*file, file->task->containers->front());
  REQUIRE(hits.size() == 4);
  CHECK(hits[0].evidence == rules::ecs_secrets::Evidence::credential);
  CHECK(hits[0].detail == "password in a URL");
  CHECK(hits[0].pointer == "/0/environment/0/value");
  CHECK(slice(*file, hits[0].range) == "S\\u0065cretPw9");
  CHECK(hits[0].redacted == "*********");  // 9 characters: nothing shown
  CHECK(hits[1].evidence == rules::ecs_secrets::Evidence::secret_name);
  CHECK(hits[1].detail == "password");
  CHECK(slice(*file, hits[1].range) == "Zq8-Vt3-Lm9");
  CHECK(hits[2].detail == "`--token`");  // entryPoint is read before command
  CHECK(hits[2].pointer == "/0/entryPoint/2");
  CHECK(slice(*file, hits[2].range) == "Kq7Yt2Lr9Vn4");  // without the quotes
  CHECK(hits[3].detail == "`--password`");
  CHECK(hits[3].pointer == "/0/command/2");
  CHECK(slice(*file, hits[3].range) == "Yv4Tn8Qe2Wk6");
  for (const auto& hit : hits) {
    REQUIRE(hit.secret.has_value());
    CHECK(*hit.secret == hit.range);
  }
}

TEST_CASE("ecs support: sensitive ranges cover secrets anywhere in the document, whatever rules run") {
  const auto file = load(R"({"family": "a",
    "containerDefinitions": [{"name": "w", "image": "a", "environment": [{"name": "API_KEY", "value": "Kq7Yt2Lr9Vn4"}]}],
    "volumes": [{"name": "v", "dockerVolumeConfiguration": {"driverOpts": {"password": "Dv2Ju6Ar0Ct4"}}}],
    "proxyConfiguration": {"type": "APPMESH", "containerName": "w", "properties": [{"name": "ProxyToken", "value": "Mx3Pq8Rt5Wz1"}]},
    "tags": [{"key": "note", "value": "pushed with ghp_MFLZDe1f8rESQedUStPKR0CsTy4Qwb8DwkNh today"},
             {"key": "owner", "value": "team-web"}]})");
  std::vector<std::string> masked;
  for (const Range& range : rules::sensitive_ranges(*file)) masked.push_back(slice(*file, range));
  CHECK(masked == std::vector<std::string>{"Kq7Yt2Lr9Vn4", "Dv2Ju6Ar0Ct4", "Mx3Pq8Rt5Wz1",
                                           "ghp_MFLZDe1f8rESQedUStPKR0CsTy4Qwb8DwkNh"});
}

TEST_CASE("ecs support: ECS001 offers to rename a misspelt key, unless that would duplicate a key") {
  const rules::RegisteredRule* rule = rules::find_rule("ECS001");
  REQUIRE(rule != nullptr);
  const auto findings_of = [&](std::string_view text) {
    lint::ConfigFile config_file;
    lint::RuleSettings command_line;
    command_line.select = std::vector<std::string>{"ECS001"};
    const lint::EffectiveConfig config = lint::resolve(config_file, "task.json", command_line);
    return lint::lint_source(std::make_shared<const SourceFile>("task.json", std::string(text)), lint::FileType::ecs,
                             config, config_file, lint::EngineOptions{})
        .findings;
  };
  const auto fixed =
      findings_of(R"({"family": "a", "containerDefinitions": [{"name": "a", "image": "b", "Privileged": true}]})");
  REQUIRE(fixed.size() == 1);
  REQUIRE(fixed[0].fix.has_value());
  CHECK(fixed[0].fix->description == "rename `Privileged` to `privileged`");
  REQUIRE(fixed[0].fix->edits.size() == 1);
  CHECK(fixed[0].fix->edits[0].range == fixed[0].range);
  CHECK(fixed[0].fix->edits[0].replacement == "\"privileged\"");
  // The key comes back from its JSON Pointer unescaped.
  const auto slash =
      findings_of(R"({"family": "a", "containerDefinitions": [{"name": "a", "image": "b", "privi/leged": true}]})");
  REQUIRE(slash.size() == 1);
  CHECK(slash[0].pointer == "/containerDefinitions/0/privi~1leged");
  REQUIRE(slash[0].fix.has_value());
  CHECK(slash[0].fix->description == "rename `privi/leged` to `privileged`");
  const auto duplicate = findings_of(
      R"({"family": "a", "containerDefinitions": [{"name": "a", "image": "b", "Privileged": true, "privileged": false}]})");
  REQUIRE(duplicate.size() == 1);
  CHECK_FALSE(duplicate[0].fix.has_value());
  const auto no_suggestion =
      findings_of(R"({"family": "a", "containerDefinitions": [{"name": "a", "image": "b", "zzz": 1}]})");
  REQUIRE(no_suggestion.size() == 1);
  CHECK_FALSE(no_suggestion[0].fix.has_value());
}
