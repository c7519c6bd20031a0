// RUN as shell: the pieces the Dockerfile front end hands to the shell layer, and the parsed scripts with
// exact Dockerfile positions (continuations, heredocs in their forms, exec form, ONBUILD, non-POSIX shells).

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "parsers/dockerfile/document.h"
#include "parsers/dockerfile/parse.h"
#include "parsers/shell/script.h"
#include "tests/support/support.h"

using namespace shipshape;
using namespace shipshape::dockerfile;

namespace {

struct Model {
  SourceFile source;
  std::unique_ptr<Document> doc;

  explicit Model(std::string text, ParseOptions options = {}) : source("Dockerfile", std::move(text)) {
    ParseResult result = parse(source, options);
    REQUIRE_MESSAGE(result.document, (result.errors.empty() ? std::string() : result.errors.front().message));
    doc = std::move(result.document);
  }
  const Instruction& at(std::size_t i) const { return doc->instructions().at(i); }
  std::string_view text(const Range& range) const { return source.text().substr(range.begin.offset, range.size()); }
  const shell::Script& script(std::size_t i) const {
    const Instruction& inst = at(i);
    REQUIRE(inst.script_status == ScriptStatus::parsed);
    REQUIRE(inst.script);
    return *inst.script;
  }
};

std::vector<std::string> names(const shell::Script& script) {
  std::vector<std::string> out;
  for (const shell::Command& c : script.commands()) out.emplace_back(c.name.text);
  return out;
}

}  // namespace

TEST_CASE("dockerfile scripts: a continued RUN is one script with positions on the right lines") {
  const Model m(
      "FROM debian\n"
      "RUN apt-get update \\\n"
      "    # keep the lists small\n"
      "    && apt-get install -y --no-install-recommends \\\n"
      "       curl \\\n"
      "    && rm -rf /var/lib/apt/lists/*\n");
  const shell::Script& script = m.script(1);
  CHECK(script.text() == "apt-get update     && apt-get install -y --no-install-recommends        curl     && rm -rf "
                         "/var/lib/apt/lists/*");
  REQUIRE(names(script) == std::vector<std::string>{"apt-get", "apt-get", "rm"});
  CHECK_FALSE(script.has_errors());
  const shell::Command& install = script.commands()[1];
  const shell::Word& curl = install.arguments.back();
  CHECK(curl.text == "curl");
  CHECK(curl.range.begin.line == 5);
  CHECK(curl.range.begin.column == 8);
  CHECK(m.text(curl.range) == "curl");
  CHECK(script.commands()[2].range.begin.line == 6);
  // A script is parsed once and shared.
  const std::shared_ptr<const shell::Script> copy = m.at(1).script;
  CHECK(copy.get() == m.at(1).script.get());
}

TEST_CASE("dockerfile scripts: RUN <<EOF runs its body; <<- bodies lose their leading tabs") {
  const Model m(
      "FROM alpine\n"
      "RUN <<EOF\n"
      "set -e\n"
      "apk add --no-cache curl\n"
      "EOF\n"
      "RUN <<-EOT\n"
      "\tif true; then\n"
      "\t\techo yes\n"
      "\tfi\n"
      "\tEOT\n");
  const shell::Script& plain = m.script(1);
  CHECK(plain.text() == "set -e\napk add --no-cache curl\n");
  REQUIRE(names(plain) == std::vector<std::string>{"set", "apk"});
  CHECK(plain.commands()[1].range.begin.line == 4);
  CHECK(m.text(plain.commands()[1].name.range) == "apk");
  const shell::Script& chomped = m.script(2);
  CHECK(chomped.text() == "if true; then\necho yes\nfi\n");  // every leading tab goes, as BuildKit does
  REQUIRE(names(chomped) == std::vector<std::string>{"true", "echo"});
  CHECK(chomped.commands()[1].range.begin.line == 8);
}

TEST_CASE("dockerfile scripts: a command with a heredoc gets the heredoc as the shell reads it") {
  const Model m(
      "FROM python\n"
      "RUN python3 <<EOF > /tmp/out\n"
      "import os\n"
      "print(os.getcwd())\n"
      "EOF\n"
      "RUN cat <<A && cat <<B\n"
      "a\n"
      "A\n"
      "b\n"
      "B\n");
  const shell::Script& python = m.script(1);
  CHECK(python.text() == "python3 <<EOF > /tmp/out\nimport os\nprint(os.getcwd())\nEOF");
  REQUIRE(names(python) == std::vector<std::string>{"python3"});  // the body is data
  const shell::Script& two = m.script(2);
  CHECK(two.text() == "cat <<A && cat <<B\na\nA\nb\nB");
  CHECK(m.at(1).heredoc_scripts.at(0) == nullptr);
}

TEST_CASE("dockerfile scripts: a heredoc fed to a shell is parsed as a script too") {
  const Model m(
      "FROM alpine\n"
      "RUN bash -e <<'EOF'\n"
      "apk update\n"
      "apk add git\n"
      "EOF\n");
  const Instruction& run = m.at(1);
  REQUIRE(run.heredoc_scripts.size() == 1);
  REQUIRE(run.heredoc_scripts[0]);
  const shell::Script& body = *run.heredoc_scripts[0];
  REQUIRE(names(body) == std::vector<std::string>{"apk", "apk"});
  CHECK(body.commands()[1].range.begin.line == 4);
}

