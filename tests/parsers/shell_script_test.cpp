// The shell layer: commands, their context and operators, chains, errors, and exact Dockerfile positions.

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <string>
#include <thread>
#include <vector>

#include "parsers/shell/script.h"

using shipshape::Position;
using shipshape::Range;
using shipshape::SourceFile;
using namespace shipshape::shell;

namespace {

// A script that is the whole text (one piece).
Script parse_whole(const std::string& text) {
  const SourceFile source("Dockerfile", text);
  return Script::parse(source, {Piece{0, source.size()}});
}

std::vector<std::string> names(const Script& script) {
  std::vector<std::string> out;
  for (const Command& command : script.commands()) out.emplace_back(command.name.text);
  return out;
}

std::vector<std::string> argument_texts(const Command& command) {
  std::vector<std::string> out;
  for (const Word& word : command.arguments) out.emplace_back(word.text);
  return out;
}

const Command& named(const Script& script, std::string_view name, int occurrence = 0) {
  for (const Command& command : script.commands()) {
    if (command.name.text == name && occurrence-- == 0) return command;
  }
  FAIL("no command named " << name);
  return script.commands().front();
}

// Line and column (1-based, bytes) of a position.
std::pair<std::uint32_t, std::uint32_t> at(const Position& p) { return {p.line, p.column}; }

// The offset of the `n`th occurrence of `needle` in `text`.
std::uint32_t offset_of(std::string_view text, std::string_view needle, int n = 0) {
  std::size_t at = text.find(needle);
  while (n-- > 0 && at != std::string_view::npos) at = text.find(needle, at + 1);
  REQUIRE(at != std::string_view::npos);
  return static_cast<std::uint32_t>(at);
}

}  // namespace

TEST_CASE("shell: the runtime accepts the linked bash grammar") {
  CHECK(grammar_accepted());
  const Script script = parse_whole("true");
  CHECK_FALSE(script.has_errors());
  CHECK(names(script) == std::vector<std::string>{"true"});
}

TEST_CASE("shell: every simple command is found, in source order, in every construct") {
  const Script script = parse_whole(
      "a1 && a2 || a3; a4 | a5 |& a6 & a7\n"
      "! a8; (a9; a10) | a11; { a12; a13; }\n"
      "v=$(a15 $(a16)) a14 `a17` \"$(a18)\" <(a19) >(a20)\n"  // a14 starts at its assignment
      "if a21; then a22; elif a23; then a24; else a25; fi\n"
      "while a26; do a27; done; until a28; do a29; done\n"
      "for i in $(a30); do a31; done; for ((i=0; i<$(a32); i++)); do a33; done\n"
      "case $(a34) in x) a35;; y|z) a36;; esac\n"
      "f() { a37; }; function g { a38; }\n"
      "a39 > $(a40) < $(a41)\n");
  CHECK_FALSE(script.has_errors());
  std::vector<std::string> expected;
  for (int i = 1; i <= 41; ++i) expected.push_back(fmt::format("a{}", i));
  CHECK(names(script) == expected);
  for (std::size_t i = 0; i < script.commands().size(); ++i) CHECK(script.commands()[i].index == i);
}

TEST_CASE("shell: heredoc bodies, strings, comments and bare assignments are not commands") {
  const Script script = parse_whole(
      "python3 <<EOF && echo done\n"
      "import os\n"
      "os.system('rm -rf /')\n"
      "EOF\n"
      "cat <<'X' > /etc/motd\n"
      "sudo apt-get install x $(not run)\n"
      "X\n"
      "echo 'apt-get install x' \"sudo y\" # apt-get install z\n"
      "DEBIAN_FRONTEND=noninteractive\n"
      "A=1 B=2\n");
  CHECK_FALSE(script.has_errors());
  CHECK(names(script) == std::vector<std::string>{"python3", "echo", "cat", "echo"});
}

TEST_CASE("shell: a $(...) in an unquoted heredoc body runs, and is marked as such") {
  const Script script = parse_whole(
      "cat <<EOF > /etc/build-info\n"
      "built by $(whoami)\n"
      "EOF\n");
  REQUIRE(names(script) == std::vector<std::string>{"cat", "whoami"});
  const Command& whoami = script.commands()[1];
  CHECK(whoami.context.in_heredoc);
  CHECK(whoami.context.in_command_substitution);
  CHECK_FALSE(script.commands()[0].context.in_heredoc);
}

