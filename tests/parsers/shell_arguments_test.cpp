// Options and operands, and looking through wrapper programs.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "parsers/shell/script.h"

using shipshape::SourceFile;
using namespace shipshape::shell;

namespace {

// Keeps the script alive for the views taken from it.
struct Parsed {
  Script script;
  const Command& first() const {
    REQUIRE_FALSE(script.empty());
    return script.commands().front();
  }
};

Parsed parse(const std::string& text) {
  const SourceFile source("Dockerfile", text);
  return Parsed{Script::parse(source, {Piece{0, source.size()}})};
}

std::vector<std::string> operand_values(const Arguments& args) {
  std::vector<std::string> out;
  for (const Word* word : args.operands()) out.push_back(word->value.value_or("<dynamic>"));
  return out;
}

std::vector<std::string> after_subcommand(const Arguments& args) {
  std::vector<std::string> out;
  for (const Word* word : args.operands_after_subcommand()) out.push_back(word->value.value_or("<dynamic>"));
  return out;
}

std::string short_names(const Arguments& args) {
  std::string out;
  for (const Option& option : args.options()) {
    if (option.short_name != 0) out += option.short_name;
  }
  return out;
}

const OptionSyntax kAptGet{.with_value = {"-o", "--option", "-c", "--config-file", "-t", "--target-release"}};

}  // namespace

TEST_CASE("shell arguments: options and operands, GNU style") {
  const Parsed p =
      parse("apt-get -qy -o Dpkg::Options::=--force-confold install --no-install-recommends curl=7.1 git -y");
  const Arguments args = p.first().unwrapped().args(kAptGet);
  CHECK(operand_values(args) == std::vector<std::string>{"install", "curl=7.1", "git"});
  CHECK(args.subcommand_is("install"));
  CHECK(after_subcommand(args) == std::vector<std::string>{"curl=7.1", "git"});
  CHECK(short_names(args) == "qyoy");
  CHECK(args.has_option("-y", "--yes", "--assume-yes"));
  CHECK(args.has_option("-q"));
  CHECK(args.has_option("--no-install-recommends"));
  CHECK_FALSE(args.has_option("--force-confold"));  // the value of -o, not an option
  const Option* o = args.find_option("-o", "--option");
  REQUIRE(o != nullptr);
  CHECK(o->value == "Dpkg::Options::=--force-confold");
  REQUIRE(o->value_word != nullptr);
  CHECK(o->value_word->text == "Dpkg::Options::=--force-confold");
  CHECK(o->word->text == "-o");
  CHECK_FALSE(args.has_dynamic());
  CHECK_FALSE(args.has_end_of_options());
}

TEST_CASE("shell arguments: values attached to short and long options") {
  const Parsed p = parse("apt-get -oAPT::Install-Suggests=0 --option=a=b --target-release bookworm -ty install x");
  const Arguments args = p.first().unwrapped().args(kAptGet);
  CHECK(args.option_values({"-o", "--option"}) == std::vector<std::string_view>{"APT::Install-Suggests=0", "a=b"});
  CHECK(args.option_values({"-t", "--target-release"}) == std::vector<std::string_view>{"bookworm", "y"});
  CHECK_FALSE(args.has_option("-y"));  // -ty: y is the value of -t
  CHECK(operand_values(args) == std::vector<std::string>{"install", "x"});
  // Without the syntax, the same words read differently: that is why callers say which options take values.
  const Arguments naive = p.first().unwrapped().args();
  CHECK(naive.has_option("-y"));
  CHECK(naive.subcommand_is("bookworm"));
}

TEST_CASE("shell arguments: `--` ends the options and `-` is an operand") {
  const Parsed p = parse("rm -rf -- -weird - --also-operand");
  const Arguments args = p.first().unwrapped().args();
  CHECK(args.has_end_of_options());
  CHECK(short_names(args) == "rf");
  CHECK(operand_values(args) == std::vector<std::string>{"-weird", "-", "--also-operand"});
  CHECK(args.has_operand("-"));
  CHECK_FALSE(args.has_operand("-rf"));
}

TEST_CASE("shell arguments: POSIX style stops at the first operand") {
  const Parsed p = parse("xcmd -a file -b");
  const Arguments gnu = p.first().unwrapped().args();
  CHECK(short_names(gnu) == "ab");
  const Arguments posix = p.first().unwrapped().args({.stop_at_first_operand = true});
  CHECK(short_names(posix) == "a");
  CHECK(operand_values(posix) == std::vector<std::string>{"file", "-b"});
}

