// Unit tests of the Dockerfile syntax layer and instruction checks: directives, continuations, heredocs,
// exec/shell form, flags and mounts, ENV/LABEL/ARG, ONBUILD, errors, CRLF and non-ASCII text, with the exact
// positions of everything.

#include <doctest/doctest.h>

#include <string>

#include "parsers/dockerfile/document.h"
#include "parsers/dockerfile/parse.h"
#include "parsers/dockerfile/syntax.h"

using namespace shipshape;
using namespace shipshape::dockerfile;

namespace {

std::string_view slice(const SourceFile& source, const Range& range) {
  return source.text().substr(range.begin.offset, range.size());
}

// Parses `text` fully (syntax, checks, model); fails the test when the file is rejected.
struct Parsed {
  SourceFile source;
  std::unique_ptr<Document> doc;
  std::vector<Diagnostic> errors;

  explicit Parsed(std::string text, ParseOptions options = {}) : source("Dockerfile", std::move(text)) {
    ParseResult result = parse(source, options);
    doc = std::move(result.document);
    errors = std::move(result.errors);
  }
  const Instruction& at(std::size_t i) const {
    REQUIRE(doc);
    REQUIRE(i < doc->instructions().size());
    return doc->instructions()[i];
  }
  std::string_view text(const Range& range) const { return slice(source, range); }
  std::string first_error() const { return errors.empty() ? std::string() : errors.front().message; }
};

}  // namespace

// ---- directives ----

TEST_CASE("dockerfile syntax: parser directives at the top, keys case-insensitive") {
  const Parsed p("# syntax=docker/dockerfile:1\n# ESCAPE = `\n#check=skip=all\nFROM alpine\nRUN echo a `\n  b\n");
  REQUIRE(p.doc);
  CHECK(p.doc->escape() == '`');
  REQUIRE(p.doc->directives().size() == 3);
  CHECK(p.doc->directives()[0].name == "syntax");
  CHECK(p.doc->directives()[0].value == "docker/dockerfile:1");
  CHECK(p.doc->directives()[1].name == "escape");
  CHECK(p.text(p.doc->directives()[1].name_range) == "ESCAPE");
  CHECK(p.text(p.doc->directives()[1].value_range) == "`");
  CHECK(p.doc->directive("check")->value == "skip=all");
  CHECK(p.at(1).command.shell.text == "echo a   b");
  // Directive lines are comments too, marked as directives and attached to no instruction's comments.
  REQUIRE(p.doc->comments().size() == 3);
  CHECK(p.doc->comments()[0].directive);
  CHECK(p.at(0).comments.empty());
}

TEST_CASE("dockerfile syntax: a blank line, another comment or an unknown directive ends directive scanning") {
  const Parsed blank("\n# escape=`\nFROM alpine\nRUN echo `\nls\n");
  REQUIRE(blank.doc);
  CHECK(blank.doc->escape() == '\\');
  CHECK(blank.doc->directives().empty());
  CHECK(blank.doc->instructions().size() == 3);  // `ls` is an instruction of its own (an unknown one)
  CHECK(blank.at(2).kind == InstructionKind::unknown);
  CHECK(blank.at(2).keyword == "ls");

  const Parsed unknown("# foo=bar\n# escape=`\nFROM alpine\n");
  REQUIRE(unknown.doc);
  CHECK(unknown.doc->escape() == '\\');
  CHECK(unknown.doc->directives().empty());

  const Parsed after("FROM alpine\n# escape=`\n");
  REQUIRE(after.doc);
  CHECK(after.doc->directives().empty());
  CHECK(after.doc->comments().size() == 1);
  CHECK_FALSE(after.doc->comments()[0].directive);
}

