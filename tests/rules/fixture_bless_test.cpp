// Bless mode of the fixture runner (fixture_bless.h): small fixtures blessed in memory, with the real rules where
// the findings matter and with hand-made findings where only the placement does.

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "rules/registry.h"
#include "tests/rules/fixture_bless.h"
#include "tests/rules/fixture_runner.h"

using namespace shipshape;
using namespace shipshape::testing;

namespace {

// The fixture blessed with the findings `rule_id` reports on it. The result must pass the fixtures test, and
// blessing it again must change nothing.
std::string bless_with_rule(std::string_view rule_id, const std::string& content, const std::string& filename) {
  const rules::RegisteredRule* rule = rules::find_rule(rule_id);
  REQUIRE(rule != nullptr);
  const std::string blessed = bless_fixture_text(*rule, content, filename);
  const ParsedFixture fixture = parse_fixture(blessed, syntax_of(filename));
  CHECK(fixture.errors.empty());
  const FixtureRun run = run_fixture(*rule, fixture.text, fixture.header_json, filename);
  CHECK(run.errors.empty());
  const std::vector<std::string> problems = match_findings(fixture.expected, run.findings);
  CHECK_MESSAGE(problems.empty(), fmt::format("{}", fmt::join(problems, "\n")));
  CHECK(bless_fixture_text(*rule, blessed, filename) == blessed);
  return blessed;
}

ActualFinding finding_at(std::string rule, std::uint32_t line, std::uint32_t start, std::uint32_t end) {
  return {.rule = std::move(rule), .line = line, .start_column = start, .end_line = line, .end_column = end};
}

}  // namespace

TEST_CASE("fixture bless: a fixture that matches its findings stays byte for byte") {
  const std::string content =
      "# The latest tag; latest@digest is fine.\n"
      "# expect: DL3007 12-18 \"uses the `latest` tag\"\n"
      "FROM nginx:latest AS web\n"
      "FROM nginx:latest@sha256:0f04e4f646a3f14bf31d8bc8d885b6c951fdcf42589d06845f64d18aec6a3c4d\n"
      "# expect: DL3007\n"
      "FROM ghcr.io/example/service:latest";  // no final newline, and a loose annotation
  CHECK(bless_with_rule("DL3007", content, "image_latest_tag.Dockerfile") == content);
}

TEST_CASE("fixture bless: a missing annotation goes right above the finding's line, with its columns") {
  const std::string content =
      "# A comment that stays.\n"
      "FROM debian:12.5\n"
      "FROM ghcr.io/example/service:latest\n";
  CHECK(bless_with_rule("DL3007", content, "image_latest_tag.Dockerfile") ==
        "# A comment that stays.\n"
        "FROM debian:12.5\n"
        "# expect: DL3007 30-36\n"
        "FROM ghcr.io/example/service:latest\n");
}

TEST_CASE("fixture bless: an annotation that matches no finding is removed") {
  const std::string content =
      "# Pinned now.\n"
      "# expect: DL3007 12-18 \"latest\"\n"
      "FROM nginx:1.27\n";
  CHECK(bless_with_rule("DL3007", content, "image_latest_tag.Dockerfile") == "# Pinned now.\nFROM nginx:1.27\n");
}

TEST_CASE("fixture bless: an annotation that still matches keeps its message fragment") {
  const std::string content =
      "# expect: DL3007 12-18 \"uses the `latest` tag\"\n"
      "FROM nginx:latest\n"
      "# expect: DL3007 30-36\n"
      "FROM nginx:1.27\n"
      "FROM ghcr.io/example/service:latest\n";
  CHECK(bless_with_rule("DL3007", content, "image_latest_tag.Dockerfile") ==
        "# expect: DL3007 12-18 \"uses the `latest` tag\"\n"
        "FROM nginx:latest\n"
        "FROM nginx:1.27\n"
        "# expect: DL3007 30-36\n"
        "FROM ghcr.io/example/service:latest\n");
}

