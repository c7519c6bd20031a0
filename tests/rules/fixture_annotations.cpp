#include "tests/rules/fixture_annotations.h"

#include <algorithm>
#include <fmt/format.h>

#include <charconv>

#include "parsers/text.h"

namespace shipshape::testing {

namespace {

std::string_view marker_for(FixtureSyntax syntax) { return syntax == FixtureSyntax::json ? "//" : "#"; }

// "# expect: ..." -> the part after "expect:", when the line is an annotation.
std::optional<std::string_view> annotation_body(std::string_view line, FixtureSyntax syntax,
                                                std::string_view keyword) {
  std::string_view rest = text::trim(line);
  const std::string_view marker = marker_for(syntax);
  if (rest.substr(0, marker.size()) != marker) return std::nullopt;
  rest = text::trim_left(rest.substr(marker.size()));
  if (rest.substr(0, keyword.size()) != keyword) return std::nullopt;
  return text::trim(rest.substr(keyword.size()));
}

bool parse_number(std::string_view s, std::uint32_t& out) {
  const auto result = std::from_chars(s.data(), s.data() + s.size(), out);
  return result.ec == std::errc() && result.ptr == s.data() + s.size() && out > 0;
}

// Parses "DL3007 13-19 @4:6 /pointer "fragment"" into `expected`; returns an error text or empty.
std::string parse_annotation(std::string_view body, ExpectedFinding& expected, bool& absolute) {
  std::size_t i = 0;
  const auto next_token = [&]() -> std::string_view {
    while (i < body.size() && text::is_space(body[i])) ++i;
    if (i >= body.size()) return {};
    if (body[i] == '"') {
      const std::size_t close = body.find('"', i + 1);
      const std::size_t end = close == std::string_view::npos ? body.size() : close + 1;
      const std::string_view token = body.substr(i, end - i);
      i = end;
      return token;
    }
    const std::size_t start = i;
    while (i < body.size() && !text::is_space(body[i])) ++i;
    return body.substr(start, i - start);
  };
  expected.rule = std::string(next_token());
  if (expected.rule.empty()) return "annotation names no rule";
  for (std::string_view token = next_token(); !token.empty(); token = next_token()) {
    if (token.front() == '"') {
      if (token.size() < 2 || token.back() != '"') return "unterminated message fragment";
      expected.message_fragment = std::string(token.substr(1, token.size() - 2));
    } else if (token.front() == '/') {
      expected.pointer = token == "/" ? std::string() : std::string(token);
    } else if (token.front() == '@') {
      const std::size_t colon = token.find(':');
      std::uint32_t line = 0, column = 0;
      if (colon == std::string_view::npos || !parse_number(token.substr(1, colon - 1), line) ||
          !parse_number(token.substr(colon + 1), column)) {
        return fmt::format("bad absolute position `{}` (expected @LINE:COLUMN)", token);
      }
      expected.line = line;
      expected.start_column = column;
      absolute = true;
    } else {
      const std::size_t dash = token.find('-');
      std::uint32_t start = 0, end = 0;
      if (!parse_number(token.substr(0, dash), start) ||
          (dash != std::string_view::npos && !parse_number(token.substr(dash + 1), end))) {
        return fmt::format("unexpected `{}` (expected COLUMN, COLUMN-COLUMN, @LINE:COLUMN, /pointer or \"text\")",
                           token);
      }
      expected.start_column = start;
      if (dash != std::string_view::npos) expected.end_column = end;
    }
  }
  return {};
}

}  // namespace

ParsedFixture parse_fixture(std::string_view content, FixtureSyntax syntax) {
  ParsedFixture fixture;
  fixture.text = std::string(content);
  std::vector<std::string_view> lines = text::split(content, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();  // the text after the final newline is no line
  fixture.annotation_lines.assign(lines.size(), false);
  std::vector<ExpectedFinding> pending;  // relative annotations waiting for their line
  std::size_t offset = 0;
  for (std::size_t index = 0; index < lines.size(); ++index) {
    const std::string_view line = lines[index];
    const auto line_number = static_cast<std::uint32_t>(index + 1);
    const auto blank_line = [&] {
      if (syntax == FixtureSyntax::json) fixture.text.replace(offset, line.size(), line.size(), ' ');
      fixture.annotation_lines[index] = true;
    };
    if (const auto header = annotation_body(line, syntax, "fixture:")) {
      fixture.header_json = std::string(*header);
      blank_line();
    } else if (const auto body = annotation_body(line, syntax, "expect:")) {
      ExpectedFinding expected;
      expected.annotation_line = line_number;
      const std::string error = parse_annotation(*body, expected, expected.absolute);
      if (!error.empty()) {
        fixture.errors.push_back(fmt::format("line {}: {}", line_number, error));
      } else if (expected.absolute) {
        fixture.expected.push_back(std::move(expected));
      } else {
        pending.push_back(std::move(expected));
      }
      blank_line();
    } else {
      for (ExpectedFinding& expected : pending) {
        expected.line = line_number;
        fixture.expected.push_back(std::move(expected));
      }
      pending.clear();
    }
    offset += line.size() + 1;
  }
  for (const ExpectedFinding& expected : pending) {
    fixture.errors.push_back(fmt::format("line {}: annotation is not followed by a line", expected.annotation_line));
  }
  return fixture;
}

namespace {

bool matches(const ExpectedFinding& e, const ActualFinding& a) {
  if (e.rule != a.rule || e.line != a.line) return false;
  if (e.start_column && *e.start_column != a.start_column) return false;
  if (e.end_column && (a.end_line != a.line || *e.end_column != a.end_column)) return false;
  if (e.pointer && *e.pointer != a.pointer) return false;
  if (e.message_fragment && a.message.find(*e.message_fragment) == std::string::npos) return false;
  return true;
}

std::string describe(const ActualFinding& a) {
  return fmt::format("{} at {}:{}-{}:{}{}: {}", a.rule, a.line, a.start_column, a.end_line, a.end_column,
                     a.pointer.empty() ? "" : " " + a.pointer, a.message);
}

}  // namespace

FindingPairs pair_findings(const std::vector<ExpectedFinding>& expected, const std::vector<ActualFinding>& actual) {
  FindingPairs pairs;
  pairs.actual_of_expected.assign(expected.size(), std::nullopt);
  pairs.actual_matched.assign(actual.size(), false);
  // Most specific expectations first, so that a loose one does not take the finding a precise one needs.
  std::vector<std::size_t> order(expected.size());
  for (std::size_t e = 0; e < expected.size(); ++e) order[e] = e;
  const auto weight = [&](std::size_t e) {
    return int(expected[e].start_column.has_value()) + int(expected[e].end_column.has_value()) +
           int(expected[e].pointer.has_value()) + int(expected[e].message_fragment.has_value());
  };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return weight(a) > weight(b); });
  for (const std::size_t e : order) {
    for (std::size_t a = 0; a < actual.size(); ++a) {
      if (!pairs.actual_matched[a] && matches(expected[e], actual[a])) {
        pairs.actual_matched[a] = true;
        pairs.actual_of_expected[e] = a;
        break;
      }
    }
  }
  return pairs;
}

