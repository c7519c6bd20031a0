// The shared helpers of the Dockerfile rules: paths, users, image sites with their part ranges, the shell commands
// of a RUN, removals, and pip's spellings.

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "parsers/dockerfile/document.h"
#include "parsers/dockerfile/parse.h"
#include "rules/support/dockerfile_helpers.h"
#include "rules/support/package_managers.h"

using namespace shipshape;
namespace support = shipshape::rules::dockerfile_support;

namespace {

struct Parsed {
  std::unique_ptr<SourceFile> source;
  std::unique_ptr<dockerfile::Document> document;
};

Parsed parse(std::string text, dockerfile::ParseOptions options = {}) {
  Parsed p;
  p.source = std::make_unique<SourceFile>("Dockerfile", std::move(text));
  dockerfile::ParseResult result = dockerfile::parse(*p.source, options);
  REQUIRE(result.document);
  p.document = std::move(result.document);
  return p;
}

std::string slice(const Parsed& p, const Range& r) { return std::string(p.source->slice(r)); }

const dockerfile::Instruction& nth_run(const Parsed& p, std::size_t n) {
  std::size_t seen = 0;
  for (const dockerfile::Instruction& inst : p.document->instructions()) {
    if (inst.is(dockerfile::InstructionKind::run) && seen++ == n) return inst;
  }
  FAIL("no such RUN");
  return p.document->instructions().front();
}

std::vector<std::string> programs(const support::RunCommands& commands) {
  std::vector<std::string> out;
  for (const shell::Command* c : commands.commands()) out.emplace_back(c->unwrapped().program());
  return out;
}

}  // namespace

TEST_CASE("dockerfile helpers: clean_path and path_within") {
  CHECK(support::clean_path("//var/./lib/../lib/apt/") == "/var/lib/apt");
  CHECK(support::clean_path("/..") == "/");
  CHECK(support::clean_path("a/../../b") == "../b");
  CHECK(support::clean_path("") == ".");
  CHECK(support::path_within("/var/lib/apt/lists", "/var/lib/apt"));
  CHECK(support::path_within("/var/lib/apt", "/var/lib/apt"));
  CHECK(support::path_within("/anything", "/"));
  CHECK_FALSE(support::path_within("/var/lib/aptitude", "/var/lib/apt"));
  CHECK_FALSE(support::path_within("/var/lib", "/var/lib/apt"));
}

TEST_CASE("dockerfile helpers: root users") {
  for (const char* user : {"root", "0", "000", "root:root", "0:0", "root:staff", "0:1000"}) {
    CHECK_MESSAGE(support::is_root_user(user, false), user);
  }
  for (const char* user : {"", "10001", "app", "ROOT", "root2", "1000:0", "ContainerAdministrator"}) {
    CHECK_MESSAGE(!support::is_root_user(user, false), user);
  }
  CHECK(support::is_root_user("containeradministrator", true));
  CHECK_FALSE(support::is_root_user("ContainerUser", true));
}

TEST_CASE("dockerfile helpers: image sites and the exact ranges of their parts") {
  const Parsed p = parse(
      "ARG REGISTRY\nARG TAG=1.2\nFROM ghcr.io/org/app:1.0 AS build\nFROM build\nFROM scratch\n"
      "FROM ${REGISTRY}/app:${TAG}\nFROM localhost:5000/x@sha256:"
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
      "COPY --from=build /a /b\nCOPY --from=docs /a /b\nCOPY --from=0 /a /b\nCOPY --from=nginx:1.27 /a /b\n"
      "RUN --mount=type=bind,from=quay.io/o/t,target=/t true\n");
  const std::vector<support::ImageSite> sites = support::image_sites(*p.document);
  REQUIRE(sites.size() == 5);
  CHECK(sites[0].kind == support::ImageSiteKind::from);
  CHECK(slice(p, sites[0].name_range) == "ghcr.io/org/app");
  CHECK(slice(p, sites[0].registry_range) == "ghcr.io");
  CHECK(slice(p, sites[0].tag_range) == "1.0");
  CHECK(support::display_name(sites[0]) == "ghcr.io/org/app:1.0");

  CHECK_FALSE(sites[1].literal);
  CHECK_FALSE(sites[1].known);
  CHECK_FALSE(sites[1].registry_known);
  CHECK(sites[1].tag_known);
  CHECK(slice(p, sites[1].name_range) == "${REGISTRY}/app");
  CHECK(slice(p, sites[1].tag_range) == "${TAG}");
  CHECK(sites[1].reference.tag == "1.2");

  CHECK(sites[2].reference.has_digest());
  CHECK(slice(p, sites[2].name_range) == "localhost:5000/x");
  CHECK(slice(p, sites[2].registry_range) == "localhost:5000");
  CHECK(sites[2].tag_range.empty());

  CHECK(sites[3].kind == support::ImageSiteKind::copy_from);
  CHECK(slice(p, sites[3].tag_range) == "1.27");
  CHECK(sites[4].kind == support::ImageSiteKind::mount_from);
  CHECK(slice(p, sites[4].name_range) == "quay.io/o/t");
}