TEST_CASE("shell: context flags of nested commands") {
  const Script script = parse_whole(
      "(s1) ; x=$(c1) ; diff <(p1) f ; if k1; then b1; fi ; while k2; do l1; done ; for i in 1; do l2; done\n"
      "case y in y) c2;; esac ; fn() { f1; } ; ! n1 | n2 ; { g1; } & a | ! n3\n");
  CHECK_FALSE(script.has_errors());
  const auto& s1 = named(script, "s1").context;
  CHECK(s1.in_subshell);
  CHECK(s1.depth == 1);
  CHECK_FALSE(s1.top_level());
  CHECK(named(script, "c1").context.in_command_substitution);
  CHECK_FALSE(named(script, "c1").context.in_subshell);
  CHECK(named(script, "p1").context.in_process_substitution);
  CHECK(named(script, "diff").context.top_level());
  CHECK(named(script, "k1").context.in_condition);
  CHECK_FALSE(named(script, "b1").context.in_condition);
  CHECK(named(script, "k2").context.in_condition);
  CHECK(named(script, "k2").context.in_loop);
  CHECK(named(script, "l1").context.in_loop);
  CHECK_FALSE(named(script, "l1").context.in_condition);
  CHECK(named(script, "l2").context.in_loop);
  CHECK(named(script, "c2").context.in_case);
  CHECK(named(script, "f1").context.in_function);
  CHECK(named(script, "f1").context.depth == 2);  // function, then its { } body
  CHECK(named(script, "n1").context.negated);      // `!` negates the whole pipeline
  CHECK(named(script, "n2").context.negated);
  CHECK(named(script, "g1").context.background);
  CHECK_FALSE(named(script, "a").context.negated);
  CHECK(named(script, "n3").context.negated);
  CHECK_FALSE(named(script, "a").context.background);
}

TEST_CASE("shell: operators joining each command to its neighbours") {
  const Script script = parse_whole("a && b || c; d & e | f |& g\nh\n(i; j) && k\nif l; then m; fi");
  const auto ops = [&](std::string_view name) {
    const Command& c = named(script, name);
    return std::pair{c.before, c.after};
  };
  CHECK(ops("a") == std::pair{Operator::none, Operator::and_if});
  CHECK(ops("b") == std::pair{Operator::and_if, Operator::or_if});
  CHECK(ops("c") == std::pair{Operator::or_if, Operator::semicolon});
  CHECK(ops("d") == std::pair{Operator::semicolon, Operator::background});
  CHECK(ops("e") == std::pair{Operator::background, Operator::pipe});
  CHECK(ops("f") == std::pair{Operator::pipe, Operator::pipe_both});
  CHECK(ops("g") == std::pair{Operator::pipe_both, Operator::newline});
  CHECK(ops("h") == std::pair{Operator::newline, Operator::newline});
  // A ( ) group passes its own operators to its first and last commands.
  CHECK(ops("i") == std::pair{Operator::newline, Operator::semicolon});
  CHECK(ops("j") == std::pair{Operator::semicolon, Operator::and_if});
  CHECK(ops("k") == std::pair{Operator::and_if, Operator::newline});
  CHECK(ops("l") == std::pair{Operator::none, Operator::semicolon});
  CHECK(ops("m") == std::pair{Operator::none, Operator::semicolon});
  CHECK(named(script, "d").context.background);
  CHECK_FALSE(named(script, "e").context.background);
  CHECK(to_string(Operator::and_if) == "&&");
  CHECK(to_string(Operator::pipe_both) == "|&");
}

TEST_CASE("shell: pipelines, their slots and neighbours") {
  const Script script = parse_whole("curl -fsSL https://x.io/i.sh | sudo sh -s -- -y && a | (b) | c; d");
  const Command& curl = named(script, "curl");
  const Command& sudo = named(script, "sudo");
  const Command& a = named(script, "a");
  const Command& b = named(script, "b");
  const Command& c = named(script, "c");
  const Command& d = named(script, "d");
  CHECK(curl.in_pipeline());
  CHECK(curl.pipeline == sudo.pipeline);
  CHECK(curl.pipeline_index == 0);
  CHECK(sudo.pipeline_index == 1);
  CHECK(curl.pipeline_length == 2);
  CHECK(script.next_in_pipeline(curl) == &sudo);
  CHECK(script.previous_in_pipeline(sudo) == &curl);
  CHECK(script.next_in_pipeline(sudo) == nullptr);
  CHECK(script.previous_in_pipeline(curl) == nullptr);
  CHECK(script.next_in_pipeline(curl)->unwrapped().is("sh"));
  // a | (b) | c: the middle element is a compound command.
  CHECK(a.pipeline_length == 3);
  CHECK(c.pipeline_index == 2);
  CHECK(script.next_in_pipeline(a) == nullptr);
  CHECK(script.previous_in_pipeline(c) == nullptr);
  CHECK_FALSE(b.in_pipeline());
  CHECK(b.context.in_subshell);
  CHECK_FALSE(d.in_pipeline());
  CHECK(a.pipeline != curl.pipeline);
}