TEST_CASE("fixture bless: a task definition's annotation names the JSON Pointer, indented like its line") {
  const std::string content =
      "{\n"
      "  \"family\": \"web\",\n"
      "  \"networkMode\": \"awsvpc\",\n"
      "  \"containerDefinitions\": [\n"
      "    {\"name\": \"root-by-name\", \"image\": \"nginx:1.27\", \"user\": \"root\"},\n"
      "    {\"name\": \"nobody\", \"image\": \"nginx:1.27\", \"user\": \"nobody\"}\n"
      "  ]\n"
      "}\n";
  CHECK(bless_with_rule("ECS101", content, "container_runs_as_root.json") ==
        "{\n"
        "  \"family\": \"web\",\n"
        "  \"networkMode\": \"awsvpc\",\n"
        "  \"containerDefinitions\": [\n"
        "    // expect: ECS101 61-67 /containerDefinitions/0/user\n"
        "    {\"name\": \"root-by-name\", \"image\": \"nginx:1.27\", \"user\": \"root\"},\n"
        "    {\"name\": \"nobody\", \"image\": \"nginx:1.27\", \"user\": \"nobody\"}\n"
        "  ]\n"
        "}\n");

  const std::string no_role =
      "{\n"
      "  \"family\": \"web\",\n"
      "  \"containerDefinitions\": [{\"name\": \"web\", \"image\": \"nginx:1.27\",\n"
      "    \"secrets\": [{\"name\": \"DB\", \"valueFrom\": \"arn:aws:ssm:us-east-1:123456789012:parameter/db\"}]}]\n"
      "}\n";
  CHECK(bless_with_rule("ECS108", no_role, "execution_role_missing.json") == "// expect: ECS108 1-2 /\n" + no_role);
}

TEST_CASE("fixture bless: annotations of one line stay in column order") {
  const std::string content = "FROM alpine:3.20\n# expect: DL3019 21-28\nRUN apk add curl && apk add git && apk add jq\n";
  const std::vector<ActualFinding> actual{finding_at("DL3019", 3, 37, 44), finding_at("DL3019", 3, 21, 28),
                                          finding_at("DL3019", 3, 5, 12)};
  CHECK(bless_fixture(content, FixtureSyntax::dockerfile, actual) ==
        "FROM alpine:3.20\n"
        "# expect: DL3019 5-12\n"
        "# expect: DL3019 21-28\n"
        "# expect: DL3019 37-44\n"
        "RUN apk add curl && apk add git && apk add jq\n");
}

TEST_CASE("fixture bless: a finding that spans lines is annotated with its start column") {
  ActualFinding heredoc = finding_at("DF105", 3, 1, 1);
  heredoc.end_line = 5;
  const std::string content = "FROM alpine:3.20\nRUN cat > key <<'EOF'\n  -----BEGIN KEY-----\nabc\nEOF\n";
  CHECK(bless_fixture(content, FixtureSyntax::dockerfile, {heredoc}) ==
        "FROM alpine:3.20\nRUN cat > key <<'EOF'\n  # expect: DF105 1\n  -----BEGIN KEY-----\nabc\nEOF\n");
}

TEST_CASE("fixture bless: lines no comment may precede get absolute annotations") {
  // A comment above a parser directive would end the directives: the annotation goes below them.
  const std::string directive = "# syntax=docker/dockerfile:1\nFROM alpine:3.20\n";
  CHECK(bless_fixture(directive, FixtureSyntax::dockerfile, {finding_at("DF999", 1, 3, 9)}) ==
        "# syntax=docker/dockerfile:1\n# expect: DF999 @1:3\nFROM alpine:3.20\n");

  // A kept absolute annotation follows its line when an annotation is added above it.
  const std::string moved = "FROM a\nFROM b\n# expect: DF999 @2:1 \"at @2:1\"\n";
  ActualFinding kept = finding_at("DF999", 2, 1, 5);
  kept.message = "reported at @2:1";
  const std::string blessed = bless_fixture(moved, FixtureSyntax::dockerfile, {kept, finding_at("DF998", 1, 1, 5)});
  CHECK(blessed == "# expect: DF998 1-5\nFROM a\nFROM b\n# expect: DF999 @3:1 \"at @2:1\"\n");
  const ParsedFixture reparsed = parse_fixture(blessed, FixtureSyntax::dockerfile);
  REQUIRE(reparsed.expected.size() == 2);
  CHECK(reparsed.expected[0].line == 2);
  CHECK(reparsed.expected[1].line == 3);
}

TEST_CASE("fixture bless: a fixture with a malformed annotation is left alone") {
  const std::string content = "# expect: DL3007 x7\nFROM nginx:latest\n";
  CHECK(bless_fixture(content, FixtureSyntax::dockerfile, {finding_at("DL3007", 2, 12, 18)}) == content);
}
