// The ECS rules, the secret scan and sensitive_ranges on pathological task definitions: thousands of misspelt and
// duplicate keys in one container, thousands of secrets, an object of thousands of `value` keys. Linting 8 times
// the input must cost about 8 times as much (24 allows for noise; quadratic work would be 64 times).

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "lint/config.h"
#include "lint/engine.h"

namespace {

using namespace shipshape;

#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__) && !defined(SHIPSHAPE_SANITIZED)
constexpr bool kOptimizedBuild = true;
#else
constexpr bool kOptimizedBuild = false;
#endif

std::string pathological(int count) {
  std::string misspelt, environment, values;
  for (int i = 0; i < count; ++i) {
    misspelt += R"("Privileged": true, )";
    environment += fmt::format(R"({{"name": "DB_PASSWORD_{}", "value": "Zq8-Vt3-Lm9-{}"}}, )", i, i);
    values += fmt::format(R"("value": "--password=Yv4Tn8Qe{}", )", i);
  }
  environment.resize(environment.size() - 2);
  values.resize(values.size() - 2);
  return fmt::format(R"({{"family": "big", "containerDefinitions": [{{"name": "web", "image": "nginx", {}
    "environment": [{}], "firelensConfiguration": {{"type": "fluentbit", "options": {{}}}}, "extra": {{{}}}}}]}})",
                     misspelt, environment, values);
}

struct Timed {
  double seconds = 0;
  std::size_t findings = 0;
  std::size_t sensitive = 0;
};

Timed lint_timed(const std::string& text) {
  lint::ConfigFile config_file;
  lint::RuleSettings command_line;
  command_line.select = std::vector<std::string>{"ECS"};
  const lint::EffectiveConfig config = lint::resolve(config_file, "big.json", command_line);
  const auto start = std::chrono::steady_clock::now();
  const lint::FileReport report = lint::lint_source(std::make_shared<const SourceFile>("big.json", text),
                                                    lint::FileType::ecs, config, config_file, lint::EngineOptions{});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(report.errors.empty());
  return {seconds, report.findings.size(), report.sensitive_ranges.size()};
}

}  // namespace

TEST_CASE("ecs rules scaling: pathological task definitions lint in linear time") {
  const std::string small = pathological(2500);
  const std::string big = pathological(20000);
  const Timed small_run = lint_timed(small);
  const Timed small_again = lint_timed(small);
  const Timed big_run = lint_timed(big);
  // Every misspelt key (ECS001), every repeated one (ECS003) and every password (ECS104) is reported, and every
  // password is masked, including the `--password=` values of the unknown `extra` object.
  CHECK(big_run.findings > 3 * 20000);
  CHECK(big_run.sensitive == 2 * 20000);
  const double small_seconds = std::min(small_run.seconds, small_again.seconds);
  MESSAGE("linted " << big.size() / 1e6 << " MB in " << big_run.seconds << " s; 1/8 of it in " << small_seconds
                    << " s");
  CHECK(big_run.seconds < 24 * small_seconds + 0.05);
  if (kOptimizedBuild) CHECK(big_run.seconds < 2.0);
}