TEST_CASE("dockerfile syntax: repeated or invalid directives are errors") {
  const Parsed twice("# escape=\\\n# escape=`\nFROM alpine\n");
  CHECK_FALSE(twice.doc);
  CHECK(twice.first_error() == "only one escape parser directive can be used");
  CHECK(twice.errors.front().range.begin.line == 2);

  const Parsed invalid("# escape=x\nFROM alpine\n");
  CHECK_FALSE(invalid.doc);
  CHECK(invalid.first_error() == "invalid escape token 'x' does not match ` or \\");
}

// ---- continuations ----

TEST_CASE("dockerfile syntax: continuation lines keep their indentation; comment lines inside are dropped") {
  const Parsed p("FROM alpine\nRUN apt-get update \\\n    # refresh the index\n    && apt-get install -y curl\n");
  const Instruction& run = p.at(1);
  CHECK(run.command.shell.text == "apt-get update     && apt-get install -y curl");
  CHECK(run.start_line == 2);
  CHECK(run.end_line == 4);
  CHECK(p.text(run.range) == "RUN apt-get update \\\n    # refresh the index\n    && apt-get install -y curl");
  // The comment is kept, inside the instruction.
  REQUIRE(p.doc->comments().size() == 1);
  const Comment& c = p.doc->comments()[0];
  CHECK(c.text == "refresh the index");
  CHECK(c.inside_instruction);
  CHECK(c.instruction == std::optional<std::size_t>(1));
  CHECK(p.text(c.range) == "# refresh the index");
  // The shell pieces skip the escape, the line break and the comment line.
  REQUIRE(run.command.pieces.size() == 2);
  CHECK(p.source.text().substr(run.command.pieces[0].begin, run.command.pieces[0].end - run.command.pieces[0].begin) ==
        "apt-get update ");
  CHECK(p.source.text().substr(run.command.pieces[1].begin, run.command.pieces[1].end - run.command.pieces[1].begin) ==
        "    && apt-get install -y curl");
}

TEST_CASE("dockerfile syntax: blank lines inside a continuation are skipped with a warning record") {
  const Parsed p("FROM alpine\nRUN echo a \\\n\n   \\\n  b\n");
  const Instruction& run = p.at(1);
  CHECK(run.command.shell.text == "echo a      b");  // "   \\" contributes its blanks
  REQUIRE(p.doc->empty_continuations().size() == 1);
  const EmptyContinuation& w = p.doc->empty_continuations()[0];
  CHECK(w.instruction == 1);
  REQUIRE(w.lines.size() == 1);
  CHECK(w.lines[0].begin.line == 3);
  CHECK(run.end_line == 5);
}

TEST_CASE("dockerfile syntax: continuation at the end of the file, escaped escapes and trailing blanks") {
  const Parsed eof("FROM alpine\nRUN something \\");
  CHECK(eof.at(1).command.shell.text == "something");
  CHECK(eof.at(1).end_line == 2);

  // `\\` at the end of a line is an escaped backslash, not a continuation.
  const Parsed escaped("FROM alpine\nENV C trailing\\\\\nENV D next\n");
  REQUIRE(escaped.doc->instructions().size() == 3);
  CHECK(escaped.at(1).pairs[0].value.text == "trailing\\\\");

  // Blanks after the escape still continue the line; a line holding only the escape adds nothing.
  const Parsed blanks("FROM alpine\nRUN echo hello \\  \nworld\\\n\\\n!\n");
  CHECK(blanks.at(1).command.shell.text == "echo hello world!");
}

// ---- heredocs ----

TEST_CASE("dockerfile syntax: RUN <<EOF heredoc with exact body and terminator ranges") {
  const Parsed p("FROM alpine\nRUN <<EOF\napk add curl\necho done\nEOF\nUSER app\n");
  const Instruction& run = p.at(1);
  REQUIRE(run.heredocs.size() == 1);
  const Heredoc& h = run.heredocs[0];
  CHECK(h.name == "EOF");
  CHECK(h.expand);
  CHECK_FALSE(h.chomp);
  CHECK(h.fd == 0);
  CHECK(h.content == "apk add curl\necho done\n");
  CHECK(p.text(h.marker) == "<<EOF");
  CHECK(p.text(h.body) == "apk add curl\necho done\n");
  CHECK(p.text(h.terminator) == "EOF");
  CHECK(h.terminator.begin.line == 5);
  REQUIRE(h.lines.size() == 2);
  CHECK(p.text(h.lines[1]) == "echo done");
  CHECK(run.end_line == 5);
  CHECK(p.text(run.range) == "RUN <<EOF\napk add curl\necho done\nEOF");
  CHECK(p.at(2).kind == InstructionKind::user);
}

