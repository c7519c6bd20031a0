// Every shell-form RUN of the Dockerfile corpus through the shell layer: no crash, exact error count, and
// the time it takes.
//
// The RUN bodies are cut out by a small splitter local to this test (the real Dockerfile parser lives
// elsewhere): it joins `\` continuations as BuildKit does (the escape and newline removed, leading whitespace
// of the next line kept, comment and blank lines inside a continuation dropped) and skips what it does not
// model: files with a backtick escape directive or heredocs, exec-form RUNs, and stages whose shell is not
// POSIX (a SHELL instruction naming powershell/cmd, or a Windows base image, where cmd is the default).

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "parsers/shell/script.h"
#include "parsers/text.h"
#include "tests/support/support.h"

using shipshape::SourceFile;
namespace shell = shipshape::shell;
namespace text = shipshape::text;

namespace {

struct RunBody {
  std::uint32_t line = 0;  // line of the RUN keyword
  std::vector<shell::Piece> pieces;
  bool posix_shell = true;  // false in a stage whose shell is cmd or PowerShell
};

struct Split {
  enum class Skip { none, backtick_escape, heredoc };  // what the splitter does not model
  Skip skipped = Skip::none;
  std::vector<RunBody> runs;
};

std::string_view line_content(const SourceFile& source, std::uint32_t line) {
  std::string_view content = source.line_text(line);
  if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
  return content;
}

// The offset of the escape character that continues this line, when it does (`\` followed only by blanks,
// not itself escaped).
std::optional<std::size_t> continuation_at(std::string_view content) {
  std::size_t end = content.size();
  while (end > 0 && (content[end - 1] == ' ' || content[end - 1] == '\t')) --end;
  if (end == 0 || content[end - 1] != '\\') return std::nullopt;
  if (end >= 2 && content[end - 2] == '\\') return std::nullopt;
  return end - 1;
}

bool is_comment_or_blank(std::string_view content) {
  const std::string_view trimmed = text::trim_left(content);
  return trimmed.empty() || trimmed.front() == '#';
}

bool is_posix_shell(std::string_view program) {
  std::string name(shell::basename_of(program));
  if (text::iends_with(name, ".exe")) name.resize(name.size() - 4);
  static const std::set<std::string, std::less<>> kPosix = {"sh", "bash", "ash", "dash", "zsh", "ksh", "busybox"};
  return kPosix.count(name) > 0;
}

bool is_windows_image(std::string_view image) {
  return text::icontains(image, "windows") || text::icontains(image, "nanoserver") ||
         text::icontains(image, "servercore");
}

bool has_heredoc(std::string_view content) {
  for (std::size_t at = content.find("<<"); at != std::string_view::npos; at = content.find("<<", at + 2)) {
    std::size_t i = at + 2;
    if (i < content.size() && content[i] == '<') {  // a here-string
      at = i;
      continue;
    }
    if (i < content.size() && content[i] == '-') ++i;
    if (i < content.size() && (content[i] == '"' || content[i] == '\'')) ++i;
    if (i < content.size() && (std::isalpha(static_cast<unsigned char>(content[i])) || content[i] == '_')) return true;
  }
  return false;
}

Split split_runs(const SourceFile& source) {
  Split split;
  const std::uint32_t lines = source.line_count();
  // Parser directives at the top: a backtick escape changes what a continuation is.
  for (std::uint32_t line = 1; line <= lines; ++line) {
    const std::string_view content = text::trim(line_content(source, line));
    if (content.empty() || content.front() != '#') break;
    std::string directive;
    for (const char c : content.substr(1)) {
      if (!text::is_space(c)) directive += text::ascii_lower(c);
    }
    if (directive.rfind("escape=", 0) == 0) {
      if (directive == "escape=`") split.skipped = Split::Skip::backtick_escape;
    } else if (directive.rfind("syntax=", 0) != 0 && directive.rfind("check=", 0) != 0) {
      break;
    }
  }
  if (split.skipped != Split::Skip::none) return split;

  std::map<std::string, bool, std::less<>> stage_is_posix;  // by stage name
  bool posix = true;
  std::uint32_t line = 1;
  while (line <= lines) {
    const std::string_view content = line_content(source, line);
    if (is_comment_or_blank(content)) {
      ++line;
      continue;
    }
    // One instruction: this line and its continuation lines.
    const std::string_view trimmed = text::trim_left(content);
    const std::size_t keyword_end = std::min(trimmed.find_first_of(" \t"), trimmed.size());
    const std::string keyword = text::to_upper(trimmed.substr(0, keyword_end));
    const std::uint32_t first_line = line;
    std::vector<std::uint32_t> instruction_lines{line};
    {
      std::string_view last = content;
      while (continuation_at(last) && line < lines) {
        ++line;
        const std::string_view current = line_content(source, line);
        if (is_comment_or_blank(current)) continue;
        instruction_lines.push_back(line);
        last = current;
      }
      ++line;
    }
    const std::uint32_t body_offset = static_cast<std::uint32_t>(trimmed.data() - source.text().data()) +
                                      static_cast<std::uint32_t>(keyword_end);
    std::string joined(trimmed);  // the instruction, for FROM and SHELL
    for (std::size_t k = 1; k < instruction_lines.size(); ++k) joined += line_content(source, instruction_lines[k]);
    const std::string_view arguments = std::string_view(joined).substr(keyword_end);

    if (keyword == "FROM") {
      std::vector<std::string> words;
      for (const std::string_view w : text::split(text::trim(arguments), ' ')) {
        if (!w.empty() && w.front() != '-') words.emplace_back(w);
      }
      if (!words.empty()) {
        const auto inherited = stage_is_posix.find(text::to_lower(words[0]));
        posix = inherited != stage_is_posix.end() ? inherited->second : !is_windows_image(words[0]);
        if (words.size() >= 3 && text::iequals(words[1], "AS")) stage_is_posix[text::to_lower(words[2])] = posix;
      }
      continue;
    }
    if (keyword == "SHELL") {
      const std::string_view args = text::trim(arguments);
      const std::size_t open = args.find('"');
      const std::size_t close = open == std::string_view::npos ? open : args.find('"', open + 1);
      if (close != std::string_view::npos) posix = is_posix_shell(args.substr(open + 1, close - open - 1));
      continue;
    }
    if (keyword != "RUN") continue;
    bool heredoc = false;
    for (std::uint32_t l : instruction_lines) heredoc = heredoc || has_heredoc(line_content(source, l));
    if (heredoc) {
      split.skipped = Split::Skip::heredoc;
      return split;
    }

    // The body: after the keyword, blanks and --flags of the first line.
    RunBody run;
    run.line = first_line;
    run.posix_shell = posix;
    std::uint32_t begin = body_offset;
    const std::string_view first = line_content(source, first_line);
    const std::uint32_t first_end = static_cast<std::uint32_t>(first.data() - source.text().data() + first.size());
    const auto skip_blanks = [&] {
      while (begin < first_end && (source.text()[begin] == ' ' || source.text()[begin] == '\t')) ++begin;
    };
    skip_blanks();
    while (begin + 2 <= first_end && source.text().substr(begin, 2) == "--") {
      while (begin < first_end && source.text()[begin] != ' ' && source.text()[begin] != '\t') ++begin;
      skip_blanks();
    }
    for (std::size_t k = 0; k < instruction_lines.size(); ++k) {
      const std::string_view l = line_content(source, instruction_lines[k]);
      const std::uint32_t start = k == 0 ? begin : static_cast<std::uint32_t>(l.data() - source.text().data());
      const auto escape = continuation_at(l);
      // The escape and what follows it are removed, also on a last line (a continuation at EOF).
      const std::uint32_t end = static_cast<std::uint32_t>(l.data() - source.text().data()) +
                                static_cast<std::uint32_t>(escape ? *escape : l.size());
      if (end > start) run.pieces.push_back({start, end});
    }
    std::string body;
    for (const shell::Piece& piece : run.pieces) body += source.text().substr(piece.begin, piece.end - piece.begin);
    if (text::trim_left(body).starts_with("[")) continue;  // exec form (possibly after flags on their own line)
    split.runs.push_back(std::move(run));
  }
  return split;
}

// CPU time of this thread: the machine may be shared, and wall time would count the waits.
std::chrono::nanoseconds thread_cpu_time() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
}

}  // namespace