TEST_CASE("shell: heredoc redirections followed by the rest of the line keep shell precedence") {
  const Script script = parse_whole(
      "cat <<EOF | sh && y || z\n"
      "echo hi\n"
      "EOF\n"
      "python3 - <<'PY' && rm -rf /tmp/x\n"
      "print(1)\n"
      "PY\n");
  CHECK_FALSE(script.has_errors());
  REQUIRE(names(script) == std::vector<std::string>{"cat", "sh", "y", "z", "python3", "rm"});
  const Command& cat = named(script, "cat");
  const Command& sh = named(script, "sh");
  CHECK(cat.pipeline == sh.pipeline);
  CHECK(cat.after == Operator::pipe);
  CHECK(sh.after == Operator::and_if);
  CHECK(named(script, "y").before == Operator::and_if);
  CHECK(named(script, "z").before == Operator::or_if);
  CHECK(script.same_chain(cat, named(script, "y")));
  CHECK_FALSE(script.same_chain(cat, named(script, "z")));
  REQUIRE(cat.redirects.size() == 1);
  CHECK(cat.redirects[0].kind == RedirectKind::heredoc);
  CHECK(cat.redirects[0].body == "echo hi\n");
  CHECK(cat.redirects[0].body_expands);
  const Command& python = named(script, "python3");
  CHECK(argument_texts(python) == std::vector<std::string>{"-"});
  CHECK(python.after == Operator::and_if);
  CHECK(script.same_chain(python, named(script, "rm")));
  REQUIRE(python.redirects.size() == 1);
  CHECK(python.redirects[0].target.is("PY"));
  CHECK_FALSE(python.redirects[0].body_expands);
  CHECK(python.redirects[0].body == "print(1)\n");
}

TEST_CASE("shell: same_chain follows && and pipes, not ; || or separate bodies") {
  const Script script = parse_whole(
      "a && b | c && d; e\n"
      "f || g\n"
      "h && (i; j) && k\n"
      "cd $(mktemp -d) && make\n"
      "if l; then m; fi");
  const auto chain = [&](std::string_view x, std::string_view y) {
    return script.same_chain(named(script, x), named(script, y));
  };
  CHECK(chain("a", "b"));
  CHECK(chain("a", "c"));
  CHECK(chain("a", "d"));
  CHECK(chain("d", "a"));
  CHECK(chain("a", "a"));
  CHECK_FALSE(chain("d", "e"));
  CHECK_FALSE(chain("f", "g"));
  CHECK(chain("h", "i"));
  CHECK(chain("h", "k"));
  CHECK(chain("j", "k"));
  CHECK_FALSE(chain("i", "j"));  // `;` inside the group
  CHECK(chain("cd", "mktemp"));  // nested in its word
  CHECK(chain("mktemp", "make"));
  CHECK_FALSE(chain("e", "f"));
  CHECK_FALSE(chain("l", "m"));
}

TEST_CASE("shell: commands after and before a command") {
  const Script script =
      parse_whole("apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*; echo $(date)");
  const Command& install = named(script, "apt-get", 1);
  CHECK(script.after(install).size() == 3);
  CHECK(script.before(install).size() == 1);
  CHECK(script.any_after(install, [](const Command& c) { return c.runs("rm"); }));
  CHECK_FALSE(script.any_before(install, [](const Command& c) { return c.runs("rm"); }));
  CHECK(script.any_before(install, [](const Command& c) { return c.runs("apt-get"); }));
  const Command* date = script.first_after(install, [](const Command& c) { return c.context.in_command_substitution; });
  REQUIRE(date != nullptr);
  CHECK(date->name.text == "date");
  CHECK(script.after(script.commands().back()).empty());
  CHECK(script.any([](const Command& c) { return c.name_is("echo"); }));
  CHECK(script.find("apt-get").size() == 2);
  CHECK(script.find("yum").empty());
}