TEST_CASE("dockerfile syntax: <<- strips leading tabs from the terminator and the body") {
  const Parsed p("FROM alpine\nRUN <<-EOT\n\techo a\n\t\techo b\n\tEOT\n");
  const Heredoc& h = p.at(1).heredocs.at(0);
  CHECK(h.chomp);
  CHECK(h.content == "\techo a\n\t\techo b\n");
  CHECK(h.text() == "echo a\necho b\n");
  CHECK(p.text(h.terminator) == "\tEOT");
  CHECK(p.text(h.lines[1]) == "echo b");
}

TEST_CASE("dockerfile syntax: quoted heredoc names turn expansion off") {
  for (const char* marker : {"<<\"EOF\"", "<<'EOF'", "<<E\"O\"F", "<<-'EOF'"}) {
    CAPTURE(marker);
    const Parsed p(std::string("FROM alpine\nCOPY ") + marker + " /x\n$HOME\nEOF\n");
    const Heredoc& h = p.at(1).heredocs.at(0);
    CHECK(h.name == "EOF");
    CHECK_FALSE(h.expand);
    CHECK(p.text(h.marker) == marker);
  }
  // An escaped quote is not quoting: expansion stays on, and the quote is part of the name.
  const Parsed escaped("FROM alpine\nCOPY <<eo\\'f /x\nbody\neo'f\n");
  CHECK(escaped.at(1).heredocs.at(0).name == "eo'f");
  CHECK(escaped.at(1).heredocs.at(0).expand);
}

TEST_CASE("dockerfile syntax: several heredocs on one line are read in order") {
  const Parsed p("FROM alpine\nCOPY <<FILE1 <<FILE2 /dest/\nhello\nFILE1\nworld\nFILE2\nRUN ls\n");
  const Instruction& copy = p.at(1);
  REQUIRE(copy.heredocs.size() == 2);
  CHECK(copy.heredocs[0].content == "hello\n");
  CHECK(copy.heredocs[1].content == "world\n");
  const auto sources = copy.sources();
  REQUIRE(sources.size() == 2);
  CHECK(copy.heredoc_source(*sources[0]) == &copy.heredocs[0]);
  CHECK(copy.heredoc_source(*sources[1]) == &copy.heredocs[1]);
  CHECK(copy.destination()->text == "/dest/");
  CHECK(p.at(2).kind == InstructionKind::run);
}

TEST_CASE("dockerfile syntax: heredocs after flags, with text after the marker, with an fd, in ONBUILD") {
  const Parsed p(
      "FROM alpine\n"
      "RUN --mount=type=cache,target=/root/.cache <<EOF python3\nprint(1)\nEOF\n"
      "RUN 3<<EOF cat /dev/fd/3\ndata\nEOF\n"
      "ONBUILD RUN <<EOF\necho later\nEOF\n");
  const Instruction& python = p.at(1);
  CHECK(python.flags.size() == 1);
  CHECK(python.command.shell.text == "<<EOF python3");
  CHECK(python.heredocs.at(0).content == "print(1)\n");
  CHECK(p.at(2).heredocs.at(0).fd == 3);
  const Instruction& onbuild = p.at(3);
  REQUIRE(onbuild.trigger);
  CHECK(onbuild.heredocs.at(0).content == "echo later\n");
  CHECK(onbuild.trigger->heredocs.at(0).content == "echo later\n");
  CHECK(onbuild.end_line == 10);
}