TEST_CASE("shell corpus: the test splitter joins continuations as BuildKit does") {
  const SourceFile source("Dockerfile",
                          "FROM alpine AS base\n"
                          "RUN --mount=type=cache,target=/var/cache/apk apk add \\\n"
                          "    # comment\n"
                          "\n"
                          "    curl  \\  \n"
                          "    git\n"
                          "RUN [\"echo\", \"exec\"]\n"
                          "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
                          "RUN dir\n"
                          "FROM base\n"
                          "RUN echo a\\\\\n"
                          "SHELL [\"pwsh\", \"-c\"]\n"
                          "RUN Write-Host hi\n");
  const Split split = split_runs(source);
  CHECK(split.skipped == Split::Skip::none);
  REQUIRE(split.runs.size() == 4);
  const shell::Script script = shell::Script::parse(source, split.runs[0].pieces);
  CHECK(script.text() == "apk add     curl      git");
  CHECK(split.runs[0].line == 2);
  CHECK(split.runs[0].posix_shell);
  CHECK(split.runs[1].line == 9);
  CHECK_FALSE(split.runs[1].posix_shell);  // a Windows base image: cmd
  CHECK(split.runs[2].line == 11);
  CHECK(split.runs[2].posix_shell);  // FROM base inherits base's shell
  CHECK(shell::Script::parse(source, split.runs[2].pieces).text() == "echo a\\\\");
  CHECK(split.runs[3].line == 13);
  CHECK_FALSE(split.runs[3].posix_shell);  // after SHELL ["pwsh", ...]
  CHECK(split_runs(SourceFile("Dockerfile", "# escape=`\nFROM x\nRUN a `\n b\n")).skipped ==
        Split::Skip::backtick_escape);
  CHECK(split_runs(SourceFile("Dockerfile", "FROM x\nRUN <<EOF\necho\nEOF\n")).skipped == Split::Skip::heredoc);
  CHECK(split_runs(SourceFile("Dockerfile", "FROM x\nRUN cat <<< \"$x\"\n")).skipped == Split::Skip::none);
}

