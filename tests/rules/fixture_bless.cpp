#include "tests/rules/fixture_bless.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <tuple>

#include "parsers/dockerfile/syntax.h"
#include "parsers/source.h"
#include "parsers/text.h"
#include "tests/rules/fixture_runner.h"

namespace shipshape::testing {

namespace {

using LineNumber = std::uint32_t;  // 1-based

// The order annotations of one line follow: by column, as the report lists findings.
bool comes_before(const ActualFinding& a, const ActualFinding& b) {
  return std::tie(a.line, a.start_column, a.end_line, a.end_column, a.rule, a.pointer, a.message) <
         std::tie(b.line, b.start_column, b.end_line, b.end_column, b.rule, b.pointer, b.message);
}

std::string_view indentation_of(std::string_view line) {
  return line.substr(0, std::min(line.find_first_not_of(" \t"), line.size()));
}

// The annotation with its `@LINE:COLUMN` token (outside any quoted fragment) moved to `line`.
std::string with_absolute_line(std::string_view annotation, LineNumber line) {
  bool quoted = false;
  for (std::size_t i = 1; i < annotation.size(); ++i) {
    if (annotation[i] == '"') quoted = !quoted;
    if (quoted || annotation[i] != '@' || !text::is_space(annotation[i - 1])) continue;
    const std::size_t colon = annotation.find(':', i);
    if (colon == std::string_view::npos) break;
    return std::string(annotation.substr(0, i + 1)) + std::to_string(line) + std::string(annotation.substr(colon));
  }
  return std::string(annotation);
}

// Lines of the Dockerfile parser directives (`# syntax=...`): a comment above one would end the directives.
std::vector<LineNumber> directive_lines(std::string_view content, FixtureSyntax syntax) {
  std::vector<LineNumber> lines;
  if (syntax != FixtureSyntax::dockerfile) return lines;
  const SourceFile source("fixture", std::string(content));
  for (const dockerfile::Directive& directive : dockerfile::parse_syntax(source).directives) {
    lines.push_back(directive.range.begin.line);
  }
  return lines;
}

// A new annotation line. An absolute one names a line number, so it is written once the new numbers are known.
struct NewAnnotation {
  std::string text;
  std::optional<ActualFinding> absolute;
};

// Plans the removed and added annotation lines of one fixture, then writes the fixture anew.
class FixtureBlesser {
 public:
  FixtureBlesser(std::string_view content, FixtureSyntax syntax, const std::vector<ActualFinding>& actual)
      : content_(content),
        syntax_(syntax),
        actual_(actual),
        fixture_(parse_fixture(content, syntax)),
        pairs_(pair_findings(fixture_.expected, actual)),
        lines_(text::split(content, '\n')),
        directives_(directive_lines(content, syntax)) {
    if (!lines_.empty() && lines_.back().empty()) lines_.pop_back();  // the text after the final newline
    removed_.assign(lines_.size() + 1, false);
    added_.resize(lines_.size() + 2);
    expected_on_line_.resize(lines_.size() + 1);
    for (std::size_t index = 0; index < fixture_.expected.size(); ++index) {
      expected_on_line_[fixture_.expected[index].annotation_line] = index;
    }
  }

  std::string bless() {
    if (!fixture_.errors.empty()) return std::string(content_);
    remove_stale_annotations();
    add_missing_annotations();
    return changed_ ? render() : std::string(content_);
  }

 private:
  LineNumber end_line() const { return static_cast<LineNumber>(lines_.size()) + 1; }

  void remove_stale_annotations() {
    for (std::size_t index = 0; index < fixture_.expected.size(); ++index) {
      if (pairs_.actual_of_expected[index]) continue;
      removed_[fixture_.expected[index].annotation_line] = true;
      changed_ = true;
    }
  }

  void add_missing_annotations() {
    std::vector<const ActualFinding*> missing;
    for (std::size_t index = 0; index < actual_.size(); ++index) {
      if (!pairs_.actual_matched[index]) missing.push_back(&actual_[index]);
    }
    std::sort(missing.begin(), missing.end(),
              [](const ActualFinding* a, const ActualFinding* b) { return comes_before(*a, *b); });
    for (const ActualFinding* finding : missing) {
      changed_ = true;
      if (can_annotate_above(finding->line)) {
        const std::string_view indentation = indentation_of(lines_[finding->line - 1]);
        added_[slot_above(*finding)].push_back({std::string(indentation) + annotation_for(*finding, syntax_, false),
                                                std::nullopt});
      } else {
        added_[below_directives()].push_back({std::string(), *finding});
      }
    }
  }

