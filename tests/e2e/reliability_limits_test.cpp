// Bounded resources: time and memory linear in the input size, and no recursion that an input can drive deep
// enough to overflow the stack, anywhere in the pipeline (parsers, shell layer, rules, configuration, baseline,
// outputs). Runs the built binary and measures it with wait4 (wall time, peak RSS).
//
// Sanitizer builds (ASan/UBSan, several times slower and hungrier) lint a tenth of the big input, say so, and
// use wider bounds; everything else runs the same.

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "parsers/shell/script.h"
#include "tests/e2e/reliability_support.h"
#include "tests/support/support.h"

namespace {

namespace reliability = shipshape::testing::reliability;
using shipshape::testing::TempDir;

#if defined(SHIPSHAPE_SANITIZED) || defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

// A Dockerfile of about `bytes` bytes that reads like real ones (comments, ARG, ENV, long continued RUNs with
// pipes and expansions, COPY with flags, LABEL), ending with one SS001 finding on its last line but one.
std::string realistic_dockerfile(std::size_t bytes, std::size_t& finding_line) {
  std::string text = "# syntax=docker/dockerfile:1\nFROM debian:12.5 AS build\n";
  std::size_t lines = 2;
  for (std::size_t i = 0; text.size() < bytes; ++i) {
    const std::string n = std::to_string(i);
    text += "# Install the tools of step " + n + "\n"
            "ARG VERSION_" + n + "=1.2." + n + "\n"
            "ENV PATH=/opt/tool/bin:$PATH LANG=C.UTF-8 TOOL_HOME=/opt/tool-" + n + "\n"
            "RUN apt-get update \\\n"
            " && apt-get install -y --no-install-recommends curl ca-certificates git \\\n"
            " && curl -fsSL \"https://example.com/tool-${VERSION_" + n + "}.tar.gz\" | tar -xz -C /opt \\\n"
            " && rm -rf /var/lib/apt/lists/*\n"
            "COPY --chown=app:app src/ /app/src/\n"
            "WORKDIR /app\n"
            "LABEL org.opencontainers.image.title=\"tool\" version=\"" + n + "\"\n";
    lines += 10;
  }
  text += "# shipshape ignore=XX9999\nUSER app\n";
  finding_line = lines + 1;
  return text;
}

struct BigRun {
  double seconds = 0;
  long max_rss_kb = 0;
};

BigRun lint_big(const TempDir& dir, std::size_t bytes) {
  std::size_t finding_line = 0;
  const std::string text = realistic_dockerfile(bytes, finding_line);
  const auto path = dir.write("big/Dockerfile", text);
  const reliability::Measured run =
      reliability::run_measured({"--format", "json", "big/Dockerfile"}, {.cwd = dir.path(), .timeout_seconds = 900});
  INFO("stderr: " << run.err);
  CHECK_FALSE(run.timed_out);
  CHECK(run.signal == 0);
  CHECK(run.exit_code == 1);
  const nlohmann::json report = nlohmann::json::parse(run.out, nullptr, false);
  REQUIRE(!report.is_discarded());
  CHECK(report["errors"].empty());
  bool found = false;
  for (const auto& finding : report["findings"]) {
    if (finding["rule"] == "SS001" && finding["range"]["start"]["line"] == finding_line) found = true;
  }
  CHECK_MESSAGE(found, "the finding on line " << finding_line << " is missing");
  std::filesystem::remove(path);
  return {run.seconds, run.max_rss_kb};
}

// Lints `text` as the file `name` with the child's stack limited to 1 MiB (its threads' stacks too): a recursion
// as deep as the input's nesting overflows it. Returns the JSON report.
nlohmann::json lint_with_small_stack(const TempDir& dir, const std::string& name, const std::string& text,
                                     std::vector<std::string> flags = {}) {
  dir.write(name, text);
  flags.insert(flags.begin(), {"--format", "json"});
  flags.push_back(name);
  const double bound = kSanitized ? 60 : 10;
  const reliability::Measured run = reliability::run_measured(
      flags, {.cwd = dir.path(), .timeout_seconds = bound + 30, .stack_limit_bytes = 1 << 20});
  INFO(name << " stderr: " << run.err.substr(0, 3000));
  CHECK_FALSE(run.timed_out);
  CHECK(run.signal == 0);
  CHECK(run.exit_code >= 0);
  CHECK(run.exit_code <= 2);
  CHECK(run.seconds < bound);
  const nlohmann::json report = nlohmann::json::parse(run.out, nullptr, false);
  CHECK_FALSE(report.is_discarded());
  std::filesystem::remove(dir / name);
  return report;
}

std::string repeat(std::string_view piece, int count) {
  std::string out;
  out.reserve(piece.size() * static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) out += piece;
  return out;
}

// Splits a long logical line into physical lines with backslash continuations (BuildKit refuses lines over 64 KiB).
std::string continued(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 1000) {
    if (i > 0) out += "\\\n";
    out += text.substr(i, 1000);
  }
  return out;
}