TEST_CASE("dockerfile syntax: no heredocs in exec form, in other instructions, in quotes or glued to a word") {
  const Parsed p(
      "FROM alpine\n"
      "RUN [\"cat\", \"<<EOF\"]\n"
      "CMD cat <<EOF\n"
      "RUN echo \"<<EOF\"\n"
      "RUN cat<<EOF\n");
  for (std::size_t i = 1; i < 5; ++i) CHECK(p.at(i).heredocs.empty());
  CHECK(p.doc->instructions().size() == 5);
}

TEST_CASE("dockerfile syntax: an unterminated heredoc is an error at its marker") {
  const Parsed p("FROM alpine\nRUN <<EOF\necho\nEOFX\n");
  CHECK_FALSE(p.doc);
  CHECK(p.first_error() == "unterminated heredoc");
  CHECK(p.text(p.errors.front().range) == "<<EOF");
}

// ---- exec form and shell form ----

TEST_CASE("dockerfile syntax: exec form needs a valid JSON array of strings, else shell form") {
  const Parsed p(
      "FROM alpine\n"
      "CMD [\"nginx\", \"-g\", \"daemon off;\"]\n"
      "CMD ['nginx']\n"
      "CMD [\"a\"] trailing\n"
      "ENTRYPOINT [ \"caf\\u00e9\", \"\\ud83d\\ude00\", \"\\ud800\" ]\n"
      "CMD [\"unterminated\"\n");
  const Instruction& exec = p.at(1);
  CHECK(exec.json);
  REQUIRE(exec.command.argv.size() == 3);
  CHECK(exec.command.argv[2].text == "daemon off;");
  CHECK(p.text(exec.command.argv[2].range) == "\"daemon off;\"");
  CHECK_FALSE(p.at(2).json);
  CHECK(p.at(2).command.shell.text == "['nginx']");
  CHECK_FALSE(p.at(3).json);
  CHECK(p.at(4).json);
  CHECK(p.at(4).command.argv[0].text == "caf\xC3\xA9");
  CHECK(p.at(4).command.argv[1].text == "\xF0\x9F\x98\x80");
  CHECK(p.at(4).command.argv[2].text == "\xEF\xBF\xBD");  // a lone surrogate becomes U+FFFD, as in Go
  CHECK_FALSE(p.at(5).json);
}

TEST_CASE("dockerfile syntax: a JSON array with non-strings is an error") {
  for (const char* bad : {"CMD [\"echo\", [\"nested\"]]", "CMD [\"a\", 1]", "RUN [\"a\", null]", "COPY [{}, \"/x\"]"}) {
    CAPTURE(bad);
    const Parsed p(std::string("FROM alpine\n") + bad + "\n");
    CHECK_FALSE(p.doc);
    CHECK(p.first_error() == "when using JSON array syntax, arrays must be comprised of strings only");
  }
}

TEST_CASE("dockerfile syntax: ADD, COPY and VOLUME split on whitespace in shell form") {
  const Parsed p("FROM alpine\nCOPY\ta.txt  b.txt\t/dst/\nVOLUME [\"/data\", \"/logs\"]\nVOLUME /a /b\n");
  const Instruction& copy = p.at(1);
  REQUIRE(copy.arguments.size() == 3);
  CHECK(copy.destination()->text == "/dst/");
  CHECK(p.text(copy.arguments[1].range) == "b.txt");
  CHECK(p.at(2).json);
  CHECK(p.at(2).arguments.size() == 2);
  CHECK(p.at(3).arguments.size() == 2);
}

// ---- flags and mounts ----