TEST_CASE("dockerfile helpers: image_matches over familiar and full names") {
  const Parsed p = parse("FROM gcr.io/distroless/static-debian12:nonroot\nFROM ubuntu:24.04\n");
  const std::vector<support::ImageSite> sites = support::image_sites(*p.document);
  REQUIRE(sites.size() == 2);
  CHECK(support::image_matches(sites[0].reference, {"gcr.io/distroless/**:*nonroot*"}));
  CHECK_FALSE(support::image_matches(sites[0].reference, {"gcr.io/distroless/*:latest"}));
  CHECK(support::image_matches(sites[1].reference, {"ubuntu:*"}));
  CHECK(support::image_matches(sites[1].reference, {"docker.io/library/ubuntu:24.04"}));
}

TEST_CASE("dockerfile helpers: the shell commands of a RUN") {
  const Parsed p = parse(
      "FROM debian:12.5\n"
      "RUN a && (b; c) && sh -ec 'd && e' && bash -o pipefail -c \"f\" && echo 'g && h' # i\n"
      "RUN [\"/bin/sh\", \"-c\", \"j && k\"]\n"
      "RUN bash <<EOF\nl $(m)\nEOF\n"
      "RUN <<EOF\nn\no\nEOF\n");
  CHECK(programs(support::RunCommands(nth_run(p, 0), *p.source)) ==
        std::vector<std::string>{"a", "b", "c", "sh", "d", "e", "bash", "f", "echo"});
  CHECK(programs(support::RunCommands(nth_run(p, 1), *p.source)) == std::vector<std::string>{"sh", "j", "k"});
  // `$(m)` is a command of both the outer script and the body's script: it is listed once.
  CHECK(programs(support::RunCommands(nth_run(p, 2), *p.source)) == std::vector<std::string>{"bash", "l", "m"});
  CHECK(programs(support::RunCommands(nth_run(p, 3), *p.source)) == std::vector<std::string>{"n", "o"});
  // Positions stay exact inside `sh -c` strings.
  const support::RunCommands first(nth_run(p, 0), *p.source);
  CHECK(slice(p, first.commands()[4]->range) == "d");
  const support::RunCommands exec(nth_run(p, 1), *p.source);
  CHECK(slice(p, exec.commands()[2]->range) == "k");
}

TEST_CASE("dockerfile helpers: removals by rm and find") {
  const Parsed p = parse(
      "FROM debian:12.5\n"
      "RUN rm -rf /var/lib/apt/lists/* ; rm -fr \"/var/cache/apk/\"* ; rm -rf ~/.cache/pip ; rm -rf $HOME/.cache ; "
      "find /var/lib/apt/lists -type f -delete ; find /tmp -exec rm {} + ; rm -rf $DIR ; find /x -name y\n");
  const support::RunCommands commands(nth_run(p, 0), *p.source);
  std::vector<std::string> removed;
  for (const shell::Command* c : commands.commands()) {
    std::string found;
    support::removes(*c, "/root", [&](std::string_view path) {
      found = std::string(path);
      return true;
    });
    removed.push_back(found);
  }
  CHECK(removed == std::vector<std::string>{"/var/lib/apt/lists", "/var/cache/apk", "/root/.cache/pip",
                                            "/root/.cache", "/var/lib/apt/lists", "/tmp", "", ""});
}

TEST_CASE("dockerfile helpers: pip in all its spellings") {
  const Parsed p = parse(
      "FROM python:3.12\n"
      "RUN pip install a; pip3.12 install b; python3 -m pip install c; python -mpip install d; "
      "python3 -u -m pip --no-cache-dir install e; python -c 'import pip'; python3 -m venv v; pipx install f; "
      "/opt/venv/bin/pip install g\n");
  const support::RunCommands commands(nth_run(p, 0), *p.source);
  std::vector<std::string> found;
  for (const shell::Command* c : commands.commands()) {
    if (const auto pip = support::as_pip(c->unwrapped())) found.push_back(pip->display);
  }
  CHECK(found == std::vector<std::string>{"pip install", "pip3.12 install", "python3 -m pip install",
                                          "python -m pip install", "python3 -m pip install", "pip install"});
}

TEST_CASE("dockerfile helpers: cache mount targets are expanded and made absolute") {
  const Parsed p = parse(
      "FROM debian:12.5\nARG CACHE=/var/cache/apt\nWORKDIR /app\n"
      "RUN --mount=type=cache,target=${CACHE} --mount=type=tmpfs,dst=tmp/../build --mount=type=bind,target=/x "
      "--mount=type=secret,id=s --mount=type=cache,target=$UNKNOWN true\n");
  CHECK(support::cache_mount_targets(*p.document, nth_run(p, 0)) ==
        std::vector<std::string>{"/var/cache/apt", "/app/build"});
}

TEST_CASE("dockerfile helpers: shipped stages follow --target and FROM <stage>") {
  dockerfile::ParseOptions options;
  options.target = "app";
  const Parsed p = parse(
      "FROM debian:12.5 AS base\nRUN one\nFROM golang:1.22 AS build\nRUN two\nFROM base AS app\nRUN three\n"
      "ONBUILD RUN four\nFROM app AS test\nRUN five\n",
      options);
  std::vector<std::string> runs;
  for (const dockerfile::Instruction* run : support::shipped_runs(*p.document)) runs.push_back(run->command.shell.text);
  CHECK(runs == std::vector<std::string>{"one", "three", "four"});
  CHECK(support::all_runs(*p.document).size() == 5);
}
