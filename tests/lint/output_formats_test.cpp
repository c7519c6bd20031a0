// The line and document formats other than SARIF: tty layout, gnu, checkstyle, github and codeclimate. Escaping,
// empty reports, suppressed findings, files that could not be linted, and standard input.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <set>
#include <string>

#include "lint/output/output.h"
#include "tests/lint/output_fixture.h"
#include "tests/support/support.h"

namespace {

using namespace shipshape;
using namespace shipshape::testing::output_fixture;
namespace output = shipshape::lint::output;
using Json = nlohmann::json;

// A report with one Dockerfile and the given findings on `text`.
lint::LintReport one_file(std::string path, std::string text, std::vector<std::pair<Range, std::string>> findings,
                          const rules::RuleInfo& rule = kLatestTag) {
  lint::LintReport report;
  lint::FileReport file = file_with_source(std::move(path), std::move(text), lint::FileType::dockerfile);
  for (auto& [range, message] : findings) file.findings.push_back(make_finding(rule, range, std::move(message)));
  report.files.push_back(std::move(file));
  return report;
}

std::size_t count_lines(std::string_view text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

// ---- empty reports ----

TEST_CASE("output formats: an empty report renders a valid, empty document in every format") {
  const lint::LintReport empty;
  const output::RenderOptions options = golden_options();
  CHECK(output::render_gnu(empty, options) == "");
  CHECK(output::render_checkstyle(empty, options) ==
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n</checkstyle>\n");
  CHECK(output::render_github(empty, options) == "shipshape found no problems in 0 files.\n");
  CHECK(output::render_codeclimate(empty, options) == "[]\n");
}

// ---- tty ----

// The column of the gutter mark on each line of a finding's block after its message: the `|` or `=` after the
// line number (or the blank gutter), or one past the start of `-->`, where rustc puts it too.
std::vector<std::size_t> gutter_columns(std::string_view block) {
  std::vector<std::size_t> columns;
  block.remove_prefix(std::min(block.size(), block.find('\n') + 1));  // the message
  while (!block.empty()) {
    const std::string_view line = block.substr(0, block.find('\n'));
    block.remove_prefix(std::min(block.size(), line.size() + 1));
    const std::size_t mark = line.find_first_not_of("0123456789. ");
    if (mark != std::string_view::npos && line.substr(mark, 3) == "-->") {
      columns.push_back(mark + 1);
    } else if (mark != std::string_view::npos && (line[mark] == '|' || line[mark] == '=')) {
      columns.push_back(mark);
    } else {
      columns.push_back(std::string_view::npos);
    }
  }
  return columns;
}

TEST_CASE("output formats: tty lines up every gutter mark, whatever the width of the line numbers") {
  std::string text;
  for (int line = 1; line <= 12; ++line) text += "RUN step" + std::to_string(line) + "\n";
  lint::LintReport report = one_file("Dockerfile", text, {});
  const SourceFile& source = *report.files[0].source;
  report.files[0].findings.push_back(make_finding(kLatestTag, find_range(source, "step3"), "one-digit line"));
  report.files[0].findings.push_back(make_finding(kLatestTag, find_range(source, "step11"), "two-digit line"));
  Range long_span{find_range(source, "step2").begin, find_range(source, "step12").end};
  report.files[0].findings.push_back(make_finding(kLatestTag, long_span, "eleven lines, shortened"));
  report.files[0].errors.push_back(Diagnostic{find_range(source, "step10"), "an error", "a hint"});
  const std::string out = output::render_tty(report, golden_options());
  INFO(out);
  std::size_t blocks = 0;
  for (std::size_t begin = 0; begin < out.size();) {
    const std::size_t end = std::min(out.find("\n\n", begin), out.size());
    const std::string_view block = std::string_view(out).substr(begin, end - begin);
    begin = end + 2;
    if (block.find("-->") == std::string_view::npos) continue;  // the summary
    ++blocks;
    const std::vector<std::size_t> columns = gutter_columns(block);
    CAPTURE(block);
    REQUIRE(columns.size() >= 4);
    CHECK(std::all_of(columns.begin(), columns.end(), [&](std::size_t c) { return c == columns.front(); }));
  }
  CHECK(blocks == 4);
  CHECK(out.find(" --> Dockerfile:3:5\n  |\n3 | RUN step3\n") != std::string::npos);
  CHECK(out.find("  --> Dockerfile:11:5\n   |\n11 | RUN step11\n") != std::string::npos);
  CHECK(out.find("\n.. |\n") != std::string::npos);  // the lines left out of the long span
}

// ---- gnu ----

TEST_CASE("output formats: gnu prints file:line:col: severity: message [ID] with character columns") {
  const std::string text = "FROM \xC3\xA9t\xC3\xA9:latest\n";
  lint::LintReport report = one_file("Dockerfile", text, {});
  const SourceFile& source = *report.files[0].source;
  report.files[0].findings.push_back(make_finding(kLatestTag, find_range(source, "latest"), "line one\nline two"));
  report.files[0].findings.push_back(make_finding(kRootUser, find_range(source, "FROM"), "root"));
  CHECK(output::render_gnu(report, golden_options()) ==
        "Dockerfile:1:10: warning: line one\xEF\xBF\xBDline two [XT0001]\n"  // a line break cannot split a line
        "Dockerfile:1:1: error: root [XT0003]\n");
}

TEST_CASE("output formats: gnu names standard input `stdin` and shows suppressed findings only when asked") {
  lint::LintReport report = one_file("-", "FROM a:latest\n", {});
  report.files[0].fs_path.clear();
  rules::Finding finding = make_finding(kLatestTag, find_range(*report.files[0].source, "latest"), "latest");
  finding.suppressed = true;
  finding.suppression = "# shipshape ignore=XT0001";
  report.files[0].findings.push_back(finding);
  CHECK(output::render_gnu(report, golden_options()) == "");
  report.show_suppressed = true;
  CHECK(output::render_gnu(report, golden_options()) ==
        "stdin:1:8: warning: latest [XT0001] (suppressed: # shipshape ignore=XT0001)\n");
}

// ---- checkstyle ----

TEST_CASE("output formats: checkstyle escapes markup and replaces characters XML 1.0 cannot carry") {
  const std::string message = std::string("a<b>&\"c\"'d'\ttab\nnew\rret\x01\x1b[31m\x7f\xC2\x85 \xFF bad \xEF\xBF\xBF end \xF0\x9F\x99\x82");
  lint::LintReport report = one_file("dir&co/<x>.Dockerfile", "FROM a\n", {{Range{}, message}});
  const std::string xml = output::render_checkstyle(report, golden_options());
  const std::string replacement = "\xEF\xBF\xBD";
  const std::string expected_message = "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;&#9;tab&#10;new&#13;ret" + replacement +
                                       replacement + "[31m" + replacement + replacement + " " + replacement +
                                       " bad " + replacement + " end \xF0\x9F\x99\x82";
  CHECK(xml == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n"
               "  <file name=\"dir&amp;co/&lt;x&gt;.Dockerfile\">\n"
               "    <error line=\"1\" column=\"1\" severity=\"warning\" message=\"" +
                   expected_message +
                   "\" source=\"XT0001\"/>\n"
                   "  </file>\n</checkstyle>\n");

  // A real XML parser reads it back, with the tab and line breaks intact.
  const shipshape::testing::TempDir dir;
  const auto file = dir.write("report.xml", xml);
  const auto parsed = shipshape::testing::run(
      {"python3", "-c",
       "import sys, xml.etree.ElementTree as E\n"
       "e = E.parse(sys.argv[1]).getroot().find('file/error')\n"
       "sys.stdout.buffer.write(e.get('message').encode('utf-8'))",
       file.string()});
  INFO(parsed.err);
  REQUIRE(parsed.exit_code == 0);
  CHECK(parsed.out == "a<b>&\"c\"'d'\ttab\nnew\rret" + replacement + replacement + "[31m" + replacement +
                          replacement + " " + replacement + " bad " + replacement + " end \xF0\x9F\x99\x82");
}

TEST_CASE("output formats: checkstyle lists clean files, unreadable files and input errors") {
  lint::LintReport report;
  report.input_errors.push_back({"gone", "no such file or directory"});
  report.files.push_back(file_with_source("clean/Dockerfile", "FROM a\n", lint::FileType::dockerfile));
  lint::FileReport stdin_file = file_with_source("-", "FROM a\n", lint::FileType::dockerfile);
  stdin_file.fs_path.clear();
  stdin_file.errors.push_back(Diagnostic{stdin_file.source->range(5, 6), "bad", "fix it"});
  report.files.push_back(std::move(stdin_file));
  CHECK(output::render_checkstyle(report, golden_options()) ==
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n"
        "  <file name=\"gone\">\n    <error line=\"0\" severity=\"error\" message=\"no such file or directory\"/>\n"
        "  </file>\n"
        "  <file name=\"clean/Dockerfile\"/>\n"
        "  <file name=\"stdin\">\n    <error line=\"1\" column=\"6\" severity=\"error\" message=\"bad (hint: fix it)\"/>\n"
        "  </file>\n</checkstyle>\n");
}

// ---- github ----

TEST_CASE("output formats: github escapes messages and properties as the actions toolkit does") {
  lint::LintReport report =
      one_file("odd,dir:x%/Dockerfile", "FROM a:latest\n",
               {{Range{}, "100% sure\r\nsecond line :: not a command, really\x1b[0m"}}, kLatestTag);
  CHECK(output::render_github(report, golden_options()) ==
        "::warning file=odd%2Cdir%3Ax%25/Dockerfile,line=1,col=1,endLine=1,endColumn=1,title=XT0001 latest_tag::"
        "100%25 sure%0D%0Asecond line :: not a command, really\xEF\xBF\xBD[0m\n"
        "shipshape found 1 problem in 1 file: 1 warning.\n");
}

TEST_CASE("output formats: github gives columns only for findings on one line") {
  const std::string text = "RUN a && \\\n    b\nUSER r\xC3\xB6ot\n";
  lint::LintReport report = one_file("Dockerfile", text, {});
  const SourceFile& source = *report.files[0].source;
  auto& findings = report.files[0].findings;
  findings.push_back(make_finding(kContinuation, Range{find_range(source, "a").begin, find_range(source, "b").end}, "two lines"));
  findings.push_back(make_finding(kContinuation, source.range(0, 11), "one line with its line break"));
  findings.push_back(make_finding(kRootUser, find_range(source, "r\xC3\xB6ot"), "non-ASCII"));
  const std::uint32_t end = static_cast<std::uint32_t>(text.size() - 1);
  findings.push_back(make_finding(kContinuation, source.range(end, end), "a point at the end of a line"));
  CHECK(output::render_github(report, golden_options()) ==
        "::notice file=Dockerfile,line=1,endLine=2,title=XT0002 long_run_chain::two lines\n"
        "::notice file=Dockerfile,line=1,col=1,endLine=1,endColumn=10,title=XT0002 long_run_chain::one line with its "
        "line break\n"
        "::error file=Dockerfile,line=3,col=6,endLine=3,endColumn=9,title=XT0003 root_user::non-ASCII\n"
        "::notice file=Dockerfile,line=3,col=9,endLine=3,endColumn=9,title=XT0002 long_run_chain::a point at the end "
        "of a line\n"
        "shipshape found 4 problems in 1 file: 1 error, 3 notes.\n");
}

TEST_CASE("output formats: github reports files that could not be linted and warns about annotation limits") {
  lint::LintReport report;
  report.input_errors.push_back({"gone", "no such file or directory"});
  lint::FileReport stdin_file = file_with_source("-", "FROM a\n", lint::FileType::dockerfile);
  stdin_file.fs_path.clear();
  for (int i = 0; i < 11; ++i) {
    stdin_file.findings.push_back(make_finding(kLatestTag, stdin_file.source->range(0, 4), "w"));
  }
  report.files.push_back(std::move(stdin_file));
  const std::string out = output::render_github(report, golden_options());
  CHECK(out.starts_with("::error file=gone,title=file not linted::no such file or directory\n"
                        "::warning title=XT0001 latest_tag::w\n"));  // standard input has no file to annotate
  CHECK(count_lines(out) == 13);
  CHECK(out.ends_with("shipshape found 11 problems in 1 file: 11 warnings. 1 file could not be linted. GitHub shows "
                      "at most 10 annotations of each level per step; the SARIF format with code scanning shows them "
                      "all.\n"));
}

// ---- codeclimate ----

TEST_CASE("output formats: codeclimate issues have unique, stable fingerprints and mapped severities") {
  lint::LintReport report = golden_report();
  // Two findings with the same fingerprint (as a buggy rule could produce) still get distinct ones.
  report.files[2].findings[2].fingerprint = report.files[2].findings[1].fingerprint;
  const Json issues = Json::parse(output::render_codeclimate(report, golden_options()));
  REQUIRE(issues.size() == 9);
  std::set<std::string> fingerprints;
  for (const Json& issue : issues) {
    CHECK(issue.at("type") == "issue");
    CHECK(fingerprints.insert(issue.at("fingerprint")).second);
    CHECK(issue.at("location").at("lines").at("begin").get<int>() >= 1);
  }
  CHECK(issues.at(2).at("fingerprint") == report.files[2].findings[1].fingerprint);
  CHECK(issues.at(3).at("fingerprint") != report.files[2].findings[1].fingerprint);
  // Severities: error → critical, warning → major, note → info, a file that could not be linted → blocker.
  CHECK(issues.at(0).at("severity") == "blocker");
  CHECK(issues.at(2).at("severity") == "major");
  CHECK(issues.at(3).at("severity") == "info");
  CHECK(issues.at(5).at("severity") == "critical");
  CHECK(issues.at(5).at("categories") == Json::array({"Security"}));
  CHECK(issues.at(2).at("categories") == Json::array({"Bug Risk"}));
  CHECK(issues.at(3).at("categories") == Json::array({"Style"}));
  // The same report renders the same fingerprints (and bytes) again.
  CHECK(output::render_codeclimate(report, golden_options()) == output::render_codeclimate(report, golden_options()));
}

TEST_CASE("output formats: codeclimate locations have lines and character positions") {
  lint::LintReport report = one_file("-", "RUN \xC3\xA9 && \\\n  b\n", {});
  report.files[0].fs_path.clear();
  const SourceFile& source = *report.files[0].source;
  report.files[0].findings.push_back(
      make_finding(kContinuation, Range{find_range(source, "&&").begin, source.position_at(15)}, "two lines"));
  const Json issues = Json::parse(output::render_codeclimate(report, golden_options()));
  REQUIRE(issues.size() == 1);
  CHECK(issues.at(0).at("location") == Json::parse(R"({"path": "stdin", "lines": {"begin": 1, "end": 2},
      "positions": {"begin": {"line": 1, "column": 7}, "end": {"line": 2, "column": 4}}})"));
}

// ---- all formats ----

TEST_CASE("output formats: standard input that cannot be read is named stdin in every format") {
  lint::LintReport report;
  report.input_errors.push_back({"-", "cannot read standard input: I/O error"});
  const output::RenderOptions options = golden_options();
  CHECK(output::render_gnu(report, options) == "stdin: error: cannot read standard input: I/O error\n");
  CHECK(output::render_checkstyle(report, options).find("<file name=\"stdin\">") != std::string::npos);
  CHECK(output::render_github(report, options).starts_with(
      "::error title=file not linted::cannot read standard input: I/O error\n"));
  CHECK(Json::parse(output::render_codeclimate(report, options)).at(0).at("location").at("path") == "stdin");
  const Json sarif = Json::parse(output::render_sarif(report, options));
  CHECK(sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]
             ["artifactLocation"]["uri"] == "stdin");
}

TEST_CASE("output formats: suppressed findings are left out unless shown, in every format") {
  lint::LintReport report = golden_report();
  const output::RenderOptions options = golden_options();
  for (const output::Format format :
       {output::Format::gnu, output::Format::checkstyle, output::Format::github, output::Format::codeclimate}) {
    CAPTURE(output::to_string(format));
    report.show_suppressed = false;
    const std::string hidden = output::render(format, report, options);
    CHECK(hidden.find("suppressed for the test") == std::string::npos);
    report.show_suppressed = true;
    const std::string shown = output::render(format, report, options);
    CHECK(shown.find("suppressed for the test") != std::string::npos);
    CHECK(shown.find("(suppressed: # shipshape ignore=XT0001)") != std::string::npos);
  }
}

}  // namespace