TEST_CASE("dockerfile syntax: flags with names, values and exact ranges") {
  const Parsed p("FROM alpine AS build\nFROM alpine\nCOPY --from=build --chown=app:app --link a /b\n");
  const Instruction& copy = p.at(2);
  REQUIRE(copy.flags.size() == 3);
  const Flag& from = copy.flags[0];
  CHECK(from.name == "from");
  CHECK(from.value == std::optional<std::string>("build"));
  CHECK(p.text(from.range) == "--from=build");
  CHECK(p.text(from.name_range) == "from");
  CHECK(p.text(from.value_range) == "build");
  CHECK(from.known);
  CHECK_FALSE(copy.flags[2].value.has_value());
  CHECK(copy.flag_value("chown") == "app:app");
  CHECK(copy.arguments.size() == 2);
}

TEST_CASE("dockerfile syntax: quoted flag values, `--` ends the flags, unknown flags are recorded") {
  const Parsed p("FROM alpine\nCOPY --chown=\"a b\" --user=me -- --weird /dst\n");
  const Instruction& copy = p.at(1);
  REQUIRE(copy.flags.size() == 2);
  CHECK(copy.flags[0].value == std::optional<std::string>("a b"));
  CHECK(copy.flags[0].text == "--chown=a b");
  CHECK(p.text(copy.flags[0].value_range) == "\"a b\"");
  CHECK(copy.flags[1].name == "user");
  CHECK_FALSE(copy.flags[1].known);
  REQUIRE(copy.arguments.size() == 2);
  CHECK(copy.arguments[0].text == "--weird");
}

TEST_CASE("dockerfile syntax: malformed known flags are errors as in BuildKit") {
  const auto error_of = [](const char* line) {
    const Parsed p(std::string("FROM alpine\n") + line + "\n");
    CHECK_FALSE(p.doc);
    return p.first_error();
  };
  CHECK(error_of("COPY --link=maybe a b") == "expecting boolean value for flag link, not: maybe");
  CHECK(error_of("COPY --from a b") == "missing a value on flag: from");
  CHECK(error_of("COPY --from=a --from=b x y") == "duplicate flag specified: from");
  CHECK(error_of("RUN --network=bogus true") == "unsupported network mode \"bogus\"");
  // Repeatable flags may repeat.
  const Parsed mounts("FROM alpine\nRUN --mount=type=tmpfs,target=/t --mount=type=cache,target=/c true\n");
  CHECK(mounts.doc);
}

TEST_CASE("dockerfile syntax: RUN --mount is read as CSV into its keys") {
  const Parsed p(
      "FROM node\n"
      "RUN --mount=type=cache,target=/root/.npm,sharing=locked "
      "--mount=type=secret,id=npmrc,dst=/root/.npmrc,required --network=host --security=insecure npm ci\n");
  const Instruction& run = p.at(1);
  REQUIRE(run.mounts.size() == 2);
  const Mount& cache = run.mounts[0];
  CHECK(cache.type == "cache");
  CHECK(cache.value("target") == "/root/.npm");
  CHECK(cache.value("sharing") == "locked");
  CHECK(p.text(cache.field("target")->range) == "target=/root/.npm");
  CHECK(p.text(cache.field("target")->value_range) == "/root/.npm");
  const Mount& secret = run.mounts[1];
  CHECK(secret.type == "secret");
  CHECK(secret.value("id") == "npmrc");
  CHECK(secret.value("destination") == "/root/.npmrc");  // aliases: dst, destination, dest, target
  CHECK(secret.has("required"));
  CHECK_FALSE(secret.field("required")->has_value);
  CHECK(secret.flag == 1);
  CHECK(run.flag_value("network") == "host");
  CHECK(run.flag_value("security") == "insecure");
  CHECK(run.command.shell.text == "npm ci");
}