TEST_CASE("shell: assignments and redirections of a command") {
  const Script script = parse_whole(
      "DEBIAN_FRONTEND=noninteractive PATH+=:/x EMPTY= apt-get install -y x >/dev/null 2>&1 </dev/null &>>log\n"
      "grep -q x <<< \"$text\" 3>&-\n");
  const Command& apt = named(script, "apt-get");
  REQUIRE(apt.assignments.size() == 3);
  CHECK(apt.assignments[0].name == "DEBIAN_FRONTEND");
  CHECK(apt.assignments[0].value.is("noninteractive"));
  CHECK_FALSE(apt.assignments[0].append);
  CHECK(apt.assignments[1].name == "PATH");
  CHECK(apt.assignments[1].append);
  CHECK(apt.assignments[1].value.is(":/x"));
  CHECK(apt.assignments[2].name == "EMPTY");
  CHECK(apt.assignments[2].value.is(""));
  CHECK(apt.assignments[2].value.text.empty());
  CHECK(argument_texts(apt) == std::vector<std::string>{"install", "-y", "x"});
  REQUIRE(apt.redirects.size() == 4);
  CHECK(apt.redirects[0].op == ">");
  CHECK(apt.redirects[0].target.is("/dev/null"));
  CHECK(apt.redirects[0].descriptor.empty());
  CHECK(apt.redirects[1].descriptor == "2");
  CHECK(apt.redirects[1].op == ">&");
  CHECK(apt.redirects[1].target.is("1"));
  CHECK(apt.redirects[2].op == "<");
  CHECK(apt.redirects[3].op == "&>>");
  CHECK(apt.redirects[3].target.is("log"));
  CHECK(apt.range.begin.column == 1);
  CHECK(apt.range.end.column == 103);  // through the last redirection
  const Command& grep = named(script, "grep");
  REQUIRE(grep.redirects.size() == 2);
  CHECK(grep.redirects[0].kind == RedirectKind::herestring);
  CHECK(grep.redirects[0].op == "<<<");
  CHECK(grep.redirects[0].target.text == "\"$text\"");
  CHECK_FALSE(grep.redirects[0].target.is_static());
  CHECK(grep.redirects[1].descriptor == "3");
}

TEST_CASE("shell: words tree-sitter drops or attaches to a redirection are arguments of the command") {
  // tree-sitter-bash 0.23 leaves `-` before a redirection out of the tree, and reads words after a
  // redirection as more redirection targets; the shell passes all of them to the command.
  const Script script = parse_whole(
      "curl -fsSL https://x/key.gpg | apt-key add - 2>&1\n"
      "echo > /tmp/f more words\n"
      "python3 - <<EOF extra\n"
      "print(1)\n"
      "EOF\n");
  CHECK_FALSE(script.has_errors());
  const Command& apt_key = named(script, "apt-key");
  CHECK(argument_texts(apt_key) == std::vector<std::string>{"add", "-"});
  CHECK(at(apt_key.arguments[1].range.begin) == std::pair{1u, 44u});
  REQUIRE(apt_key.redirects.size() == 1);
  CHECK(apt_key.redirects[0].descriptor == "2");
  const Command& echo = named(script, "echo");
  CHECK(argument_texts(echo) == std::vector<std::string>{"more", "words"});
  REQUIRE(echo.redirects.size() == 1);
  CHECK(echo.redirects[0].target.is("/tmp/f"));
  CHECK(at(echo.redirects[0].range.end) == std::pair{2u, 14u});
  CHECK(at(echo.range.end) == std::pair{2u, 25u});
  const Command& python = named(script, "python3");
  CHECK(argument_texts(python) == std::vector<std::string>{"-", "extra"});
  CHECK(python.redirects.at(0).body == "print(1)\n");
}