std::string run_heredoc(const std::string& body) { return "FROM alpine:3.20\nRUN <<EOF\n" + body + "\nEOF\n"; }

}  // namespace

TEST_CASE("limits: a 100 MB Dockerfile is linted in time and memory linear in its size") {
  const TempDir dir;
  const std::size_t big = kSanitized ? 10'000'000 : 100'000'000;
  if (kSanitized) MESSAGE("sanitizer build: linting 10 MB instead of 100 MB (and 1 MB instead of 10 MB)");
  const BigRun small_run = lint_big(dir, big / 10);
  const BigRun big_run = lint_big(dir, big);
  const double big_mb = static_cast<double>(big) / 1e6;
  MESSAGE(big_mb << " MB in " << big_run.seconds << " s, peak RSS " << big_run.max_rss_kb / 1024 << " MB; "
                 << big_mb / 10 << " MB in " << small_run.seconds << " s, peak RSS " << small_run.max_rss_kb / 1024
                 << " MB");
  // Linear: ten times the input costs about ten times as much (quadratic would be a hundred times).
  CHECK(big_run.seconds < 25 * std::max(small_run.seconds, 0.2));
  CHECK(big_run.max_rss_kb < 20 * small_run.max_rss_kb);
  // Absolute bounds, generous for a shared 2-core machine: about 30 s and 50 bytes of memory per input byte in
  // Release. ASan adds its shadow memory and a 256 MB quarantine.
  const double max_seconds = kSanitized ? 600 : 300;
  const long max_rss_kb = static_cast<long>(big / 1024) * (kSanitized ? 200 : 80) + (kSanitized ? 1 << 20 : 64 << 10);
  CHECK(big_run.seconds < max_seconds);
  CHECK(big_run.max_rss_kb < max_rss_kb);
}

TEST_CASE("limits: deep nesting in Dockerfiles and RUN scripts stays off the call stack") {
  const TempDir dir;
  constexpr int kDepth = 50000;
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {"command-substitution", run_heredoc("echo " + repeat("$(\n", kDepth) + "x" + repeat(")\n", kDepth))},
      {"subshell", run_heredoc(repeat("(\n", kDepth) + "true\n" + repeat(")\n", kDepth))},
      {"group", run_heredoc(repeat("{\n", kDepth) + "true\n" + repeat("}\n", kDepth))},
      {"if", run_heredoc(repeat("if true; then\n", kDepth) + "true\n" + repeat("fi\n", kDepth))},
      {"while", run_heredoc(repeat("while true; do\n", kDepth) + "true\n" + repeat("done\n", kDepth))},
      {"function", run_heredoc(repeat("f() {\n", kDepth) + "true\n" + repeat("}\n", kDepth))},
      {"case", run_heredoc(repeat("case x in\n a)\n", kDepth) + "true;;\n" + repeat("esac;;\n", kDepth))},
      {"arithmetic", run_heredoc("echo $((" + repeat("(\n", kDepth) + "1" + repeat(")\n", kDepth) + "))")},
      {"quoted-substitution",
       run_heredoc("echo \"" + repeat("$(echo \"\n", kDepth) + "x" + repeat("\")\n", kDepth) + "\"")},
      {"process-substitution", run_heredoc("cat" + repeat(" <(\n", kDepth) + "true" + repeat(")\n", kDepth))},
      {"array", run_heredoc("a=(" + repeat("$(\n", kDepth) + repeat(")\n", kDepth) + ")")},
      {"and-list", run_heredoc("true" + repeat(" &&\n true", 4 * kDepth))},
      {"pipeline", run_heredoc("true" + repeat(" |\n true", 2 * kDepth))},
      {"shell-heredoc", "FROM alpine:3.20\nRUN bash <<EOF\n" + repeat("$(\n", kDepth) + "true\n" +
                            repeat(")\n", kDepth) + "EOF\n"},
      {"continued-run", "FROM alpine:3.20\nRUN true" + repeat(" && \\\n true", 4 * kDepth) + "\n"},
      {"variable-expansion",
       "FROM alpine:3.20\nENV A=" + continued(repeat("${X:-", kDepth) + "v" + repeat("}", kDepth)) + "\n"},
      {"variable-expansion-alt",
       "FROM alpine:3.20\nARG X=1\nLABEL a=" + continued(repeat("${X:+", kDepth) + "v" + repeat("}", kDepth)) + "\n"},
      {"exec-form", "FROM alpine:3.20\nRUN " + continued(repeat("[", kDepth) + "\"a\"" + repeat("]", kDepth)) + "\n"},
      {"heredocs", "FROM alpine:3.20\nRUN cat " + [] {
         std::string markers, bodies;
         for (int i = 0; i < 2000; ++i) {
           markers += " <<E" + std::to_string(i);
           bodies += "x\nE" + std::to_string(i) + "\n";
         }
         return markers + "\n" + bodies;
       }()},
      {"onbuild", "FROM alpine:3.20\n" + continued(repeat("ONBUILD ", kDepth)) + "RUN true\n"},
  };
  for (const auto& input : inputs) {  // not a structured binding: clang 14 cannot capture one in INFO's lambda
    INFO(input.first);
    (void)lint_with_small_stack(dir, input.first + ".Dockerfile", input.second);
  }
}

