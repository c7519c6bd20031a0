// The queries rules are written with: each TEST_CASE states one rule's question the way a rule would ask it,
// and checks the answer on scripts that should and should not trigger it.

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "parsers/shell/script.h"

using shipshape::SourceFile;
using namespace shipshape::shell;

namespace {

Script parse(const std::string& text) {
  const SourceFile source("Dockerfile", text);
  return Script::parse(source, {Piece{0, source.size()}});
}

const OptionSyntax kAptGet{.with_value = {"-o", "--option", "-c", "--config-file", "-t", "--target-release"}};
const OptionSyntax kApk{.with_value = {"-t", "--virtual", "-X", "--repository", "-p", "--root", "--arch"}};
const OptionSyntax kYum{.with_value = {"-c", "--config", "--enablerepo", "--disablerepo", "--setopt", "-x"}};
const OptionSyntax kUseradd{.with_value = {"-u", "--uid", "-g", "--gid", "-G", "--groups", "-d", "--home-dir", "-s",
                                           "--shell", "-c", "--comment", "-e", "-f", "-k", "-K", "-p", "-b", "-R"}};
const OptionSyntax kPip{.with_value = {"-r", "--requirement", "-c", "--constraint", "-i", "--index-url", "-t"}};
const OptionSyntax kGem{.with_value = {"-v", "--version", "-i", "--install-dir", "-n", "--bindir", "-s"}};
const OptionSyntax kGo{.with_value = {"-ldflags", "-tags", "-o", "-mod", "-p"}, .single_dash_long = true};

bool any_operand(const Arguments& args, bool (*predicate)(std::string_view)) {
  return std::any_of(args.operands().begin(), args.operands().end(),
                     [&](const Word* w) { return w->value && predicate(*w->value); });
}

// "Is every `apt-get install` followed by `rm -rf /var/lib/apt/lists/*` in the same RUN?"
bool apt_lists_removed_after_install(const Script& script) {
  for (const CommandView& apt : script.find("apt-get")) {
    if (!apt.args(kAptGet).subcommand_is("install")) continue;
    const bool removed = script.any_after(apt.command(), [](const Command& c) {
      const CommandView rm = c.unwrapped();
      const Arguments args = rm.args();
      return rm.is("rm") && args.has_option("-r", "-R", "--recursive") &&
             any_operand(args, [](std::string_view v) { return v.starts_with("/var/lib/apt/lists"); });
    });
    if (!removed) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("shell queries: apt-get install followed by removing the apt lists") {
  CHECK(apt_lists_removed_after_install(parse(
      "apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*")));
  CHECK(apt_lists_removed_after_install(parse("sudo apt-get -y install x; sudo rm -fr /var/lib/apt/lists")));
  CHECK_FALSE(apt_lists_removed_after_install(parse("apt-get update && apt-get install -y curl")));
  CHECK_FALSE(apt_lists_removed_after_install(parse("rm -rf /var/lib/apt/lists/* && apt-get install -y curl")));
  CHECK(apt_lists_removed_after_install(parse("apt-get update")));  // nothing installed
}

TEST_CASE("shell queries: which packages apk add installs, with which flags") {
  const Script script = parse("apk add --no-cache --virtual .build-deps gcc musl-dev=1.2.4-r2 \"libffi-dev\"");
  const auto apks = script.find("apk");
  REQUIRE(apks.size() == 1);
  const Arguments args = apks[0].args(kApk);
  CHECK(args.subcommand_is("add"));
  CHECK(args.has_option("--no-cache"));
  CHECK(args.find_option("-t", "--virtual")->value == ".build-deps");
  std::vector<std::string> packages;
  for (const Word* word : args.operands_after_subcommand()) packages.push_back(*word->value);
  CHECK(packages == std::vector<std::string>{"gcc", "musl-dev=1.2.4-r2", "libffi-dev"});
  // And where the unpinned one is, for the finding.
  CHECK(args.operands_after_subcommand()[0]->range.begin.column == 42);
}

TEST_CASE("shell queries: pip install without --no-cache-dir") {
  const auto pip_without_no_cache = [](const Script& script) {
    int count = 0;
    for (const Command& c : script.commands()) {
      const CommandView v = c.unwrapped();
      Arguments args = v.args(kPip);
      if (v.is_any({"python", "python3"})) {  // python3 -m pip install ...
        const Arguments python = v.args({.with_value = {"-m", "-c"}});
        const Option* module = python.find_option("-m");
        if (!module || module->value != "pip") continue;
        args = python;
      } else if (!v.is_any({"pip", "pip3"})) {
        continue;
      }
      if (args.subcommand_is("install") && !args.has_option("--no-cache-dir")) ++count;
    }
    return count;
  };
  CHECK(pip_without_no_cache(parse("pip install flask && pip3 install --no-cache-dir gunicorn")) == 1);
  CHECK(pip_without_no_cache(parse("python3 -m pip install -r requirements.txt")) == 1);
  CHECK(pip_without_no_cache(parse("python3 -m pip install --no-cache-dir -r requirements.txt")) == 0);
  CHECK(pip_without_no_cache(parse("pip --version; python3 -c 'import pip'")) == 0);
}

TEST_CASE("shell queries: yum/dnf/zypper/microdnf install without the matching clean all") {
  const auto missing_clean = [](const Script& script) {
    std::vector<std::string> missing;
    for (const Command& c : script.commands()) {
      const CommandView v = c.unwrapped();
      if (!v.is_any({"yum", "dnf", "microdnf", "zypper"}) || !v.args(kYum).subcommand_is("install")) continue;
      const std::string_view manager = v.program();
      const bool cleaned = script.any_after(c, [&](const Command& later) {
        const CommandView w = later.unwrapped();
        const Arguments args = w.args(kYum);
        if (!w.is(manager)) return false;
        if (manager == "zypper") return args.subcommand_is("clean") || args.subcommand_is("cc");
        return args.subcommand_is("clean") && args.has_operand("all");
      });
      if (!cleaned) missing.emplace_back(manager);
    }
    return missing;
  };
  CHECK(missing_clean(parse("yum install -y httpd && yum clean all")).empty());
  CHECK(missing_clean(parse("dnf -y install git; microdnf install tar && microdnf clean all")) ==
        std::vector<std::string>{"dnf"});
  CHECK(missing_clean(parse("zypper -n install vim && zypper cc -a")).empty());
  CHECK(missing_clean(parse("yum clean all && yum install -y x")) == std::vector<std::string>{"yum"});
}

TEST_CASE("shell queries: yarn install without yarn cache clean") {
  const auto needs_clean = [](const Script& script) {
    for (const CommandView& yarn : script.find("yarn")) {
      const Arguments args = yarn.args();
      if (args.subcommand() && !args.subcommand_is("install")) continue;  // bare `yarn` installs too
      const bool cleaned = script.any_after(yarn.command(), [](const Command& c) {
        const CommandView w = c.unwrapped();
        return w.is("yarn") && w.args().subcommand_is("cache") && w.args().has_operand("clean");
      });
      if (!cleaned) return true;
    }
    return false;
  };
  CHECK(needs_clean(parse("yarn install --frozen-lockfile")));
  CHECK(needs_clean(parse("yarn && yarn build")));
  CHECK_FALSE(needs_clean(parse("yarn install && yarn cache clean")));
  CHECK_FALSE(needs_clean(parse("yarn build")));
}

TEST_CASE("shell queries: sudo anywhere") {
  const auto uses_sudo = [](const Script& script) {
    // unwrapped() stops at a sudo that runs nothing (`sudo -l`), so is("sudo") covers that case.
    return script.any([](const Command& c) { return c.unwrapped().sudo() || c.unwrapped().is("sudo"); });
  };
  CHECK(uses_sudo(parse("apt-get update && sudo apt-get install x")));
  CHECK(uses_sudo(parse("echo $(sudo cat /etc/shadow)")));
  CHECK(uses_sudo(parse("env A=1 sudo -l")));
  CHECK(uses_sudo(parse("if true; then nice sudo make install; fi")));
  CHECK_FALSE(uses_sudo(parse("echo sudo 'sudo x' # sudo")));
}

TEST_CASE("shell queries: cd (use WORKDIR)") {
  const Script script = parse("cd /app && make; (cd /tmp && tar xf x.tgz)");
  const auto cds = script.find("cd");
  REQUIRE(cds.size() == 2);
  CHECK(cds[0].command().context.top_level());
  CHECK(cds[0].name().range.begin.column == 1);
  CHECK(cds[1].command().context.in_subshell);  // a rule may accept a cd confined to a subshell
}

TEST_CASE("shell queries: curl ... | sh") {
  const auto pipes_to_shell = [](const Script& script) {
    for (const Command& c : script.commands()) {
      if (!c.unwrapped().is_any({"curl", "wget"})) continue;
      const Command* next = script.next_in_pipeline(c);
      if (next && next->unwrapped().is_any({"sh", "bash", "dash", "zsh", "ash"})) return true;
    }
    return false;
  };
  CHECK(pipes_to_shell(parse("curl -fsSL https://get.docker.com | sh")));
  CHECK(pipes_to_shell(parse("wget -qO- https://x.io/i.sh | sudo -E bash -s -- --yes")));
  CHECK_FALSE(pipes_to_shell(parse("curl -fsSL https://x.io/x.tgz | tar xz")));
  CHECK_FALSE(pipes_to_shell(parse("curl -o i.sh https://x.io/i.sh && sh i.sh")));
}

TEST_CASE("shell queries: pipes without set -o pipefail") {
  const auto unprotected_pipe = [](const Script& script) -> const Command* {
    for (const Command& c : script.commands()) {
      if (!c.in_pipeline() || c.pipeline_index != 0) continue;
      const bool pipefail = script.any_before(c, [](const Command& s) {
        const auto values = s.unwrapped().args({.with_value = {"-o"}}).option_values({"-o"});
        return s.unwrapped().is("set") && std::find(values.begin(), values.end(), "pipefail") != values.end();
      });
      if (!pipefail) return &c;
    }
    return nullptr;
  };
  CHECK(unprotected_pipe(parse("wget -O - https://x | wc -l")) != nullptr);
  CHECK(unprotected_pipe(parse("set -eux; curl -s https://x | tar xz")) != nullptr);
  CHECK(unprotected_pipe(parse("set -euxo pipefail; curl -s https://x | tar xz")) == nullptr);
  CHECK(unprotected_pipe(parse("set -o pipefail && curl -s https://x | tar xz")) == nullptr);
  CHECK(unprotected_pipe(parse("curl -s https://x -o x")) == nullptr);
}

TEST_CASE("shell queries: apt instead of apt-get") {
  const Script script = parse("apt update && apt-get install -y x && sudo apt install y");
  const auto apts = script.find("apt");
  REQUIRE(apts.size() == 2);
  CHECK(apts[0].name().range.begin.column == 1);
  CHECK(apts[1].sudo());
}

TEST_CASE("shell queries: apt-get install without -y, --no-install-recommends or version pins") {
  const Script script = parse(
      "apt-get update && apt-get -qq install --no-install-recommends -y curl=7.88.1-10 git && "
      "apt-get install --assume-yes vim=2:9.0 && apt-get -o Dpkg::Options::=--force-confold install wget");
  std::vector<bool> assume_yes, no_recommends;
  std::vector<std::string> unpinned;
  for (const CommandView& apt : script.find("apt-get")) {
    const Arguments args = apt.args(kAptGet);
    if (!args.subcommand_is("install")) continue;
    assume_yes.push_back(args.has_option("-y", "--yes", "--assume-yes") || args.has_option("-qq"));
    no_recommends.push_back(args.has_option("--no-install-recommends"));
    for (const Word* package : args.operands_after_subcommand()) {
      if (package->value && package->value->find('=') == std::string::npos) unpinned.push_back(*package->value);
    }
  }
  CHECK(assume_yes == std::vector<bool>{true, true, false});
  CHECK(no_recommends == std::vector<bool>{true, false, false});
  CHECK(unpinned == std::vector<std::string>{"git", "wget"});
}

TEST_CASE("shell queries: both wget and curl") {
  const Script both = parse("wget -q x && curl -O y");
  CHECK_FALSE(both.find("wget").empty());
  CHECK_FALSE(both.find("curl").empty());
  const Script only_curl = parse("curl -O y");
  CHECK(only_curl.find("wget").empty());
}

TEST_CASE("shell queries: useradd with a high UID without -l") {
  const auto high_uid_without_l = [](const Script& script) {
    for (const CommandView& useradd : script.find("useradd")) {
      const Arguments args = useradd.args(kUseradd);
      const Option* uid = args.find_option("-u", "--uid");
      if (uid && uid->value && uid->value->size() > 5 && !args.has_option("-l", "--no-log-init")) return true;
    }
    return false;
  };
  CHECK(high_uid_without_l(parse("useradd -u 1000000 -m app")));
  CHECK(high_uid_without_l(parse("groupadd -g 1000000 app && useradd --uid=1000000 -g app app")));
  CHECK_FALSE(high_uid_without_l(parse("useradd -l -u 1000000 -m app")));
  CHECK_FALSE(high_uid_without_l(parse("useradd -mu 1000 app")));
}

TEST_CASE("shell queries: ln -s ... /bin/sh") {
  const auto relinks_sh = [](const Script& script) {
    for (const CommandView& ln : script.find("ln")) {
      const Arguments args = ln.args();
      if (args.has_option("-s", "--symbolic") && !args.operands().empty() && args.operands().back()->is("/bin/sh")) {
        return true;
      }
    }
    return false;
  };
  CHECK(relinks_sh(parse("ln -sf /bin/bash /bin/sh")));
  CHECK(relinks_sh(parse("ln --symbolic --force bash /bin/sh")));
  CHECK_FALSE(relinks_sh(parse("ln -s /usr/bin/python3 /usr/bin/python")));
}

TEST_CASE("shell queries: package pins for pip, npm, gem and go install") {
  const Script script = parse(
      "pip install flask==3.0.0 requests -r req.txt && npm install -g express@4.18.2 lodash && "
      "gem install rails -v 7.1.0 && gem install bundler:2.5.3 rake && "
      "go install golang.org/x/tools/gopls@v0.15.0 github.com/x/y@latest");
  std::vector<std::string> unpinned;
  for (const Command& c : script.commands()) {
    const CommandView v = c.unwrapped();
    if (v.is_any({"pip", "pip3"})) {
      for (const Word* w : v.args(kPip).operands_after_subcommand()) {
        if (w->value->find("==") == std::string::npos) unpinned.push_back(*w->value);
      }
    } else if (v.is("npm")) {
      for (const Word* w : v.args().operands_after_subcommand()) {
        if (w->value->find('@', 1) == std::string::npos) unpinned.push_back(*w->value);
      }
    } else if (v.is("gem")) {
      const Arguments args = v.args(kGem);
      if (args.has_option("-v", "--version")) continue;
      for (const Word* w : args.operands_after_subcommand()) {
        if (w->value->find(':') == std::string::npos) unpinned.push_back(*w->value);
      }
    } else if (v.is("go")) {
      for (const Word* w : v.args(kGo).operands_after_subcommand()) {
        if (w->value->find('@') == std::string::npos || w->value->ends_with("@latest")) {
          unpinned.push_back(*w->value);
        }
      }
    }
  }
  CHECK(unpinned == std::vector<std::string>{"requests", "lodash", "rake", "github.com/x/y@latest"});
}

TEST_CASE("shell queries: chmod 777") {
  const Script script = parse("chmod 755 /app && chmod -R 777 /data && find / -exec chmod 0777 {} +");
  std::vector<std::uint32_t> columns;
  for (const CommandView& chmod : script.find("chmod")) {
    for (const Word* mode : chmod.args().operands()) {
      if (mode->is("777") || mode->is("0777")) columns.push_back(mode->range.begin.column);
    }
  }
  CHECK(columns == std::vector<std::uint32_t>{28});  // `find -exec chmod` is an argument of find, not a command
}
