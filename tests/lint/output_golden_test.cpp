// Golden files: every format renders the same small report (tests/lint/output_fixture.h), compared byte for
// byte with fixtures/output/report.<format>. After an intended change, rewrite them with
//
//   SHIPSHAPE_BLESS=1 build/tests/shipshape_tests -tc='output golden*'
//
// and review the diff. The version and documentation URLs are replaced by placeholders, so that a release or
// another SHIPSHAPE_DOCS_URL does not change the files.

#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "lint/output/output.h"
#include "shipshape/version.h"
#include "tests/lint/output_fixture.h"
#include "tests/support/support.h"

namespace {

using namespace shipshape;
using namespace shipshape::testing::output_fixture;
namespace output = shipshape::lint::output;

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// Replaces the build's version and URLs with placeholders.
std::string normalised(std::string text) {
  replace_all(text, kDocsUrl, "{docs}/");
  replace_all(text, kHomepage, "{homepage}");
  replace_all(text, fmt::format("\"version\": \"{}\"", kVersion), "\"version\": \"{version}\"");
  replace_all(text, fmt::format("\"semanticVersion\": \"{}\"", kVersion), "\"semanticVersion\": \"{version}\"");
  return text;
}

bool blessing() {
  const char* bless = std::getenv("SHIPSHAPE_BLESS");
  return bless != nullptr && std::string_view(bless) == "1";
}

// The first line where the texts differ, for a readable failure.
std::string first_difference(const std::string& expected, const std::string& actual) {
  std::size_t line = 1;
  std::size_t begin = 0;
  while (true) {
    const std::size_t expected_end = expected.find('\n', begin);
    const std::size_t actual_end = actual.find('\n', begin);
    const std::string expected_line = expected.substr(begin, expected_end - begin);
    const std::string actual_line = actual.substr(begin, actual_end - begin);
    if (expected_line != actual_line || expected_end != actual_end) {
      return fmt::format("line {}:\n  expected: {}\n  actual:   {}", line, expected_line, actual_line);
    }
    if (expected_end == std::string::npos) return "no difference";
    begin = expected_end + 1;
    ++line;
  }
}

void check_golden(output::Format format, std::string_view file_name) {
  const std::string rendered = normalised(output::render(format, golden_report(), golden_options()));
  const std::filesystem::path path = shipshape::testing::source_dir() / "fixtures" / "output" / file_name;
  if (blessing()) {
    shipshape::testing::write_file(path, rendered);
    MESSAGE("blessed " << path.string());
    return;
  }
  REQUIRE_MESSAGE(std::filesystem::exists(path), path.string() << " is missing: run with SHIPSHAPE_BLESS=1");
  const std::string expected = shipshape::testing::read_file(path);
  CHECK_MESSAGE(rendered == expected, path.string() << " differs at " << first_difference(expected, rendered)
                                                    << "\n(run with SHIPSHAPE_BLESS=1 to accept the new output)");
}

TEST_CASE("output golden: sarif") { check_golden(output::Format::sarif, "report.sarif"); }
TEST_CASE("output golden: gnu") { check_golden(output::Format::gnu, "report.gnu"); }
TEST_CASE("output golden: checkstyle") { check_golden(output::Format::checkstyle, "report.checkstyle.xml"); }
TEST_CASE("output golden: github") { check_golden(output::Format::github, "report.github"); }
TEST_CASE("output golden: codeclimate") { check_golden(output::Format::codeclimate, "report.codeclimate.json"); }
TEST_CASE("output golden: json") { check_golden(output::Format::json, "report.json"); }
TEST_CASE("output golden: tty") { check_golden(output::Format::tty, "report.tty"); }

TEST_CASE("output golden: every format renders the same report to the same bytes twice") {
  for (const output::Format format : {output::Format::tty, output::Format::json, output::Format::sarif,
                                      output::Format::gnu, output::Format::checkstyle, output::Format::github,
                                      output::Format::codeclimate}) {
    CAPTURE(output::to_string(format));
    const std::string first = output::render(format, golden_report(), golden_options());
    const std::string second = output::render(format, golden_report(), golden_options());
    CHECK(first == second);
    CHECK_FALSE(first.empty());
  }
}

TEST_CASE("output golden: golden files hold no machine-specific paths") {
  // The fixed working directory is the only absolute path, and only SARIF's originalUriBaseIds names it.
  const std::string sarif = output::render_sarif(golden_report(), golden_options());
  CHECK(sarif.find("file:///shipshape-golden/repo/") != std::string::npos);
  const std::string here = std::filesystem::current_path().string();
  CHECK(sarif.find(here + "/") == std::string::npos);
  CHECK(sarif.find(shipshape::testing::source_dir().string()) == std::string::npos);
  for (const output::Format format : {output::Format::gnu, output::Format::checkstyle, output::Format::github,
                                      output::Format::codeclimate}) {
    CAPTURE(output::to_string(format));
    CHECK(output::render(format, golden_report(), golden_options()).find("shipshape-golden") == std::string::npos);
  }
}

}  // namespace
