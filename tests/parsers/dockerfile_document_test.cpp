// Unit tests of the Dockerfile semantic model: stages and their bases, ARG scoping and --build-arg, ENV,
// expansion at an instruction, USER/WORKDIR/SHELL tracking through stage inheritance, comments, RUN scripts.

#include <doctest/doctest.h>

#include <string>

#include "parsers/dockerfile/document.h"
#include "parsers/dockerfile/parse.h"

using namespace shipshape;
using namespace shipshape::dockerfile;

namespace {

struct Model {
  SourceFile source;
  std::unique_ptr<Document> doc;
  std::vector<Diagnostic> errors;

  explicit Model(std::string text, ParseOptions options = {}) : source("Dockerfile", std::move(text)) {
    ParseResult result = parse(source, options);
    doc = std::move(result.document);
    errors = std::move(result.errors);
    REQUIRE_MESSAGE(doc, (errors.empty() ? std::string() : errors.front().message));
  }
  const Instruction& at(std::size_t i) const { return doc->instructions().at(i); }
  const Stage& stage(std::size_t i) const { return doc->stages().at(i); }
  std::string var(std::string_view name, std::size_t at_index) const {
    const auto v = doc->variable(name, at(at_index));
    if (!v) return "<unset>";
    return v->known ? v->value : "<unknown>";
  }
};

ParseOptions with_build_args(std::vector<std::pair<std::string, std::string>> args, std::string target = {}) {
  ParseOptions options;
  options.build_args = std::move(args);
  options.target = std::move(target);
  return options;
}

}  // namespace

// ---- stages ----

TEST_CASE("dockerfile model: stages with names, bases, parents and scratch") {
  const Model m(
      "FROM golang:1.22 AS Build\n"
      "RUN go build\n"
      "FROM build AS test\n"
      "FROM scratch\n"
      "COPY --from=build /out /\n"
      "FROM Build\n");
  REQUIRE(m.doc->stages().size() == 4);
  const Stage& build = m.stage(0);
  CHECK(build.name == "build");
  CHECK(build.name_word->text == "Build");
  CHECK(build.base.text == "golang:1.22");
  CHECK(build.image.valid);
  CHECK(build.image.tag == "1.22");
  CHECK(build.external());
  CHECK(build.begin == 0);
  CHECK(build.end == 2);
  CHECK(m.doc->instructions_of(build).size() == 2);
  CHECK(m.stage(1).parent == std::optional<std::size_t>(0));
  CHECK_FALSE(m.stage(1).image.valid);
  CHECK(m.stage(2).scratch);
  CHECK(m.stage(2).name.empty());
  // BuildKit matches `FROM <stage>` exactly against the lower-cased names: `Build` is an image reference.
  CHECK_FALSE(m.stage(3).parent.has_value());
  CHECK(m.stage(3).base.text == "Build");
  CHECK(m.doc->final_stage().index == 3);
  CHECK(m.doc->stage_of(m.at(4)) == &m.stage(2));
  const auto chain = m.doc->chain(m.stage(1));
  REQUIRE(chain.size() == 2);
  CHECK(chain[1] == &m.stage(0));
}

TEST_CASE("dockerfile model: COPY --from names a stage by name (any case) or index") {
  const Model m("FROM alpine AS deps\nFROM alpine AS deps\nFROM alpine\n");
  CHECK(m.doc->find_stage("DEPS") == &m.stage(1));  // the last stage of that name
  CHECK(m.doc->find_stage("0") == &m.stage(0));
  CHECK(m.doc->find_stage("7") == nullptr);
  CHECK(m.doc->find_stage("nginx:latest") == nullptr);
}

TEST_CASE("dockerfile model: --target picks the final stage; an unknown target is an error") {
  const Model m("FROM alpine AS build\nFROM alpine AS release\nFROM alpine AS debug\n", with_build_args({}, "Release"));
  CHECK(m.doc->final_stage().name == "release");
  const SourceFile source("Dockerfile", "FROM alpine AS build\n");
  const ParseResult result = parse(source, with_build_args({}, "buld"));
  CHECK_FALSE(result.document);
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].message == "target stage \"buld\" could not be found");
  CHECK(result.errors[0].hint == "did you mean build? (the stages are named build)");
}