TEST_CASE("shell corpus: every shell-form RUN of the Dockerfile corpus parses") {
  const auto files = shipshape::testing::files_under(shipshape::testing::corpus_dir() / "dockerfiles");
  REQUIRE(files.size() == 1571);

  std::size_t backtick_files = 0, heredoc_files = 0, scripts = 0, commands = 0, bytes = 0;
  std::size_t windows_scripts = 0, windows_with_errors = 0;
  std::vector<std::string> with_errors;
  std::chrono::nanoseconds parse_time{0};
  for (const auto& path : files) {
    const SourceFile source(path.string(), shipshape::testing::read_file(path));
    const Split split = split_runs(source);
    if (split.skipped != Split::Skip::none) {
      ++(split.skipped == Split::Skip::heredoc ? heredoc_files : backtick_files);
      continue;
    }
    for (const RunBody& run : split.runs) {
      if (!run.posix_shell) {
        // cmd and PowerShell are not sh: parsing them must not crash, and mostly fails.
        ++windows_scripts;
        if (shell::Script::parse(source, run.pieces).has_errors()) ++windows_with_errors;
        continue;
      }
      for (const shell::Piece& piece : run.pieces) bytes += piece.end - piece.begin;
      const auto start = thread_cpu_time();
      const shell::Script script = shell::Script::parse(source, run.pieces);
      parse_time += thread_cpu_time() - start;
      ++scripts;
      commands += script.commands().size();
      if (script.has_errors()) {
        const auto& error = script.errors().front();
        with_errors.push_back(fmt::format("{}/{}:{}: {} at {}:{}", path.parent_path().filename().string(),
                                          path.filename().string(), run.line, error.message(),
                                          error.range.begin.line, error.range.begin.column));
      }
    }
  }
  const std::size_t skipped_files = backtick_files + heredoc_files;
  const double seconds = std::chrono::duration<double>(parse_time).count();
  MESSAGE(fmt::format("{} POSIX RUN scripts ({} bytes) from {} files parsed in {:.3f} s of CPU ({:.0f} MB/s), "
                      "{} commands; {} files skipped; {} cmd/PowerShell scripts, {} with errors",
                      scripts, bytes, files.size() - skipped_files, seconds, bytes / seconds / 1e6, commands,
                      skipped_files, windows_scripts, windows_with_errors));
  CHECK(backtick_files == 73);
  CHECK(heredoc_files == 43);
  CHECK(scripts == 3289);
  CHECK(bytes == 1133683);
  CHECK(commands == 17906);
  // Scripts the shell (or the grammar) rejects: none. Every one of these scripts also passes `bash -n` and
  // `dash -n`, and tree-sitter-bash accepts them all once the continuations are joined as BuildKit does.
  const std::vector<std::string> expected_errors = {};
  CHECK(with_errors == expected_errors);
  CHECK(windows_scripts == 249);
  CHECK(windows_with_errors == 67);
  CHECK(seconds < 5.0);  // about 0.13 s here; a bound only against pathological slowdowns
}