TEST_CASE("shell: declaration, unset and test commands") {
  const Script script = parse_whole("export A=1 B; local c; unset -v X; [ -f /x ] && [[ $a == b* ]]; (( n > 1 ))");
  const Command& exported = named(script, "export");
  CHECK(exported.kind == CommandKind::declaration);
  CHECK(argument_texts(exported) == std::vector<std::string>{"A=1", "B"});
  CHECK(named(script, "local").kind == CommandKind::declaration);
  const Command& unset = named(script, "unset");
  CHECK(unset.kind == CommandKind::unset);
  CHECK(argument_texts(unset) == std::vector<std::string>{"-v", "X"});
  const Command& test = named(script, "[");
  CHECK(test.kind == CommandKind::test);
  CHECK(argument_texts(test) == std::vector<std::string>{"-f", "/x"});
  CHECK(test.after == Operator::and_if);
  const Command& double_test = named(script, "[[");
  CHECK(argument_texts(double_test) == std::vector<std::string>{"$a", "==", "b*"});
  CHECK(named(script, "((").kind == CommandKind::test);
}

TEST_CASE("shell: pieces joined as BuildKit joins continuation lines map back to exact positions") {
  // Continuation lines with a comment line and a blank line in between, both dropped by BuildKit.
  const std::string dockerfile =
      "FROM debian\n"
      "RUN apt-get update \\\n"
      "    && apt-get install -y \\\n"
      "# a comment line\n"
      "       curl \\\n"
      "\n"
      "       git\n";
  const SourceFile source("Dockerfile", dockerfile);
  const std::uint32_t line2 = source.line_start(2), line3 = source.line_start(3), line5 = source.line_start(5),
                      line7 = source.line_start(7);
  const std::vector<Piece> pieces = {
      {line2 + 4, offset_of(dockerfile, "\\\n", 0)},
      {line3, offset_of(dockerfile, "\\\n", 1)},
      {line5, offset_of(dockerfile, "\\\n", 2)},
      {line7, line7 + 10},
  };
  const Script script = Script::parse(source, pieces);
  CHECK(script.text() == "apt-get update     && apt-get install -y        curl        git");
  CHECK_FALSE(script.has_errors());
  REQUIRE(script.commands().size() == 2);
  const Command& update = script.commands()[0];
  CHECK(at(update.name.range.begin) == std::pair{2u, 5u});
  CHECK(at(update.name.range.end) == std::pair{2u, 12u});
  const Command& install = script.commands()[1];
  CHECK(at(install.name.range.begin) == std::pair{3u, 8u});
  REQUIRE(install.arguments.size() == 4);
  CHECK(at(install.arguments[2].range.begin) == std::pair{5u, 8u});  // curl, after the comment line
  CHECK(at(install.arguments[2].range.end) == std::pair{5u, 12u});
  CHECK(install.arguments[2].range.begin.offset == offset_of(dockerfile, "curl"));
  CHECK(at(install.arguments[3].range.begin) == std::pair{7u, 8u});  // git, after the blank line
  CHECK(at(install.arguments[3].range.end) == std::pair{7u, 11u});
  // The command spans pieces: from its name on line 3 to its last word on line 7.
  CHECK(at(install.range.begin) == std::pair{3u, 8u});
  CHECK(at(install.range.end) == std::pair{7u, 11u});
  CHECK(source.text().substr(install.arguments[3].range.begin.offset, install.arguments[3].range.size()) == "git");
}

TEST_CASE("shell: a word split by a continuation maps from its begin in the first piece to its end in the last") {
  // "RUN echo ab" + escaped newline + "cd": BuildKit joins the two halves of the word.
  const std::string dockerfile = "RUN echo ab\\\ncd\n";
  const SourceFile source("Dockerfile", dockerfile);
  const Script script = Script::parse(source, {{4, 11}, {13, 15}});
  CHECK(script.text() == "echo abcd");
  REQUIRE(script.commands().size() == 1);
  const Word& word = script.commands()[0].arguments.at(0);
  CHECK(word.text == "abcd");
  CHECK(word.is("abcd"));
  CHECK(at(word.range.begin) == std::pair{1u, 10u});
  CHECK(at(word.range.end) == std::pair{2u, 3u});
  // The piece table itself.
  const PieceTable& table = script.piece_table();
  CHECK(table.buffer_size() == 9);
  CHECK(table.source_begin(6) == 10);  // 'c' of the second piece
  CHECK(table.source_end(7) == 11);    // just after 'b', the end of the first piece
  CHECK(table.source_begin(7) == 13);  // 'c' starts the second piece
  CHECK(table.source_end(9) == 15);
  CHECK(table.source_begin(9) == 15);  // the end of the buffer
  CHECK(script.source_range(5, 9, source) == source.range(9, 15));
}