TEST_CASE("dockerfile model: FROM expands global ARGs, defaults and --build-arg") {
  const std::string text =
      "ARG REGISTRY=docker.io\n"
      "ARG IMAGE=${REGISTRY}/library/node\n"
      "ARG TAG\n"
      "FROM ${IMAGE}:${TAG:-20}\n"
      "FROM ${IMAGE}:$TAG AS pinned\n"
      "FROM --platform=$BUILDPLATFORM alpine\n";
  const Model m(text);
  // TAG has no default: the build decides, so the expansion that depends on it stays as written.
  CHECK(m.stage(0).base.text == "docker.io/library/node:${TAG:-20}");
  CHECK_FALSE(m.stage(0).base.known);
  CHECK(m.stage(1).base.text == "docker.io/library/node:$TAG");
  CHECK_FALSE(m.stage(1).base.known);
  CHECK_FALSE(m.stage(1).image.valid);
  CHECK(m.stage(2).platform_value->text == "$BUILDPLATFORM");
  CHECK_FALSE(m.stage(2).platform_value->known);

  const Model given(text, with_build_args({{"TAG", "18-alpine"}, {"BUILDPLATFORM", "linux/arm64"}}));
  CHECK(given.stage(1).base.text == "docker.io/library/node:18-alpine");
  CHECK(given.stage(1).base.known);
  CHECK(given.stage(1).image.tag == "18-alpine");
  CHECK(given.stage(2).platform_value->text == "linux/arm64");
  CHECK(given.stage(2).platform_value->known);

  const Model undeclared("FROM ${NOPE}alpine\n");
  CHECK(undeclared.stage(0).base.text == "alpine");
  CHECK(undeclared.stage(0).base.unset == std::vector<std::string>{"NOPE"});
}

TEST_CASE("dockerfile model: FROM through an ARG naming an earlier stage") {
  const Model m("ARG BASE=builder\nFROM alpine AS builder\nFROM ${BASE}\n");
  CHECK(m.stage(1).parent == std::optional<std::size_t>(0));
}

// ---- variables ----

TEST_CASE("dockerfile model: global ARGs are visible in a stage only when declared there again") {
  const Model m(
      "ARG VERSION=1.0\n"         // 0
      "FROM alpine\n"             // 1
      "RUN true\n"                // 2
      "ARG VERSION\n"             // 3
      "RUN true\n"                // 4
      "ARG VERSION=2.0\n"         // 5
      "RUN true\n"                // 6
      "ARG OTHER\n"               // 7
      "RUN true\n");              // 8
  CHECK(m.var("VERSION", 1) == "1.0");        // in the FROM line
  CHECK(m.var("VERSION", 2) == "<unknown>");  // not declared in the stage: only the base image could set it
  CHECK_FALSE(m.doc->declared("VERSION", m.at(2)));
  CHECK(m.var("VERSION", 4) == "1.0");        // re-declared without default: the global value
  CHECK(m.doc->declared("VERSION", m.at(4)));
  CHECK(m.var("VERSION", 6) == "2.0");        // a default wins over the global value
  CHECK(m.var("OTHER", 8) == "<unknown>");    // no default, no --build-arg
}

TEST_CASE("dockerfile model: --build-arg overrides ARG defaults, in the global scope and in stages") {
  const Model m("ARG V=1\nFROM alpine\nARG V\nARG W=default\nRUN true\n", with_build_args({{"V", "9"}, {"W", "given"}}));
  CHECK(m.var("V", 1) == "9");
  CHECK(m.var("V", 4) == "9");
  CHECK(m.var("W", 4) == "given");
}