TEST_CASE("shell arguments: single-dash long options (Go, find, java)") {
  const Parsed p = parse("go install -v -ldflags '-s -w' -mod=mod --trimpath example.com/cmd@v1.2.3");
  const Arguments args = p.first().unwrapped().args({.with_value = {"-ldflags"}, .single_dash_long = true});
  CHECK(args.has_option("-v"));
  CHECK(args.has_option("-ldflags"));
  CHECK(args.has_option("--trimpath"));
  CHECK(args.has_option("-trimpath"));
  CHECK_FALSE(args.has_option("-s"));
  CHECK(args.find_option("-ldflags")->value == "-s -w");
  CHECK(args.find_option("-mod")->value == "mod");
  CHECK(operand_values(args) == std::vector<std::string>{"install", "example.com/cmd@v1.2.3"});
}

TEST_CASE("shell arguments: dynamic words") {
  const Parsed p = parse("make -j$(nproc) --prefix=$DIR $TARGETS install");
  const Arguments args = p.first().unwrapped().args();
  // `-j$(nproc)` and `--prefix=$DIR` still read as options (with unknown values).
  CHECK(args.has_option("-j"));
  const Option* prefix = args.find_option("--prefix");
  REQUIRE(prefix != nullptr);
  CHECK(prefix->has_value);
  CHECK_FALSE(prefix->value.has_value());
  // `$TARGETS` may hide anything.
  CHECK(args.has_dynamic());
  CHECK(operand_values(args) == std::vector<std::string>{"<dynamic>", "install"});
}

TEST_CASE("shell arguments: option spellings") {
  const Parsed p = parse("tool -x --long=1 --flag");
  const Arguments args = p.first().unwrapped().args();
  REQUIRE(args.options().size() == 3);
  CHECK(args.options()[0].is("-x"));
  CHECK_FALSE(args.options()[0].is("--x"));
  CHECK(args.options()[1].is("--long"));
  CHECK(args.options()[1].value == "1");
  CHECK_FALSE(args.options()[1].is("-l"));
  CHECK(args.options()[2].is("--flag"));
  CHECK_FALSE(args.options()[2].has_value);
  CHECK_FALSE(args.options()[2].is("flag"));
  CHECK_FALSE(args.has_option("--fla"));  // no abbreviations
  CHECK(args.find_option("--missing") == nullptr);
  CHECK(args.subcommand() == nullptr);
  CHECK(args.operands_after_subcommand().empty());
}

// ---- wrappers ----

TEST_CASE("shell wrappers: sudo with its options, VAR=x and --") {
  const Parsed p = parse("sudo -u builder -E -H --preserve-env=PATH DEBUG=1 -- /usr/bin/apt-get install -y curl");
  const Command& command = p.first();
  CHECK(command.name_is("sudo"));
  CHECK_FALSE(command.name_is("apt-get"));
  CHECK(command.runs("apt-get"));
  const CommandView view = command.unwrapped();
  CHECK(view.is("apt-get"));
  CHECK(view.program() == "apt-get");
  CHECK(view.name().text == "/usr/bin/apt-get");
  CHECK(view.sudo());
  CHECK(view.wrapped());
  CHECK(view.through(Wrapper::sudo));
  CHECK_FALSE(view.through(Wrapper::env));
  REQUIRE(view.arguments().size() == 3);
  CHECK(view.arguments()[0].is("install"));
  CHECK(&view.command() == &command);
  CHECK(view.is_any({"yum", "apt-get"}));
  CHECK_FALSE(view.is_any({"yum", "dnf"}));
}