TEST_CASE("shell: a Dockerfile heredoc given as one piece per line") {
  // RUN <<EOF is handed over by the Dockerfile parser as the body lines; with <<- the leading tabs are
  // excluded from each piece.
  const std::string dockerfile =
      "RUN <<-EOT bash\n"
      "\tapt-get update\n"
      "\t\tapt-get install -y vim\n"
      "\tEOT\n";
  const SourceFile source("Dockerfile", dockerfile);
  const std::uint32_t l2 = source.line_start(2), l3 = source.line_start(3);
  const Script script = Script::parse(source, {{l2 + 1, l3}, {l3 + 2, source.line_start(4)}});
  CHECK(script.text() == "apt-get update\napt-get install -y vim\n");
  REQUIRE(script.commands().size() == 2);
  CHECK(at(script.commands()[1].name.range.begin) == std::pair{3u, 3u});
  CHECK(at(script.commands()[1].arguments.at(2).range.begin) == std::pair{3u, 22u});
  CHECK(script.commands()[1].before == Operator::newline);
}

TEST_CASE("shell: syntax errors are reported with Dockerfile ranges") {
  SUBCASE("a missing token") {
    const std::string dockerfile = "RUN if true; then \\\n  echo x\n";
    const SourceFile source("Dockerfile", dockerfile);
    const Script script = Script::parse(source, {{4, 18}, {20, 28}});
    CHECK(script.text() == "if true; then   echo x");
    REQUIRE(script.has_errors());
    bool found_missing_fi = false;
    for (const SyntaxError& error : script.errors()) {
      if (error.kind == SyntaxError::Kind::missing && error.missing == "fi") {
        found_missing_fi = true;
        CHECK(error.range.empty());
        CHECK(at(error.range.begin) == std::pair{2u, 9u});
        CHECK(error.message() == "missing `fi`");
      }
    }
    CHECK(found_missing_fi);
  }
  SUBCASE("unexpected text") {
    const std::string dockerfile = "RUN a ) b\n";
    const SourceFile source("Dockerfile", dockerfile);
    const Script script = Script::parse(source, {{4, 9}});
    REQUIRE(script.errors().size() == 1);
    const SyntaxError& error = script.errors()[0];
    CHECK(error.kind == SyntaxError::Kind::unexpected);
    CHECK(error.text == ")");
    CHECK(at(error.range.begin) == std::pair{1u, 7u});
    CHECK(at(error.range.end) == std::pair{1u, 8u});
    CHECK(error.message() == "unexpected `)`");
    CHECK(names(script) == std::vector<std::string>{"a"});  // best effort
  }
  SUBCASE("an unterminated quote") {
    const Script script = parse_whole("echo \"abc");
    CHECK(script.has_errors());
  }
  SUBCASE("a valid script has none") {
    const Script script = parse_whole("set -eux; apt-get update");
    CHECK_FALSE(script.has_errors());
    CHECK(script.errors().empty());
  }
}

TEST_CASE("shell: a missing command after && is not a command") {
  const Script script = parse_whole("a && ");
  CHECK(script.has_errors());
  CHECK(names(script) == std::vector<std::string>{"a"});
}

TEST_CASE("shell: the parse time is bounded") {
  std::string huge;
  for (int i = 0; i < 20000; ++i) huge += "echo \"$(printf '%s' x)\" | tr a b && ";
  huge += "true\n";
  const SourceFile source("Dockerfile", huge);
  ParseOptions options;
  options.timeout_micros = 1;
  const Script script = Script::parse(source, {Piece{0, source.size()}}, options);
  CHECK(script.timed_out());
  REQUIRE(script.errors().size() == 1);
  CHECK(script.errors()[0].kind == SyntaxError::Kind::timed_out);
  CHECK(script.errors()[0].message() == "the shell parse timed out");
  CHECK(script.commands().empty());
  // The thread's parser is reset: the next parse starts afresh.
  const Script next = parse_whole("echo ok");
  CHECK_FALSE(next.timed_out());
  CHECK(names(next) == std::vector<std::string>{"echo"});
}

