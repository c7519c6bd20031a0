// The ECS rules on odd but valid task definitions: every corpus file, mutated structurally many times (values
// replaced by other types, placeholders, empty strings, nulls, credentials, role ARNs; keys dropped). No rule throws
// (the engine would report an internal error), and every finding has a message, a range inside the file, and a
// JSON Pointer that names the value (or key, or object) the range is in.

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "lint/config.h"
#include "lint/engine.h"
#include "parsers/json/parse.h"
#include "tests/support/support.h"

namespace {

using namespace shipshape;
namespace testing = shipshape::testing;

const std::vector<nlohmann::json>& replacements() {
  static const std::vector<nlohmann::json> values = {
      nullptr,
      true,
      false,
      0,
      -1,
      1.5,
      "",
      " ",
      "$$$X$$$",
      "${x}",
      "{{x}}",
      "root",
      "0:0",
      "latest",
      "nginx",
      "nginx@sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a",
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest",
      "FARGATE",
      "host",
      "WINDOWS_SERVER_2022_CORE",
      "powershell",
      "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
      "arn:aws:iam::${a}:role/",
      "arn:",
      "--password=Yv4Tn8Qe2Wk6",
      "postgres://a:Hx7pQ2vL9wZ3@db/x",
      "ghp_MFLZDe1f8rESQedUStPKR0CsTy4Qwb8DwkNh",
      "\xC3\xA9t\xC3\xA9 \\u0000 \xF0\x9F\x90\xB3",
      nlohmann::json::array(),
      nlohmann::json::object(),
      nlohmann::json::array({nullptr, 1, "x"}),
      nlohmann::json::object({{"name", nullptr}, {"value", 3}}),
      nlohmann::json::array({nlohmann::json::object({{"name", "DB_PASSWORD"}, {"value", "Zq8-Vt3-Lm9"}})}),
  };
  return values;
}

// Replaces about one value in `rate` (and drops about one object member in `rate`), depth-first with an explicit
// stack.
void mutate(nlohmann::json& root, std::mt19937& random, unsigned rate) {
  std::vector<nlohmann::json*> stack{&root};
  while (!stack.empty()) {
    nlohmann::json* value = stack.back();
    stack.pop_back();
    if (value->is_object() && !value->empty() && random() % rate == 0) {
      auto victim = value->begin();
      std::advance(victim, random() % value->size());
      value->erase(victim);
    }
    if ((value->is_object() || value->is_array()) && value != &root && random() % (rate * 4) == 0) {
      *value = replacements()[random() % replacements().size()];  // before its children are visited
    }
    if (value->is_object() || value->is_array()) {
      for (auto& child : *value) stack.push_back(&child);
    } else if (random() % rate == 0) {
      *value = replacements()[random() % replacements().size()];
    }
  }
}

void check_findings(const std::string& text, std::map<std::string, std::size_t>& fired) {
  lint::ConfigFile config_file;
  lint::RuleSettings command_line;
  command_line.select = std::vector<std::string>{"ECS"};
  const lint::EffectiveConfig config = lint::resolve(config_file, "mutated.json", command_line);
  const lint::FileReport report = lint::lint_source(std::make_shared<const SourceFile>("mutated.json", text),
                                                    lint::FileType::ecs, config, config_file, lint::EngineOptions{});
  for (const Diagnostic& error : report.errors) {
    CHECK_MESSAGE(error.message.find("internal error") == std::string::npos, error.message);
  }
  if (!report.errors.empty()) return;  // not a task definition any more
  const json::ParseResult parsed = json::parse(text);
  REQUIRE(parsed.ok());
  const json::Document& doc = parsed.document;
  for (const rules::Finding& finding : report.findings) {
    INFO(finding.rule->id << " " << finding.pointer << ": " << finding.message);
    ++fired[std::string(finding.rule->id)];
    CHECK_FALSE(finding.message.empty());
    CHECK(finding.message.back() != '.');
    CHECK(finding.range.begin.offset <= finding.range.end.offset);
    CHECK(finding.range.end.offset <= text.size());
    CHECK(finding.range.begin == report.source->position_at(finding.range.begin.offset));
    CHECK(finding.range.end == report.source->position_at(finding.range.end.offset));
    const json::NodeId node = doc.find(finding.pointer);
    REQUIRE(node != json::kNoNode);
    if (finding.rule->id == "ECS003") continue;  // a duplicate's pointer names the last occurrence of its key
    // Inside the member the pointer names, from its key to the end of its value.
    const Range value = doc.range(node);
    const std::uint32_t from = doc.is_member(node) ? doc.key_range(node).begin.offset : value.begin.offset;
    CHECK(from <= finding.range.begin.offset);
    CHECK(finding.range.end.offset <= value.end.offset);
  }
}

}  // namespace

TEST_CASE("ecs rules robustness: structurally mutated corpus files give well-formed findings and no rule throws") {
  std::mt19937 random(20261123);
  std::size_t runs = 0;
  std::map<std::string, std::size_t> fired;
  for (const auto& path : testing::files_under(testing::corpus_dir() / "ecs")) {
    INFO(path.string());
    const nlohmann::json original = nlohmann::json::parse(testing::read_file(path));
    for (int round = 0; round < 12; ++round) {
      nlohmann::json mutated = original;
      mutate(mutated, random, round < 6 ? 6 : 2);
      INFO(mutated.dump());
      check_findings(mutated.dump(round % 2 == 0 ? 2 : -1), fired);
      ++runs;
    }
  }
  CHECK(runs == 124 * 12);
  std::string summary;
  for (const auto& [rule, count] : fired) summary += fmt::format(" {}:{}", rule, count);
  MESSAGE("findings per rule:" << summary);
  // The mutations exercise the rules' odd paths, not only their happy ones.
  for (const char* rule :
       {"ECS002", "ECS005", "ECS101", "ECS102", "ECS103", "ECS104", "ECS105", "ECS108", "ECS109", "ECS110"}) {
    CHECK_MESSAGE(fired[rule] > 0, rule);
  }
}