TEST_CASE("dockerfile scripts: the shell is found after leading redirections and assignments") {
  const Model m(
      "FROM alpine\n"
      "RUN <<EOT bash\n"
      "    set -ex\n"
      "    apt-get update\n"
      "EOT\n"
      "RUN DEBUG=1 2>/dev/null sh <<EOF\n"
      "echo hi\n"
      "EOF\n"
      "RUN > /tmp/log cat <<EOF\n"
      "not a command\n"
      "EOF\n");
  REQUIRE(m.at(1).heredoc_scripts.at(0));
  CHECK(names(*m.at(1).heredoc_scripts[0]) == std::vector<std::string>{"set", "apt-get"});
  CHECK(m.at(1).heredoc_scripts[0]->commands()[1].range.begin.line == 4);
  REQUIRE(m.at(2).heredoc_scripts.at(0));
  CHECK(names(*m.at(2).heredoc_scripts[0]) == std::vector<std::string>{"echo"});
  CHECK(m.at(3).heredoc_scripts.at(0) == nullptr);
}

TEST_CASE("dockerfile scripts: shebangs decide whether a RUN <<EOF body is shell") {
  const Model m(
      "FROM alpine\n"
      "RUN <<EOF\n#!/usr/bin/env bash\necho bash\nEOF\n"
      "RUN <<EOF\n#!/usr/bin/python3\nprint(1)\nEOF\n");
  CHECK(names(m.script(1)) == std::vector<std::string>{"echo"});
  CHECK(m.at(2).script_status == ScriptStatus::not_shell);
  CHECK(m.at(2).script == nullptr);
}

TEST_CASE("dockerfile scripts: exec form, ONBUILD triggers, non-POSIX shells, parse_shell off") {
  const Model m(
      "FROM alpine\n"
      "RUN [\"apk\", \"add\", \"curl\"]\n"
      "ONBUILD RUN make install\n"
      "SHELL [\"pwsh\", \"-c\"]\n"
      "RUN Get-ChildItem\n");
  const Instruction& exec = m.at(1);
  CHECK(exec.script_status == ScriptStatus::exec_form);
  REQUIRE(exec.script);
  CHECK(exec.script->is_exec_form());
  REQUIRE(exec.script->commands().size() == 1);
  CHECK(exec.script->commands()[0].name.is("apk"));
  CHECK(m.text(exec.script->commands()[0].arguments[1].range) == "\"curl\"");
  const Instruction& trigger = *m.at(2).trigger;
  REQUIRE(trigger.script);
  CHECK(names(*trigger.script) == std::vector<std::string>{"make"});
  CHECK(m.at(4).script_status == ScriptStatus::non_posix_shell);
  CHECK(m.at(4).script == nullptr);

  ParseOptions off;
  off.parse_shell = false;
  const Model without("FROM alpine\nRUN echo\n", off);
  CHECK(without.at(1).script_status == ScriptStatus::not_requested);
  CHECK(without.at(1).script == nullptr);
}

TEST_CASE("dockerfile scripts: wants_script parses only the RUNs that something reads") {
  ParseOptions options;
  options.wants_script = [](std::string_view text) { return text.find("apt") != std::string_view::npos; };
  const Model m(
      "FROM debian\n"
      "RUN apt-get update\n"
      "RUN make install\n"
      "RUN <<EOF\napt-get install -y curl\nEOF\n"
      "RUN [\"make\"]\n",
      options);
  CHECK(m.at(1).script_status == ScriptStatus::parsed);
  CHECK(m.at(2).script_status == ScriptStatus::not_requested);
  CHECK(m.at(2).script == nullptr);
  CHECK(m.at(3).script_status == ScriptStatus::parsed);  // the heredoc body mentions apt
  CHECK(m.at(4).script_status == ScriptStatus::exec_form);  // no shell to parse: always kept
}

TEST_CASE("dockerfile scripts: the whole corpus with shell parsing") {
  std::size_t runs = 0;
  std::size_t parsed = 0;
  std::size_t with_errors = 0;
  double ms = 0;
  for (const auto& path : testing::files_under(testing::corpus_dir() / "dockerfiles")) {
    const SourceFile source(path.string(), testing::read_file(path));
    const auto start = std::chrono::steady_clock::now();
    const ParseResult result = parse(source);
    ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    REQUIRE(result.document);
    for (const Instruction& inst : result.document->instructions()) {
      if (!inst.is(InstructionKind::run)) continue;
      ++runs;
      if (inst.script_status != ScriptStatus::parsed) continue;
      REQUIRE(inst.script);
      ++parsed;
      with_errors += inst.script->has_errors() ? 1 : 0;
      // Every command sits inside its RUN.
      for (const shell::Command& c : inst.script->commands()) CHECK(inst.range.contains(c.range));
    }
  }
  MESSAGE("RUN instructions: " << runs << ", parsed as shell: " << parsed << ", with shell syntax errors: "
                               << with_errors << "; corpus parse with shell: " << ms << " ms");
  CHECK(parsed > runs / 2);
  CHECK(with_errors * 50 < parsed);
}
