// Secrets never leak: the built binary lints the credential fixtures in every output format (with and without
// suppressed findings) and no secret value, nor any 6-character piece of one, may appear in what it prints.

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "parsers/dockerfile/document.h"
#include "parsers/dockerfile/parse.h"
#include "rules/support/secrets.h"
#include "tests/support/support.h"

namespace fs = std::filesystem;
using namespace shipshape;
using namespace shipshape::testing;

namespace {

const std::vector<fs::path>& secret_fixtures() {
  static const std::vector<fs::path> files = [] {
    const fs::path dir = source_dir() / "fixtures" / "dockerfile";
    return std::vector<fs::path>{dir / "credential_in_value.Dockerfile", dir / "credential_in_value.aws_pair.Dockerfile",
                                 dir / "credential_in_value.aws_shape.Dockerfile",
                                 dir / "secret_in_arg_or_env.Dockerfile",
                                 dir / "secret_in_arg_or_env.secret_mount.Dockerfile"};
  }();
  return files;
}

// Every secret value written in those fixtures: credentials found by their shape and values of secret-named
// variables.
const std::vector<std::string>& secret_values() {
  static const std::vector<std::string> values = {
      "AKIAIOSFODNN7EXAMPLE",
      "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "ghp_Xk9Xk9Xk9Xk9Xk9Xk9Xk9Xk9Xk9Xk9Xk9Xk9",
      "xoxb-730191371696-abcdEFGHijkl",
      "s3cretPassw0rd",
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vLXVzZXIifQ.Q2xhdWRlRmFrZVNpZ25hdHVyZTEyMw",
      "Sup3rS3cr3tXyz",
      "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
      "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW",
      "QyNTUxOQAAACBfYWtlZmFrZWZha2VmYWtlZmFrZWZha2VmYWtlZmFrZWZha2UAAAAA",
      "npm_aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3",
      "AKIAI44QH8DHBEXAMPLE",
      "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
      "Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy",
      "XyZ12abcDEF34ghiJKL56mnoPQR78stuVWX90yzA",
      "hunter2hunter2",
      "sk_test_fakefakefake",
      "zebra-quartz-fjord",
      "fsociety1",
  };
  return values;
}

// The first 6-character piece of a secret found in `output`, or empty.
std::string leaked_piece(std::string_view output, std::string_view secret) {
  if (secret.size() < 6) return output.find(secret) == std::string_view::npos ? std::string() : std::string(secret);
  for (std::size_t i = 0; i + 6 <= secret.size(); ++i) {
    const std::string_view piece = secret.substr(i, 6);
    if (output.find(piece) != std::string_view::npos) return std::string(piece);
  }
  return {};
}

std::vector<std::string> fixture_arguments() {
  std::vector<std::string> args;
  for (const fs::path& file : secret_fixtures()) args.push_back(file.string());
  return args;
}

}  // namespace

TEST_CASE("dockerfile secrets: every secret the leak test looks for is written in its fixtures") {
  std::string all;
  for (const fs::path& file : secret_fixtures()) all += read_file(file);
  for (const std::string& secret : secret_values()) CHECK_MESSAGE(all.find(secret) != std::string::npos, secret);
}

TEST_CASE("dockerfile secrets: sensitive_ranges covers every secret value of the fixtures") {
  for (const fs::path& file : secret_fixtures()) {
    const SourceFile source(file.string(), read_file(file));
    const dockerfile::ParseResult parsed = dockerfile::parse(source);
    REQUIRE(parsed.document);
    const std::vector<Range> ranges = rules::sensitive_ranges(*parsed.document);
    for (const std::string& secret : secret_values()) {
      for (std::size_t at = source.text().find(secret); at != std::string_view::npos;
           at = source.text().find(secret, at + 1)) {
        const bool covered = std::any_of(ranges.begin(), ranges.end(), [&](const Range& r) {
          return r.begin.offset <= at && at + secret.size() <= r.end.offset;
        });
        CHECK_MESSAGE(covered, file.filename().string() << ": " << secret << " at offset " << at);
      }
    }
  }
}

TEST_CASE("dockerfile secrets: no output format leaks a secret or a 6-character piece of one") {
  TempDir dir;
  const std::string baseline = (dir / "baseline.json").string();
  // A baseline of every finding, so that --show-suppressed has suppressed findings to print.
  std::vector<std::string> write_args{"--write-baseline", baseline, "--exit-zero", "--format", "json"};
  for (const std::string& file : fixture_arguments()) write_args.push_back(file);
  const RunResult written = run_shipshape(write_args);
  REQUIRE(written.exit_code == 0);
  const std::string baseline_text = read_file(baseline);
  for (const std::string& secret : secret_values()) {
    CHECK_MESSAGE(leaked_piece(baseline_text, secret).empty(), "the baseline file holds a piece of " << secret);
  }

  struct Variant {
    std::vector<std::string> args;
    std::string label;
  };
  std::vector<Variant> variants;
  for (const char* format : {"tty", "json", "sarif", "gnu", "checkstyle", "github", "codeclimate"}) {
    variants.push_back({{"--format", format}, format});
    variants.push_back({{"--format", format, "--baseline", baseline, "--show-suppressed"},
                        std::string(format) + " --show-suppressed"});
  }
  variants.push_back({{"--format", "tty", "--color", "always"}, "tty --color always"});
  for (const Variant& variant : variants) {
    INFO("format: " << variant.label);
    std::vector<std::string> args = variant.args;
    args.push_back("--exit-zero");
    for (const std::string& file : fixture_arguments()) args.push_back(file);
    const RunResult result = run_shipshape(args);
    CHECK(result.exit_code == 0);
    // The run reported the credentials (a silent run would prove nothing).
    CHECK(result.out.find("DF105") != std::string::npos);
    CHECK(result.out.find("DL3064") != std::string::npos);
    const std::string output = result.out + result.err;
    for (const std::string& secret : secret_values()) {
      const std::string piece = leaked_piece(output, secret);
      CHECK_MESSAGE(piece.empty(), "`" << piece << "` of " << secret << " appears in the output");
    }
  }
}

TEST_CASE("dockerfile secrets: the tty format masks secret values in the source lines it quotes") {
  const fs::path file = source_dir() / "fixtures" / "dockerfile" / "credential_in_value.Dockerfile";
  const RunResult result = run_shipshape({"--format", "tty", "--exit-zero", "--select", "DF105", file.string()});
  CHECK(result.out.find("ENV AWS_ACCESS_KEY_ID=********************") != std::string::npos);
  CHECK(result.out.find("git clone https://deploy:**************@git.example.com") != std::string::npos);
}