  // A relative annotation describes the next line that is not an annotation; a comment above a parser directive
  // would end the directives.
  bool can_annotate_above(LineNumber line) const {
    return line >= 1 && line < end_line() && !fixture_.annotation_lines[line - 1] &&
           std::find(directives_.begin(), directives_.end(), line) == directives_.end();
  }

  LineNumber below_directives() const {
    return directives_.empty() ? 1 : *std::max_element(directives_.begin(), directives_.end()) + 1;
  }

  // Among the annotations right above the finding's line: before the first that describes a later finding.
  LineNumber slot_above(const ActualFinding& finding) const {
    LineNumber first = finding.line;
    while (first > 1 && fixture_.annotation_lines[first - 2]) --first;
    for (LineNumber line = first; line < finding.line; ++line) {
      const std::optional<std::size_t> expected = expected_on_line_[line];
      if (!expected || fixture_.expected[*expected].absolute) continue;
      const std::optional<std::size_t> matched = pairs_.actual_of_expected[*expected];
      if (matched && comes_before(finding, actual_[*matched])) return line;
    }
    return finding.line;
  }

  // Where each original line (and the end of the text) lands once the annotations are added and removed.
  std::vector<LineNumber> new_line_numbers() const {
    std::vector<LineNumber> numbers(end_line() + 1, 0);
    LineNumber next = 1;
    for (LineNumber line = 1; line <= end_line(); ++line) {
      next += static_cast<LineNumber>(added_[line].size());
      numbers[line] = next;
      if (line < end_line() && !removed_[line]) ++next;
    }
    return numbers;
  }

  std::string text_of(const NewAnnotation& annotation, const std::vector<LineNumber>& numbers) const {
    if (!annotation.absolute) return annotation.text;
    ActualFinding finding = *annotation.absolute;
    finding.line = numbers[std::min(finding.line, end_line())];
    return annotation_for(finding, syntax_, true);
  }

  // An original line as it stays: an absolute annotation follows its line when lines above it come and go.
  std::string kept_text(LineNumber line, const std::vector<LineNumber>& numbers) const {
    const std::string_view original = lines_[line - 1];
    const std::optional<std::size_t> expected = expected_on_line_[line];
    if (!expected || !fixture_.expected[*expected].absolute) return std::string(original);
    const LineNumber target = fixture_.expected[*expected].line;
    const LineNumber moved = numbers[std::min(target, end_line())];
    return moved == target ? std::string(original) : with_absolute_line(original, moved);
  }

  std::string render() const {
    const std::vector<LineNumber> numbers = new_line_numbers();
    std::string out;
    for (LineNumber line = 1; line <= end_line(); ++line) {
      for (const NewAnnotation& annotation : added_[line]) out += text_of(annotation, numbers) + '\n';
      if (line < end_line() && !removed_[line]) out += kept_text(line, numbers) + '\n';
    }
    const bool final_newline = !content_.empty() && content_.back() == '\n';
    if (!final_newline && !out.empty()) out.pop_back();
    return out;
  }

  std::string_view content_;
  FixtureSyntax syntax_;
  const std::vector<ActualFinding>& actual_;
  ParsedFixture fixture_;
  FindingPairs pairs_;
  std::vector<std::string_view> lines_;
  std::vector<LineNumber> directives_;
  // Indexed by original line number; added_ has one more entry for the end of the text.
  std::vector<bool> removed_;
  std::vector<std::vector<NewAnnotation>> added_;
  std::vector<std::optional<std::size_t>> expected_on_line_;
  bool changed_ = false;
};

}  // namespace

bool blessing_requested() {
  const char* bless = std::getenv("SHIPSHAPE_BLESS");
  return bless != nullptr && std::string_view(bless) == "1";
}

std::string bless_fixture(std::string_view content, FixtureSyntax syntax, const std::vector<ActualFinding>& actual) {
  return FixtureBlesser(content, syntax, actual).bless();
}

std::string bless_fixture_text(const rules::RegisteredRule& rule, std::string_view content,
                               const std::string& filename) {
  const FixtureSyntax syntax = syntax_of(filename);
  const ParsedFixture fixture = parse_fixture(content, syntax);
  const FixtureRun run = run_fixture(rule, fixture.text, fixture.header_json, filename);
  if (!run.errors.empty()) return std::string(content);
  return bless_fixture(content, syntax, run.findings);
}

}  // namespace shipshape::testing