TEST_CASE("limits: deep nesting in task definitions, configuration and baseline files stays off the call stack") {
  const TempDir dir;
  dir.write("ok/Dockerfile", reliability::kDockerfileWithFinding);
  SUBCASE("task definition") {
    const auto report = lint_with_small_stack(
        dir, "deep.json", "{\"containerDefinitions\": " + repeat("[", 100000) + repeat("]", 100000) + "}");
    REQUIRE(report["errors"].size() == 1);
    CHECK(report["errors"][0]["message"] == "nesting is deeper than 512 levels");
  }
  SUBCASE("task definition of objects") {
    const auto report =
        lint_with_small_stack(dir, "deep.json", repeat("{\"a\":", 100000) + "1" + repeat("}", 100000));
    CHECK(report["errors"].size() == 1);
  }
  SUBCASE("configuration: flow collections") {
    dir.write(".shipshape.yaml", "select: " + repeat("[", 100000) + repeat("]", 100000) + "\n");
    const auto report = lint_with_small_stack(dir, "Dockerfile", "FROM alpine:3.20\n");
    REQUIRE(report["errors"].size() == 1);  // the configuration file is reported, with its position
    CHECK(report["errors"][0]["path"] == ".shipshape.yaml");
    CHECK(report["errors"][0]["message"] == "the configuration nests more than 64 levels deep");
    CHECK(report["errors"][0]["range"]["start"]["column"] == 72);  // the 64th `[`: with the root mapping, level 65
  }
  SUBCASE("configuration: block mappings") {
    std::string yaml = "x-deep:\n";
    for (int i = 1; i < 3000; ++i) yaml += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
    dir.write(".shipshape.yaml", yaml);
    (void)lint_with_small_stack(dir, "Dockerfile", "FROM alpine:3.20\n");
  }
  SUBCASE("configuration: aliases") {
    // The "billion laughs": each level refers to the one before it ten times.
    std::string yaml = "x-0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (int i = 1; i < 12; ++i) {
      const std::string prev = "*a" + std::to_string(i - 1);
      yaml += "x-" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev;
      for (int k = 1; k < 10; ++k) yaml += ", " + prev;
      yaml += "]\n";
    }
    dir.write(".shipshape.yaml", yaml);
    const auto report = lint_with_small_stack(dir, "Dockerfile", "FROM alpine:3.20\n");
    CHECK(report["errors"].size() == 1);
  }
  SUBCASE("baseline") {
    dir.write("baseline.json", "{\"findings\": " + repeat("[", 100000) + repeat("]", 100000) + "}");
    dir.write("Dockerfile", "FROM alpine:3.20\n");
    const reliability::Measured run = reliability::run_measured(
        {"--baseline", "baseline.json", "Dockerfile"}, {.cwd = dir.path(), .stack_limit_bytes = 1 << 20});
    CHECK(run.signal == 0);
    CHECK(run.exit_code <= 2);
  }
}

TEST_CASE("limits: a process substitution is dynamic, so nested ones cost linear time") {
  using shipshape::shell::static_value;
  CHECK_FALSE(static_value("<(true)").has_value());
  CHECK_FALSE(static_value(">(tee log)").has_value());
  CHECK(static_value("'<(x)'") == "<(x)");
  CHECK(static_value("\"<(x)\"") == "<(x)");
  CHECK(static_value("a<b") == "a<b");
}