TEST_CASE("shell: deep nesting and long chains neither crash nor recurse") {
  std::string nested = "echo ";
  for (int i = 0; i < 5000; ++i) nested += "$(a ";
  nested += std::string(5000, ')');
  const Script deep = parse_whole(nested);
  CHECK(deep.commands().size() == 5001);
  CHECK(deep.commands().back().context.depth == 5000);
  CHECK(deep.same_chain(deep.commands().front(), deep.commands().back()));

  std::string chain;
  for (int i = 0; i < 20000; ++i) chain += "a && ";
  chain += "b";
  const Script long_chain = parse_whole(chain);
  REQUIRE(long_chain.commands().size() == 20001);
  CHECK(long_chain.same_chain(long_chain.commands().front(), long_chain.commands().back()));

  const Script parens = parse_whole(std::string(3000, '(') + "x" + std::string(3000, ')'));
  CHECK(parens.commands().size() <= 1);
}

TEST_CASE("shell: out-of-range pieces are clamped and an empty script is empty") {
  const SourceFile source("Dockerfile", "RUN ls\n");
  const Script clamped = Script::parse(source, {{4, 500}, {900, 1000}});
  CHECK(clamped.text() == "ls\n");
  CHECK(names(clamped) == std::vector<std::string>{"ls"});
  const Script none = Script::parse(source, {});
  CHECK(none.empty());
  CHECK_FALSE(none.has_errors());
  const Script blank = Script();
  CHECK(blank.empty());
  CHECK(blank.text().empty());
}

TEST_CASE("shell: words stay valid when the script is copied or moved") {
  const SourceFile source("Dockerfile", "RUN a b\n");
  Script original = Script::parse(source, {{4, 7}});
  const Script copy = original;
  Script moved = std::move(original);
  CHECK(copy.commands()[0].arguments[0].text == "b");
  CHECK(moved.commands()[0].name.text == "a");
  CHECK(copy.commands()[0].arguments[0].text.data() == moved.commands()[0].arguments[0].text.data());
}

TEST_CASE("shell: a script from exec-form argv is one command, without parsing") {
  const std::string dockerfile = "RUN [\"sudo\", \"apt-get\", \"install\", \"-y\", \"a b\"]\n";
  const SourceFile source("Dockerfile", dockerfile);
  std::vector<ExecArgument> argv;
  for (const std::string_view value : {"sudo", "apt-get", "install", "-y", "a b"}) {
    const std::uint32_t begin = offset_of(dockerfile, fmt::format("\"{}\"", value));
    argv.push_back({source.range(begin, begin + static_cast<std::uint32_t>(value.size()) + 2), std::string(value)});
  }
  const Script script = Script::from_exec_form(source, argv);
  CHECK(script.is_exec_form());
  CHECK_FALSE(script.has_errors());
  REQUIRE(script.commands().size() == 1);
  const Command& command = script.commands()[0];
  CHECK(command.name.text == "\"sudo\"");
  CHECK(command.name.is("sudo"));
  CHECK(command.arguments.size() == 4);
  CHECK(command.arguments[3].is("a b"));
  CHECK(at(command.arguments[3].range.begin) == std::pair{1u, 42u});
  CHECK(command.range.begin.column == 6);
  const CommandView view = command.unwrapped();
  CHECK(view.is("apt-get"));
  CHECK(view.sudo());
  CHECK(view.args().subcommand_is("install"));
  CHECK(view.args().has_option("-y"));
  CHECK(Script::from_exec_form(source, {}).empty());
}

TEST_CASE("shell: a heredoc body fed to a shell, and sh -c '...', parse as scripts of their own") {
  // RUN bash <<EOF with the body handed over one piece per line, then an sh -c on a continued line.
  const std::string dockerfile =
      "RUN bash <<EOF\n"
      "apt-get update\n"
      "  apt-get install -y curl\n"
      "EOF\n"
      "RUN sh -c 'cd /app && \\\n"
      "    make install'\n";
  const SourceFile source("Dockerfile", dockerfile);
  std::vector<Piece> pieces{{4, 15}};
  for (std::uint32_t line = 2; line <= 4; ++line) {
    pieces.push_back({source.line_start(line), source.line_start(line + 1)});
  }
  const Script script = Script::parse(source, pieces);
  REQUIRE(names(script) == std::vector<std::string>{"bash"});
  const Redirect& heredoc = script.commands()[0].redirects.at(0);
  const Script body = script.parse_part(source, heredoc.body);
  REQUIRE(names(body) == std::vector<std::string>{"apt-get", "apt-get"});
  CHECK(at(body.commands()[1].name.range.begin) == std::pair{3u, 3u});
  CHECK(at(body.commands()[1].arguments.at(2).range.begin) == std::pair{3u, 22u});

  const std::uint32_t l5 = source.line_start(5), l6 = source.line_start(6);
  const Script sh = Script::parse(source, {{l5 + 4, offset_of(dockerfile, "\\\n")}, {l6, l6 + 17}});
  CHECK(sh.text() == "sh -c 'cd /app &&     make install'");
  const Word& command_string = sh.commands().at(0).arguments.at(1);
  REQUIRE(command_string.text.size() > 2);
  const Script inner = sh.parse_part(source, command_string.text.substr(1, command_string.text.size() - 2));
  REQUIRE(names(inner) == std::vector<std::string>{"cd", "make"});
  CHECK(inner.same_chain(inner.commands()[0], inner.commands()[1]));
  CHECK(at(inner.commands()[1].name.range.begin) == std::pair{6u, 5u});
  CHECK(at(inner.commands()[1].arguments[0].range.end) == std::pair{6u, 17u});
  // A view from elsewhere gives an empty script.
  CHECK(sh.parse_part(source, std::string_view("cd /app")).empty());
}