std::vector<std::string> match_findings(const std::vector<ExpectedFinding>& expected,
                                        const std::vector<ActualFinding>& actual) {
  const FindingPairs pairs = pair_findings(expected, actual);
  std::vector<std::string> problems;
  for (std::size_t index = 0; index < expected.size(); ++index) {
    if (pairs.actual_of_expected[index]) continue;
    const ExpectedFinding& e = expected[index];
    problems.push_back(fmt::format(
        "missing: {} on line {}{}{}{}{} (annotation on line {})", e.rule, e.line,
        e.start_column ? fmt::format(" column {}", *e.start_column) : "",
        e.end_column ? fmt::format("-{}", *e.end_column) : "", e.pointer ? " at " + *e.pointer : "",
        e.message_fragment ? " with \"" + *e.message_fragment + "\"" : "", e.annotation_line));
  }
  for (std::size_t i = 0; i < actual.size(); ++i) {
    if (!pairs.actual_matched[i]) problems.push_back("unexpected: " + describe(actual[i]));
  }
  return problems;
}

std::string annotation_for(const ActualFinding& finding, FixtureSyntax syntax, bool absolute) {
  std::string out = fmt::format("{} expect: {}", marker_for(syntax), finding.rule);
  if (absolute) {
    out += fmt::format(" @{}:{}", finding.line, finding.start_column);
  } else if (finding.end_line == finding.line) {
    out += fmt::format(" {}-{}", finding.start_column, finding.end_column);
  } else {
    out += fmt::format(" {}", finding.start_column);
  }
  if (syntax == FixtureSyntax::json) out += " " + (finding.pointer.empty() ? std::string("/") : finding.pointer);
  return out;
}

}  // namespace shipshape::testing