TEST_CASE("dockerfile model: ENV sees the values from before its own instruction; ARG names see earlier ones") {
  const Model m(
      "FROM scratch\n"          // 0
      "ENV A=1\n"               // 1
      "ENV A=2 B=$A\n"          // 2
      "ARG X=x Y=${X}y\n"       // 3
      "ENV PATH=$PATH:/opt\n"   // 4
      "RUN true\n");            // 5
  CHECK(m.var("A", 5) == "2");
  CHECK(m.var("B", 5) == "1");
  CHECK(m.var("Y", 5) == "xy");
  CHECK(m.var("A", 2) == "1");  // at the ENV itself: the value before it
  CHECK(m.var("PATH", 5) == "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/opt");
  CHECK(m.var("UNDECLARED", 5) == "<unset>");  // scratch has no environment
}

TEST_CASE("dockerfile model: variables of a stage are inherited by stages built FROM it") {
  const Model m(
      "FROM debian AS base\n"   // 0
      "ENV APP=/srv/app\n"      // 1
      "ARG MODE=prod\n"         // 2
      "FROM base\n"             // 3
      "WORKDIR $APP/$MODE\n"    // 4
      "FROM debian\n"           // 5
      "WORKDIR $APP\n");        // 6
  CHECK(m.var("APP", 4) == "/srv/app");
  CHECK(m.var("MODE", 4) == "prod");
  CHECK(m.doc->workdir_at_end(m.stage(1)).value == "/srv/app/prod");
  CHECK(m.var("APP", 6) == "<unknown>");  // another stage on an external image
  CHECK_FALSE(m.doc->workdir_at_end(m.stage(2)).known);
}

TEST_CASE("dockerfile model: expand() applies BuildKit expansion at an instruction") {
  const Model m(
      "FROM scratch\n"
      "ARG UID=1000\n"
      "ENV HOME_DIR=/home/app\n"
      "COPY --chown=${UID}:${GID:-$UID} conf $HOME_DIR/conf\n");
  const Instruction& copy = m.at(3);
  const Expansion chown = m.doc->expand(copy.flag_value("chown"), copy);
  CHECK(chown.text == "1000:1000");
  CHECK(chown.known);
  CHECK(chown.referenced == std::vector<std::string>{"UID", "GID"});
  CHECK(chown.unset == std::vector<std::string>{"GID"});
  CHECK(m.doc->expand(copy.destination()->text, copy).text == "/home/app/conf");
  const auto words = m.doc->expand_words("$HOME_DIR  b", copy);
  REQUIRE(words.size() == 2);
  CHECK(words[0].text == "/home/app");
}

// ---- USER, WORKDIR, SHELL ----

TEST_CASE("dockerfile model: USER at each instruction and at the end, through stage inheritance") {
  const Model m(
      "FROM node AS base\n"     // 0
      "RUN whoami\n"            // 1
      "ARG U=root\n"            // 2
      "USER $U\n"               // 3
      "RUN whoami\n"            // 4
      "FROM base\n"             // 5
      "RUN whoami\n"            // 6
      "FROM scratch\n");        // 7
  const Setting before = m.doc->user(m.at(1));
  CHECK_FALSE(before.known);  // whatever the node image sets
  CHECK(before.source == nullptr);
  const Setting after = m.doc->user(m.at(4));
  CHECK(after.value == "root");
  CHECK(after.known);
  CHECK(after.source == &m.at(3));
  CHECK(m.doc->user(m.at(3)).source == nullptr);  // at the USER itself: the user before it
  CHECK(m.doc->user(m.at(6)).value == "root");
  CHECK(m.doc->user_at_end(m.stage(1)).source == &m.at(3));
  const Setting scratch = m.doc->user_at_end(m.stage(2));
  CHECK(scratch.known);
  CHECK(scratch.value.empty());  // root by default
}