TEST_CASE("shell: scripts parse concurrently, one parser per thread") {
  const SourceFile source("Dockerfile", "RUN apt-get update && apt-get install -y curl | tee log; echo $(date)\n");
  std::vector<std::size_t> counts(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < counts.size(); ++t) {
    threads.emplace_back([&source, &counts, t] {
      for (int i = 0; i < 200; ++i) {
        const Script script = Script::parse(source, {{4, source.size() - 1}});
        counts[t] += script.commands().size();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(counts == std::vector<std::size_t>(4, 5 * 200));
}

TEST_CASE("shell: random token soup never crashes and keeps the invariants") {
  // A deterministic generator (no std::random distributions, whose output differs between libraries).
  std::uint64_t state = 0x9E3779B97F4A7C15ull;
  const auto next = [&state] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  static const char* const kTokens[] = {
      "a", "apt-get", "install", "-y", " ", " ", "\n", "\\\n", ";", "&", "&&", "||", "|", "|&", "!", "(", ")",
      "{", "}", "$(", "`", "<(", "\"", "'", "$'", "${", "$((", "))", "<<EOF\n", "<<-'X'\n", "EOF\n", "<<<", ">",
      "2>&1", "if", "then", "else", "fi", "while", "do", "done", "for", "in", "case", "esac", ";;", "=", "x=",
      "sudo", "env", "--", "#", "[", "]", "[[", "]]", "\\", "\xC3\xA9", "\xFF", "\t", "\r\n", "function", "f()"};
  std::size_t total_commands = 0;
  for (int round = 0; round < 1500; ++round) {
    std::string text = "RUN ";
    const std::uint64_t length = 1 + next() % 40;
    for (std::uint64_t i = 0; i < length; ++i) text += kTokens[next() % std::size(kTokens)];
    const SourceFile source("Dockerfile", text);
    // Cut the body into up to three pieces, as continuations would.
    const std::uint32_t size = source.size();
    const std::uint32_t cut1 = 4 + static_cast<std::uint32_t>(next() % (size - 3));
    const std::uint32_t cut2 = cut1 + static_cast<std::uint32_t>(next() % (size - cut1 + 1));
    const Script script = Script::parse(source, {{4, cut1}, {cut1, cut2}, {cut2, size}});
    CAPTURE(text);
    REQUIRE(script.text() == std::string_view(text).substr(4));
    std::uint32_t previous_begin = 0;
    for (std::size_t i = 0; i < script.commands().size(); ++i) {
      const Command& command = script.commands()[i];
      REQUIRE(command.index == i);
      REQUIRE(command.range.begin.offset >= previous_begin);
      previous_begin = command.range.begin.offset;
      REQUIRE(command.range.end.offset <= size);
      REQUIRE(command.range.begin.offset >= 4);
      REQUIRE(!command.name.text.empty());
      REQUIRE(command.pipeline_index < command.pipeline_length);
      for (const Word& word : command.arguments) {
        REQUIRE(word.text.data() >= script.text().data());
        REQUIRE(word.range.begin.offset <= word.range.end.offset);
      }
      (void)command.unwrapped().args().has_option("-y");
      (void)script.same_chain(command, script.commands().front());
      (void)script.next_in_pipeline(command);
    }
    for (const SyntaxError& error : script.errors()) REQUIRE(error.range.end.offset <= size);
    total_commands += script.commands().size();
  }
  CHECK(total_commands == 2139);  // the generator is deterministic; a change here means parsing changed
}