TEST_CASE("shell wrappers: every supported wrapper is looked through") {
  const std::vector<std::pair<std::string, Wrapper>> cases = {
      {"sudo -n -g wheel target a", Wrapper::sudo},
      {"doas -u root target a", Wrapper::doas},
      {"env -i -u HOME --chdir /tmp A=1 B=2 target a", Wrapper::env},
      {"env - PATH=/bin target a", Wrapper::env},
      {"nice -n 10 target a", Wrapper::nice},
      {"nice -10 target a", Wrapper::nice},
      {"nice --adjustment=5 target a", Wrapper::nice},
      {"nohup target a", Wrapper::nohup},
      {"time -p target a", Wrapper::time},
      {"time -f %e -o out target a", Wrapper::time},
      {"command -p target a", Wrapper::command},
      {"exec -a name target a", Wrapper::exec},
      {"xargs -0 -n1 -I{} -P 4 target a", Wrapper::xargs},
      {"xargs --max-args 1 --null target a", Wrapper::xargs},
      {"eatmydata target a", Wrapper::eatmydata},
      {"chroot --userspec=1:1 /mnt target a", Wrapper::chroot},
      {"timeout -s KILL -k 5 30s target a", Wrapper::timeout},
      {"stdbuf -oL -e 0 target a", Wrapper::stdbuf},
      {"ionice -c2 -n 7 target a", Wrapper::ionice},
      {"setsid -f target a", Wrapper::setsid},
      {"gosu www-data target a", Wrapper::gosu},
      {"su-exec nobody:nobody target a", Wrapper::su_exec},
      {"fakeroot -- target a", Wrapper::fakeroot},
      {"tini -s -- target a", Wrapper::tini},
      {"dumb-init --rewrite 15:2 target a", Wrapper::dumb_init},
  };
  for (const auto& test_case : cases) {
    const std::string& line = test_case.first;
    const Wrapper wrapper = test_case.second;
    CAPTURE(line);
    const Parsed p = parse(line);
    const CommandView view = p.first().unwrapped();
    CHECK(view.is("target"));
    CHECK(view.through(wrapper));
    REQUIRE(view.arguments().size() == 1);
    CHECK(view.arguments()[0].is("a"));
    CHECK(view.sudo() == (wrapper == Wrapper::sudo || wrapper == Wrapper::doas));
    CHECK(to_string(wrapper) == p.first().name.text);
  }
}

TEST_CASE("shell wrappers: nested wrappers") {
  const Parsed p = parse("sudo -E env DEBIAN_FRONTEND=noninteractive nice -n 5 xargs -r apt-get install -y");
  const CommandView view = p.first().unwrapped();
  CHECK(view.is("apt-get"));
  CHECK(view.sudo());
  CHECK(view.through(Wrapper::env));
  CHECK(view.through(Wrapper::nice));
  CHECK(view.through(Wrapper::xargs));
  CHECK(view.args().subcommand_is("install"));
  CHECK(view.args().has_option("-y"));
}

TEST_CASE("shell wrappers: no command runs, so the wrapper is the program") {
  for (const std::string line : {"command -v apt-get", "command -V curl", "sudo -l apt-get", "sudo -e /etc/hosts",
                                 "sudo -v", "env", "env -S 'apt-get install x'", "env A=1", "sudo -u root",
                                 "xargs", "nice", "ionice -p 1 apt-get", "doas -C /etc/doas.conf apt-get",
                                 "chroot /mnt", "timeout 10", "gosu user", "sudo --list apt-get",
                                 "nohup --help apt-get"}) {
    CAPTURE(line);
    const Parsed p = parse(line);
    const CommandView view = p.first().unwrapped();
    CHECK(view.program() == basename_of(p.first().name.text));
    CHECK_FALSE(view.wrapped());
    CHECK_FALSE(view.is("apt-get"));
    CHECK(p.first().wrappers == 0);
  }
}

TEST_CASE("shell wrappers: a dynamic program and a wrapper found after sudo's refusal") {
  const Parsed dynamic = parse("sudo $PKG_MANAGER install -y x");
  const CommandView view = dynamic.first().unwrapped();
  CHECK(view.wrapped());
  CHECK(view.sudo());
  CHECK(view.program().empty());
  CHECK_FALSE(view.is("apt-get"));
  CHECK(view.name().text == "$PKG_MANAGER");
  // A dynamic leading operand (gosu's user) is still skipped.
  const Parsed gosu = parse("gosu \"$APP_USER\" bundle install");
  CHECK(gosu.first().unwrapped().is("bundle"));
  // sudo reaches `command`, which does not run anything with -v.
  const Parsed nested = parse("sudo command -v apt-get");
  CHECK(nested.first().unwrapped().is("command"));
  CHECK(nested.first().unwrapped().sudo());
}

TEST_CASE("shell wrappers: names are matched by basename and plain commands are not wrapped") {
  const Parsed p = parse("/usr/local/bin/pip3 install --no-cache-dir flask==3.0");
  const CommandView view = p.first().unwrapped();
  CHECK(view.is("pip3"));
  CHECK_FALSE(view.wrapped());
  CHECK_FALSE(view.sudo());
  CHECK(p.first().name_is("pip3"));
  CHECK(view.args().has_option("--no-cache-dir"));
  CHECK(after_subcommand(view.args()) == std::vector<std::string>{"flask==3.0"});
}