TEST_CASE("dockerfile model: WORKDIR resolves relative paths like BuildKit") {
  const Model m("FROM scratch\nWORKDIR /a\nWORKDIR b\nWORKDIR ../c/./d/\nWORKDIR /x//y/..\nRUN pwd\n");
  CHECK(m.doc->workdir(m.at(1)).value == "/");
  CHECK(m.doc->workdir(m.at(3)).value == "/a/b");
  CHECK(m.doc->workdir(m.at(4)).value == "/a/c/d");
  CHECK(m.doc->workdir(m.at(5)).value == "/x");
  CHECK(m.doc->workdir(m.at(5)).source == &m.at(4));
  const Model external("FROM alpine\nWORKDIR app\nWORKDIR /srv\n");
  CHECK_FALSE(m.doc->workdir(m.at(0)).source);
  CHECK_FALSE(external.doc->workdir(external.at(2)).known);
  CHECK(external.doc->workdir_at_end(external.stage(0)).value == "/srv");
  CHECK(external.doc->workdir_at_end(external.stage(0)).known);
}

TEST_CASE("dockerfile model: SHELL in effect, POSIX or not, and Windows stages") {
  const Model m(
      "FROM alpine AS a\n"                                         // 0
      "RUN echo\n"                                                 // 1
      "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n"      // 2
      "RUN echo\n"                                                 // 3
      "FROM a\n"                                                   // 4
      "SHELL [\"pwsh\", \"-Command\"]\n"                           // 5
      "RUN Write-Host hi\n"                                        // 6
      "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\n"       // 7
      "RUN dir\n");                                                // 8
  const ShellSetting first = m.doc->shell(m.at(1));
  CHECK(first.argv == std::vector<std::string>{"/bin/sh", "-c"});
  CHECK_FALSE(first.known);
  CHECK_FALSE(first.non_posix());
  const ShellSetting bash = m.doc->shell(m.at(3));
  CHECK(bash.argv.size() == 4);
  CHECK(bash.source == &m.at(2));
  CHECK(m.doc->shell(m.at(4)).argv[0] == "/bin/bash");  // inherited through FROM a
  CHECK(m.doc->shell(m.at(6)).non_posix());
  CHECK(m.at(6).script_status == ScriptStatus::non_posix_shell);
  const ShellSetting windows = m.doc->shell(m.at(8));
  CHECK(windows.windows);
  CHECK(windows.argv == std::vector<std::string>{"cmd", "/S", "/C"});
  CHECK(m.stage(2).windows);
  CHECK(m.at(8).script_status == ScriptStatus::non_posix_shell);
}

// ---- comments, warnings, scripts ----

TEST_CASE("dockerfile model: comments are kept with the instruction that follows them") {
  const Model m(
      "# syntax=docker/dockerfile:1\n"
      "\n"
      "# base image\n"
      "FROM alpine\n"
      "# hadolint ignore=DL3018\n"
      "RUN apk add curl\n"
      "# trailing\n");
  const auto& comments = m.doc->comments();
  REQUIRE(comments.size() == 4);
  CHECK(comments[1].text == "base image");
  CHECK(comments[1].instruction == std::optional<std::size_t>(0));
  CHECK(comments[2].text == "hadolint ignore=DL3018");
  CHECK(comments[2].instruction == std::optional<std::size_t>(1));
  CHECK(comments[2].range.begin.line == 5);
  CHECK_FALSE(comments[3].instruction.has_value());
  CHECK(m.at(1).comments == std::vector<std::size_t>{2});
}

TEST_CASE("dockerfile model: RUN script status follows the form, the shell and the heredoc body") {
  ParseOptions no_shell;
  no_shell.parse_shell = false;
  const Model off("FROM alpine\nRUN echo\n", no_shell);
  CHECK(off.at(1).script_status == ScriptStatus::not_requested);
  CHECK(off.at(1).script == nullptr);

  const Model m(
      "FROM alpine\n"
      "RUN [\"echo\", \"hi\"]\n"
      "RUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n"
      "RUN <<EOF\n#!/bin/bash\necho hi\nEOF\n"
      "RUN python3 <<EOF\nprint(1)\nEOF\n");
  CHECK(m.at(1).script_status == ScriptStatus::exec_form);
  CHECK(m.at(2).script_status == ScriptStatus::not_shell);
  CHECK(m.at(2).script == nullptr);
  CHECK(m.at(3).script_status != ScriptStatus::not_shell);
  CHECK(m.at(4).script_status != ScriptStatus::not_shell);
}
