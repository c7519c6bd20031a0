// Layering: defaults < config file < matching overrides (in order) < command line, through lint::resolve with the
// registry (only SS001 is registered so far), and option values over their declared defaults.

#include <doctest/doctest.h>

#include "lint/config.h"
#include "lint/config_file.h"
#include "tests/lint/config_test_rules.h"

namespace {

using shipshape::lint::ConfigFile;
using shipshape::lint::EffectiveConfig;
using shipshape::lint::RuleSettings;
using shipshape::rules::OptionValue;
using shipshape::rules::Severity;
using Strings = std::vector<std::string>;

ConfigFile config_from(std::string text) {
  auto loaded = shipshape::lint::parse_config("/repo/.shipshape.yaml", std::move(text));
  INFO(doctest::toString(shipshape::testing::error_lines(loaded)));
  REQUIRE(loaded.errors.empty());
  return std::move(loaded.config);
}

// SS001 in the resolved settings: "off", or its severity.
std::string ss001(const EffectiveConfig& effective) {
  const auto* rule = shipshape::rules::find_rule("SS001");
  REQUIRE(rule != nullptr);
  const std::size_t index = effective.index_of(*rule->info);
  if (!effective.enabled[index]) return "off";
  return std::string(shipshape::rules::to_string(effective.severity[index]));
}

RuleSettings command_line(std::optional<Strings> select, Strings extend_select, Strings ignore) {
  RuleSettings out;
  out.select = std::move(select);
  out.extend_select = std::move(extend_select);
  out.ignore = std::move(ignore);
  return out;
}

}  // namespace

TEST_CASE("config layering: defaults apply without a config file") {
  const ConfigFile defaults;
  const EffectiveConfig effective = shipshape::lint::resolve(defaults, "Dockerfile", {});
  CHECK(ss001(effective) == "warning");
  CHECK(effective.file == &defaults);
  CHECK(effective.pointer_ignores.empty());
  CHECK(effective.enabled.size() == shipshape::rules::all_rules().size());
}

TEST_CASE("config layering: config < override < command line") {
  const ConfigFile config = config_from(R"(rules: {SS001: {severity: note}}
overrides:
  - files: ["legacy/**"]
    rules: {SS001: {severity: error}}
  - files: ["off/*.json"]
    ignore: [SS001]
  - files: ["legacy/old/**"]
    rules: {SS001: {enabled: false}}
  - files: [Dockerfile.ci]
    select: []
)");
  CHECK(ss001(shipshape::lint::resolve(config, "app/task.json", {})) == "note");
  CHECK(ss001(shipshape::lint::resolve(config, "legacy/task.json", {})) == "error");
  CHECK(ss001(shipshape::lint::resolve(config, "legacy/deep/er/task.json", {})) == "error");
  CHECK(ss001(shipshape::lint::resolve(config, "off/task.json", {})) == "off");
  CHECK(ss001(shipshape::lint::resolve(config, "off/sub/task.json", {})) == "note");  // `*` stays in its directory
  // Later overrides win over earlier ones.
  CHECK(ss001(shipshape::lint::resolve(config, "legacy/old/task.json", {})) == "off");
  // A glob without '/' matches the file name in any directory.
  CHECK(ss001(shipshape::lint::resolve(config, "ci/Dockerfile.ci", {})) == "off");
  // The command line wins over everything in the file.
  CHECK(ss001(shipshape::lint::resolve(config, "off/task.json", command_line({}, {"SS001"}, {}))) == "note");
  CHECK(ss001(shipshape::lint::resolve(config, "legacy/task.json", command_line({}, {}, {"SS"}))) == "off");
  CHECK(ss001(shipshape::lint::resolve(config, "legacy/old/task.json", command_line(Strings{"ALL"}, {}, {}))) ==
        "error");
  CHECK(ss001(shipshape::lint::resolve(config, "app/task.json", command_line(Strings{}, {}, {}))) == "off");
}

TEST_CASE("config layering: select replaces, extend-select adds, ignore removes, rules.enabled decides last") {
  CHECK(ss001(shipshape::lint::resolve(config_from("select: []\n"), "t.json", {})) == "off");
  CHECK(ss001(shipshape::lint::resolve(config_from("select: []\nextend-select: [SS]\n"), "t.json", {})) ==
        "warning");
  CHECK(ss001(shipshape::lint::resolve(config_from("extend-select: [SS001]\nignore: [unused_suppression]\n"),
                                       "t.json", {})) == "off");
  CHECK(ss001(shipshape::lint::resolve(config_from("ignore: [ALL]\nrules: {SS001: {enabled: true}}\n"), "t.json",
                                       {})) == "warning");
  CHECK(ss001(shipshape::lint::resolve(
            config_from("select: []\noverrides: [{files: 'a/**', select: [SS001]}]\n"), "a/t.json", {})) ==
        "warning");
}

TEST_CASE("config layering: configured option values overlay the declared defaults") {
  const auto loaded =
      shipshape::testing::parse_test_config("rules: {DF106: {options: {max-registries: 2, trusted-registries: []}}}");
  REQUIRE(loaded.errors.empty());
  const shipshape::rules::RuleInfo* info = nullptr;
  for (const auto& rule : shipshape::testing::config_test_rules()) {
    if (rule.info->id == "DF106") info = rule.info;
  }
  REQUIRE(info != nullptr);
  const auto options = shipshape::lint::resolve_options(*info, loaded.config.settings.rules.at("DF106").options);
  CHECK(options.integer("max-registries") == 2);
  CHECK(options.string_list("trusted-registries").empty());
  CHECK(options.boolean("allow-digests"));                   // default true
  CHECK(options.string("default-registry") == "docker.io");  // default
  CHECK(options.values().size() == 4);
}