TEST_CASE("dockerfile syntax: mounts BuildKit refuses are errors") {
  const auto error_of = [](const char* mount) {
    const Parsed p(std::string("FROM alpine\nRUN --mount=") + mount + " true\n");
    CHECK_FALSE(p.doc);
    return p.first_error();
  };
  CHECK(error_of("type=volume,target=/x") == "unsupported mount type \"volume\"");
  CHECK(error_of("target=/x,rbind") == "invalid field 'rbind' must be a key=value pair");
  CHECK(error_of("type=bind,size=10m,target=/x") == "unexpected key 'size' for mount type 'bind'");
  CHECK(error_of("type=cache,target=/x,color=red") == "unexpected key 'color' in 'color=red'");
  CHECK(error_of("from=$IMAGE,target=/x") == "'from' doesn't support variable expansion, define alias stage instead");
  CHECK(error_of("required,type=secret,id=x") == "unexpected key 'required' for mount type 'bind'");
  // Values holding variables are left to the build.
  const Parsed variable("FROM alpine\nARG T=cache\nRUN --mount=type=$T,target=/x true\n");
  CHECK(variable.doc);
}

// ---- ENV, LABEL, ARG ----

TEST_CASE("dockerfile syntax: ENV and LABEL key=value pairs keep quotes and escapes") {
  const Parsed p("FROM alpine\nENV A=1 B=\"two words\" C=three\\ words D=\nLABEL \"com.example.k\"=\"v 1\" other=x\n");
  const Instruction& env = p.at(1);
  REQUIRE(env.pairs.size() == 4);
  CHECK(env.pairs[1].key.text == "B");
  CHECK(env.pairs[1].value.text == "\"two words\"");
  CHECK(p.text(env.pairs[1].value.range) == "\"two words\"");
  CHECK(p.text(env.pairs[1].range) == "B=\"two words\"");
  CHECK(env.pairs[2].value.text == "three\\ words");
  CHECK(env.pairs[3].value.text.empty());
  CHECK_FALSE(env.pairs[0].legacy);
  const Instruction& label = p.at(2);
  REQUIRE(label.pairs.size() == 2);
  CHECK(label.pairs[0].key.text == "\"com.example.k\"");
  CHECK(label.pairs[0].value.text == "\"v 1\"");
}

TEST_CASE("dockerfile syntax: legacy ENV name value takes the rest of the line") {
  const Parsed p("FROM alpine\nENV PATH /usr/local/bin:$PATH  extra words\n");
  const KeyValue& pair = p.at(1).pairs.at(0);
  CHECK(pair.legacy);
  CHECK(pair.key.text == "PATH");
  CHECK(pair.value.text == "/usr/local/bin:$PATH  extra words");
  CHECK(p.text(pair.value.range) == "/usr/local/bin:$PATH  extra words");
}

TEST_CASE("dockerfile syntax: ENV errors follow BuildKit") {
  const Parsed no_value("FROM alpine\nENV PATH\n");
  CHECK(no_value.first_error() == "ENV must have two arguments");
  const Parsed missing_equals("FROM alpine\nENV A=1 B\n");
  CHECK(missing_equals.first_error() == "Syntax error - can't find = in \"B\". Must be of the form: name=value");
  const Parsed blank_name("FROM alpine\nLABEL =x\n");
  CHECK(blank_name.first_error() == "LABEL names can not be blank");
  const Parsed empty("FROM alpine\nENV\n");
  CHECK(empty.first_error() == "ENV requires at least one argument");
}

TEST_CASE("dockerfile syntax: ARG declares several names with optional defaults") {
  const Parsed p("ARG A B=2 C=\"x y\"\nFROM alpine\n");
  const Instruction& arg = p.at(0);
  REQUIRE(arg.declarations.size() == 3);
  CHECK(arg.declarations[0].name.text == "A");
  CHECK_FALSE(arg.declarations[0].value.has_value());
  CHECK(arg.declarations[1].value->text == "2");
  CHECK(p.text(arg.declarations[2].name.range) == "C");
  CHECK(arg.declarations[2].value->text == "\"x y\"");
  CHECK(p.text(arg.declarations[2].value->range) == "\"x y\"");
  CHECK(p.text(arg.declarations[2].range) == "C=\"x y\"");
}

// ---- ONBUILD, FROM, other instructions ----

TEST_CASE("dockerfile syntax: ONBUILD holds its trigger with its own positions") {
  const Parsed p("FROM alpine\nONBUILD COPY --from=build --bogus=1 . /app\n");
  const Instruction& onbuild = p.at(1);
  REQUIRE(onbuild.trigger);
  const Instruction& trigger = *onbuild.trigger;
  CHECK(trigger.kind == InstructionKind::copy);
  CHECK(p.text(trigger.keyword_range) == "COPY");
  CHECK(p.text(trigger.range) == "COPY --from=build --bogus=1 . /app");
  CHECK(trigger.flags.at(0).known);
  CHECK_FALSE(trigger.flags.at(1).known);
  CHECK(trigger.destination()->text == "/app");
  CHECK(p.doc->stage_of(trigger) == &p.doc->stages()[0]);
}

TEST_CASE("dockerfile syntax: ONBUILD cannot wrap ONBUILD, FROM or MAINTAINER") {
  CHECK(Parsed("FROM a\nONBUILD ONBUILD RUN x\n").first_error() == "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
  CHECK(Parsed("FROM a\nONBUILD from b\n").first_error() == "FROM isn't allowed as an ONBUILD trigger");
  CHECK(Parsed("FROM a\nONBUILD MAINTAINER me\n").first_error() == "MAINTAINER isn't allowed as an ONBUILD trigger");
  CHECK(Parsed("FROM a\nONBUILD\n").first_error() == "ONBUILD requires at least one argument");
}

TEST_CASE("dockerfile syntax: FROM forms and stage names") {
  const Parsed p("FROM --platform=linux/amd64 golang:1.22 as Build\nFROM scratch\n");
  const Instruction& from = p.at(0);
  CHECK(from.from_image()->text == "golang:1.22");
  CHECK(from.from_as_keyword()->text == "as");
  CHECK(from.from_stage_name()->text == "Build");
  CHECK(p.doc->stages()[0].name == "build");
  CHECK(from.flag_value("platform") == "linux/amd64");
  CHECK(Parsed("FROM a b\n").first_error() == "FROM requires either one or three arguments");
  CHECK(Parsed("FROM a AS 1st\n").first_error() ==
        "invalid name for build stage: \"1st\", name can't start with a number or contain symbols");
  CHECK(Parsed("FROM a AS b c\n").first_error() == "FROM requires either one or three arguments");
}

TEST_CASE("dockerfile syntax: keywords are case-insensitive, kept as written; unknown ones are kept") {
  const Parsed p("from alpine\nRun echo\nMAINTAINER Jane <jane@example.com>\nRUNN echo\n");
  CHECK(p.at(0).keyword == "from");
  CHECK(p.at(1).kind == InstructionKind::run);
  CHECK(p.at(1).keyword == "Run");
  CHECK(p.at(2).single_argument()->text == "Jane <jane@example.com>");
  CHECK(p.at(3).kind == InstructionKind::unknown);
  CHECK(p.at(3).keyword == "RUNN");
  CHECK(p.text(p.at(3).keyword_range) == "RUNN");
}

TEST_CASE("dockerfile syntax: instruction-level errors") {
  CHECK(Parsed("RUN echo\nFROM alpine\n").first_error() == "no build stage in current context");
  CHECK(Parsed("ARG A=1\n").first_error() == "dockerfile contains no stages to build");
  CHECK(Parsed("FROM a\nSHELL /bin/bash -c\n").first_error() == "SHELL requires the arguments to be in JSON form");
  CHECK(Parsed("FROM a\nCOPY onlyone\n").first_error() ==
        "COPY requires at least two arguments, but only one was provided. Destination could not be determined.");
  CHECK(Parsed("FROM a\nCOPY x <<EOF\nb\nEOF\n").first_error() == "COPY cannot accept a heredoc as a destination");
  CHECK(Parsed("FROM a\nUSER\n").first_error() == "USER requires exactly one argument");
  CHECK(Parsed("FROM a\nEXPOSE\n").first_error() == "EXPOSE requires at least one argument");
  CHECK(Parsed("FROM a\nVOLUME [\"\"]\n").first_error() == "VOLUME specified can not be an empty string");
  const std::string long_line = "FROM a\nRUN echo " + std::string(70000, 'x') + "\n";
  CHECK(Parsed(long_line).first_error() == "dockerfile line greater than max allowed size of 65535");
}

TEST_CASE("dockerfile syntax: HEALTHCHECK forms and option checks") {
  const Parsed p(
      "FROM a\nHEALTHCHECK NONE\n"
      "HEALTHCHECK --interval=30s --timeout=3s --start-period=0s --retries=3 CMD [\"curl\", \"-f\", \"http://x\"]\n"
      "HEALTHCHECK CMD curl -f http://x || exit 1\n");
  CHECK(p.at(1).healthcheck_type()->text == "NONE");
  CHECK(p.at(2).command.json);
  CHECK(p.at(2).command.argv.size() == 3);
  CHECK(p.at(2).flags.size() == 4);
  CHECK(p.at(3).command.shell.text == "curl -f http://x || exit 1");
  CHECK(Parsed("FROM a\nHEALTHCHECK --interval=1ns CMD x\n").first_error() ==
        "Interval \"interval\" cannot be less than 1ms");
  CHECK(Parsed("FROM a\nHEALTHCHECK --timeout=soon CMD x\n").first_error() == "time: invalid duration \"soon\"");
  CHECK(Parsed("FROM a\nHEALTHCHECK --retries=-1 CMD x\n").first_error() == "--retries cannot be negative (-1)");
  CHECK(Parsed("FROM a\nHEALTHCHECK CONNECT TCP 7000\n").first_error() ==
        "Unknown type \"CONNECT\" in HEALTHCHECK (try CMD)");
  CHECK(Parsed("FROM a\nHEALTHCHECK CMD\n").first_error() == "Missing command after HEALTHCHECK CMD");
  CHECK(Parsed("FROM a\nHEALTHCHECK NONE x\n").first_error() == "HEALTHCHECK NONE takes no arguments");
}

// ---- line endings and text ----

TEST_CASE("dockerfile syntax: CRLF line endings") {
  const Parsed p("FROM alpine\r\nRUN echo a \\\r\n  b\r\nCOPY <<EOF /x\r\nhello\r\nEOF\r\n");
  REQUIRE(p.doc);
  const Instruction& run = p.at(1);
  CHECK(run.command.shell.text == "echo a   b");
  CHECK(p.text(run.range) == "RUN echo a \\\r\n  b");
  CHECK(run.range.end.line == 3);
  const Heredoc& h = p.at(2).heredocs.at(0);
  CHECK(h.content == "hello\r\n");  // BuildKit keeps the line endings in the body
  CHECK(p.text(h.terminator) == "EOF");
}

TEST_CASE("dockerfile syntax: a UTF-8 byte order mark, tabs and non-ASCII text") {
  const Parsed p("\xEF\xBB\xBF" "FROM\talpine\nLABEL description=\"caf\xC3\xA9 \xE2\x98\x95\"\nRUN\techo h\xC3\xA9llo\n");
  REQUIRE(p.doc);
  CHECK(p.at(0).from_image()->text == "alpine");
  const KeyValue& label = p.at(1).pairs.at(0);
  CHECK(label.value.text == "\"caf\xC3\xA9 \xE2\x98\x95\"");
  CHECK(p.text(label.value.range) == label.value.text);
  CHECK(label.value.range.begin.column == 19);  // byte columns
  CHECK(p.source.column(label.value.range.end, ColumnUnit::characters) == 27);
  CHECK(p.at(2).command.shell.text == "echo h\xC3\xA9llo");
  // A no-break space separates ENV words (unicode.IsSpace) but is no separator for the keyword.
  const Parsed nbsp("FROM a\nENV A=1\xC2\xA0" "B=2\n");
  CHECK(nbsp.at(1).pairs.size() == 2);
}
