// parse_config: every key of .shipshape.yaml, every kind of error with its exact position and message, option
// type conversion, and YAML features (anchors, merge keys, tags, encodings).

#include "lint/config_file.h"

#include <doctest/doctest.h>

#include "tests/lint/config_test_rules.h"

namespace {

using shipshape::lint::ConfigLoadResult;
using shipshape::rules::OptionValue;
using shipshape::rules::Severity;
using shipshape::testing::error_lines;
using shipshape::testing::parse_test_config;
using shipshape::testing::text_of;
using Strings = std::vector<std::string>;

// Parses and requires no error.
ConfigLoadResult parse_ok(std::string text) {
  ConfigLoadResult result = parse_test_config(std::move(text));
  INFO("errors: " << doctest::toString(error_lines(result)));
  REQUIRE(result.errors.empty());
  return result;
}

// The errors of a configuration that must not parse cleanly.
Strings errors_of(std::string text) { return error_lines(parse_test_config(std::move(text))); }

}  // namespace

TEST_CASE("config file: the documented example sets every key") {
  const ConfigLoadResult result = parse_ok(R"(select: [DL, ECS]
extend-select: [DF106]
ignore:
  - DL3007
  - {rule: ECS101, path: "deploy/*.json", pointer: "/containerDefinitions/*/user", reason: "sidecar runs as root by design"}
fail-level: warning
exclude: ["vendor/**", "testdata/"]
inline-suppressions: false
build-args: {BASE: "debian:12", VERSION: 1.2}
target: runtime
rules:
  DL3007: {severity: error}
  DF106:
    enabled: true
    options: {trusted-registries: ["ghcr.io/acme"]}
overrides:
  - files: ["legacy/**"]
    ignore: [DL3007]
    rules: {DL3007: {severity: note}}
)");
  const auto& config = result.config;
  CHECK(config.path == "/repo/.shipshape.yaml");
  CHECK(config.root == "/repo");
  REQUIRE(config.settings.select.has_value());
  CHECK(*config.settings.select == Strings{"DL", "ECS"});
  CHECK(config.settings.extend_select == Strings{"DF106"});
  CHECK(config.settings.ignore == Strings{"DL3007"});
  REQUIRE(config.ignores.size() == 1);
  const auto& ignore = config.ignores[0];
  CHECK(ignore.rules == Strings{"ECS101"});
  CHECK(ignore.paths == Strings{"deploy/*.json"});
  CHECK(ignore.pointer == "/containerDefinitions/*/user");
  CHECK(ignore.reason == "sidecar runs as root by design");
  CHECK(ignore.location.begin.line == 5);
  CHECK(ignore.location.begin.column == 5);
  CHECK(ignore.location.end.line == 5);
  CHECK(text_of(*result.source, ignore.location).substr(0, 13) == "{rule: ECS101");
  CHECK(text_of(*result.source, ignore.location).back() == '}');
  CHECK_FALSE(ignore.applied.get());
  CHECK_FALSE(ignore.used.get());
  CHECK(config.fail_level == Severity::warning);
  CHECK_FALSE(config.fail_level_none);
  CHECK(config.exclude == Strings{"vendor/**", "testdata/"});
  CHECK_FALSE(config.inline_suppressions);
  CHECK(config.build_args ==
        std::vector<std::pair<std::string, std::string>>{{"BASE", "debian:12"}, {"VERSION", "1.2"}});
  CHECK(config.target == "runtime");
  REQUIRE(config.settings.rules.size() == 2);
  CHECK(config.settings.rules.at("DL3007").severity == Severity::error);
  CHECK_FALSE(config.settings.rules.at("DL3007").enabled.has_value());
  CHECK(config.settings.rules.at("DF106").enabled == true);
  CHECK(config.settings.rules.at("DF106").options.at("trusted-registries") ==
        OptionValue{Strings{"ghcr.io/acme"}});
  REQUIRE(config.overrides.size() == 1);
  CHECK(config.overrides[0].files == Strings{"legacy/**"});
  CHECK(config.overrides[0].settings.ignore == Strings{"DL3007"});
  CHECK_FALSE(config.overrides[0].settings.select.has_value());
  CHECK(config.overrides[0].settings.rules.at("DL3007").severity == Severity::note);
}

TEST_CASE("config file: an empty file, comments only, a bare document marker or null mean all defaults") {
  for (const char* text : {"", "# nothing here\n\n# at all\n", "---\n", "~\n", "--- # just a marker\n...\n"}) {
    CAPTURE(text);
    const ConfigLoadResult result = parse_ok(text);
    const auto& config = result.config;
    CHECK_FALSE(config.settings.select.has_value());
    CHECK(config.settings.extend_select.empty());
    CHECK(config.settings.ignore.empty());
    CHECK(config.settings.rules.empty());
    CHECK(config.ignores.empty());
    CHECK(config.overrides.empty());
    CHECK_FALSE(config.fail_level.has_value());
    CHECK_FALSE(config.fail_level_none);
    CHECK(config.exclude.empty());
    CHECK(config.inline_suppressions);
    CHECK(config.build_args.empty());
    CHECK(config.target.empty());
    REQUIRE(result.source != nullptr);
    CHECK(result.source->text() == text);
  }
}

TEST_CASE("config file: select, extend-select and ignore take ids, prefixes, names and ALL") {
  const auto result = parse_ok("select: [ALL, dl30, untrusted_registry, ECS]\nextend-select: [all]\n"
                               "ignore: [ss, ECS102]\n");
  CHECK(*result.config.settings.select == Strings{"ALL", "dl30", "untrusted_registry", "ECS"});
  CHECK(result.config.settings.extend_select == Strings{"all"});
  CHECK(result.config.settings.ignore == Strings{"ss", "ECS102"});
  // An empty selection is a selection: nothing.
  const auto empty = parse_ok("select: []\n");
  REQUIRE(empty.config.settings.select.has_value());
  CHECK(empty.config.settings.select->empty());
}

TEST_CASE("config file: fail-level accepts error, warning, note, hadolint's info and style, and none") {
  CHECK(parse_ok("fail-level: error").config.fail_level == Severity::error);
  CHECK(parse_ok("fail-level: warning").config.fail_level == Severity::warning);
  CHECK(parse_ok("fail-level: note").config.fail_level == Severity::note);
  CHECK(parse_ok("fail-level: info").config.fail_level == Severity::note);
  CHECK(parse_ok("fail-level: style").config.fail_level == Severity::note);
  const auto none = parse_ok("fail-level: none");
  CHECK_FALSE(none.config.fail_level.has_value());
  CHECK(none.config.fail_level_none);
  CHECK(parse_ok("fail-level: NONE").config.fail_level_none);
  CHECK(errors_of("fail-level: fatal\n") ==
        Strings{"1:13: `fail-level`: invalid level `fatal`; expected error, warning, note or none"});
}

TEST_CASE("config file: inline-suppressions, target and build-args") {
  CHECK(parse_ok("inline-suppressions: true").config.inline_suppressions);
  CHECK_FALSE(parse_ok("inline-suppressions: False").config.inline_suppressions);
  CHECK(parse_ok("target: 2").config.target == "2");  // any scalar is text where text is expected
  const auto args = parse_ok("build-args:\n  BASE: debian:12\n  EMPTY: ''\n  N: 3\n  FLAG: true\n");
  CHECK(args.config.build_args == std::vector<std::pair<std::string, std::string>>{
                                      {"BASE", "debian:12"}, {"EMPTY", ""}, {"N", "3"}, {"FLAG", "true"}});
}

TEST_CASE("config file: rules take severity, enabled and options, by id or by name") {
  const auto result = parse_ok(R"(rules:
  latest_tag: {severity: note, enabled: false}
  dl3007: {severity: info}
  ECS101: {severity: warning}
  DF106: {options: {max-registries: 3}}
)");
  const auto& rules = result.config.settings.rules;
  REQUIRE(rules.size() == 3);
  // Both spellings of DL3007 land on its id; the later one wins.
  CHECK(rules.at("DL3007").severity == Severity::note);
  CHECK(rules.at("DL3007").enabled == false);
  CHECK(rules.at("ECS101").severity == Severity::warning);
  CHECK(rules.at("DF106").options.at("max-registries") == OptionValue{std::int64_t{3}});
}

TEST_CASE("config file: option values are converted to the declared option type") {
  const auto result = parse_ok(R"(rules:
  DF106:
    options:
      trusted-registries: [ghcr.io/acme, 123, "quay.io"]
      allow-digests: FALSE
      max-registries: -12
      default-registry: registry.example.com:5000
)");
  const auto& options = result.config.settings.rules.at("DF106").options;
  REQUIRE(options.size() == 4);
  CHECK(options.at("trusted-registries") == OptionValue{Strings{"ghcr.io/acme", "123", "quay.io"}});
  CHECK(options.at("allow-digests") == OptionValue{false});
  CHECK(options.at("max-registries") == OptionValue{std::int64_t{-12}});
  CHECK(options.at("default-registry") == OptionValue{std::string("registry.example.com:5000")});
  CHECK(parse_ok("rules: {DF106: {options: {max-registries: +7}}}")
            .config.settings.rules.at("DF106")
            .options.at("max-registries") == OptionValue{std::int64_t{7}});
  CHECK(parse_ok("rules: {DF106: {options: {default-registry: 42}}}")
            .config.settings.rules.at("DF106")
            .options.at("default-registry") == OptionValue{std::string("42")});
  CHECK(parse_ok("rules: {DF106: {options: {trusted-registries: []}}}")
            .config.settings.rules.at("DF106")
            .options.at("trusted-registries") == OptionValue{Strings{}});
}

TEST_CASE("config file: option values of the wrong type are errors naming the expected type") {
  CHECK(errors_of(R"(rules:
  DF106:
    options:
      trusted-registries: ghcr.io/acme
      allow-digests: "true"
      max-registries: 1.5
      default-registry: [a]
)") == Strings{
             "4:27: `rules.DF106.options.trusted-registries`: expected a list of strings, found the string "
             "`ghcr.io/acme`",
             "5:22: `rules.DF106.options.allow-digests`: expected a boolean (true or false), found the string `true`",
             "6:23: `rules.DF106.options.max-registries`: expected an integer, found the string `1.5`",
             "7:25: `rules.DF106.options.default-registry`: expected a string, found a list",
         });
  CHECK(errors_of("rules: {DF106: {options: {trusted-registries: [a, {b: c}, ~]}}}") ==
        Strings{"1:51: `rules.DF106.options.trusted-registries[1]`: expected a string, found a mapping",
                "1:59: `rules.DF106.options.trusted-registries[2]`: expected a string, found nothing (null)"});
  CHECK(errors_of("rules: {DF106: {options: {max-registries: 99999999999999999999}}}") ==
        Strings{"1:43: `rules.DF106.options.max-registries`: the integer `99999999999999999999` is out of range"});
  CHECK(errors_of("rules: {DF106: {options: {allow-digests: yes}}}") ==
        Strings{"1:42: `rules.DF106.options.allow-digests`: expected a boolean (true or false), found the string "
                "`yes`"});
}

TEST_CASE("config file: unknown options are errors with a suggestion or the list of options") {
  CHECK(errors_of("rules:\n  DF106:\n    options: {trusted-registry: [a]}\n") ==
        Strings{"3:15: `rules.DF106.options`: unknown option `trusted-registry` for DF106 (did you mean "
                "`trusted-registries`?)"});
  CHECK(errors_of("rules:\n  DF106:\n    options:\n      trusted_registries: [a]\n") ==
        Strings{"4:7: `rules.DF106.options`: unknown option `trusted_registries` for DF106 (did you mean "
                "`trusted-registries`?)"});
  CHECK(errors_of("rules: {DF106: {options: {colour: red}}}") ==
        Strings{"1:27: `rules.DF106.options`: unknown option `colour` for DF106; the options of DF106 are: "
                "trusted-registries, allow-digests, max-registries, default-registry"});
  CHECK(errors_of("rules: {DL3007: {options: {strict: true}}}") ==
        Strings{"1:28: `rules.DL3007.options`: unknown option `strict` for DL3007; DL3007 has no options"});
  CHECK(errors_of("rules: {DL3007: {options: [strict]}}") ==
        Strings{"1:27: `rules.DL3007.options`: expected a mapping of option names to values, found a list"});
}

TEST_CASE("config file: unknown keys are errors with a did-you-mean or the list of keys") {
  CHECK(errors_of("selct: [DL3007]\n") == Strings{"1:1: unknown key `selct` (did you mean `select`?)"});
  CHECK(errors_of("select: [DL3007]\nextend_select: [DF106]\n") ==
        Strings{"2:1: unknown key `extend_select` (did you mean `extend-select`?)"});
  CHECK(errors_of("failLevel: error\n") == Strings{"1:1: unknown key `failLevel` (did you mean `fail-level`?)"});
  CHECK(errors_of("ignored: [DL3007]\n") == Strings{"1:1: unknown key `ignored` (did you mean `ignore`?)"});
  CHECK(errors_of("colour: red\n") ==
        Strings{"1:1: unknown key `colour`; the keys are: select, extend-select, ignore, fail-level, exclude, "
                "inline-suppressions, build-args, target, rules, overrides"});
  CHECK(errors_of("rules:\n  DL3007:\n    severty: error\n") ==
        Strings{"3:5: unknown key `severty` in `rules.DL3007` (did you mean `severity`?)"});
  CHECK(errors_of("ignore:\n  - pointer: /a\n    rules: [ECS101]\n") ==
        Strings{"3:5: unknown key `rules` in `ignore[0]` (did you mean `rule`?)"});
  CHECK(errors_of("overrides:\n  - files: [a]\n    exclude: [b]\n") ==
        Strings{"3:5: unknown key `exclude` in `overrides[0]`; the keys are: files, select, extend-select, ignore, "
                "rules"});
}

TEST_CASE("config file: x- keys are extensions, a home for anchors") {
  const auto result = parse_ok("x-common: &common {severity: note}\nrules:\n  DL3007: *common\n  ECS101: *common\n");
  CHECK(result.config.settings.rules.at("DL3007").severity == Severity::note);
  CHECK(result.config.settings.rules.at("ECS101").severity == Severity::note);
}

TEST_CASE("config file: unknown rule ids and selectors are errors with a did-you-mean") {
  CHECK(errors_of("select: [DL307]\n") ==
        Strings{"1:10: `select`: no rule has the id, id prefix or name `DL307` (did you mean `DL3007`?)"});
  CHECK(errors_of("extend-select:\n  - latest_tags\n") ==
        Strings{"2:5: `extend-select`: no rule has the id, id prefix or name `latest_tags` (did you mean "
                "`latest_tag`?)"});
  CHECK(errors_of("ignore: [QQ]\n") ==
        Strings{"1:10: `ignore`: no rule has the id, id prefix or name `QQ`; see `shipshape --list-rules`"});
  CHECK(errors_of("ignore: ['']\n") ==
        Strings{"1:10: `ignore`: no rule has the id, id prefix or name ``; see `shipshape --list-rules`"});
  CHECK(errors_of("rules:\n  ECS1011: {severity: note}\n") ==
        Strings{"2:3: `rules`: no rule has the id or name `ECS1011` (did you mean `ECS101`?)"});
  // Two edits away is too far to guess.
  CHECK(errors_of("rules:\n  ECS110: {severity: note}\n") ==
        Strings{"2:3: `rules`: no rule has the id or name `ECS110`; see `shipshape --list-rules`"});
  CHECK(errors_of("rules: {ECS: {severity: note}}\n") ==
        Strings{"1:9: `rules`: `ECS` is not a rule id or name: settings apply to one rule at a time (use `select` "
                "or `ignore` for groups of rules)"});
  CHECK(errors_of("ignore:\n  - {rule: [ECS101, ECS1O2], pointer: /a}\n") ==
        Strings{"2:21: `ignore[0].rule`: no rule has the id, id prefix or name `ECS1O2` (did you mean `ECS102`?)"});
  CHECK(errors_of("overrides:\n  - files: a\n    select: [DL30077]\n") ==
        Strings{"3:14: `overrides[0].select`: no rule has the id, id prefix or name `DL30077` (did you mean "
                "`DL3007`?)"});
}

TEST_CASE("config file: values of the wrong type are errors saying what was expected") {
  CHECK(errors_of("select: DL3007\n") ==
        Strings{"1:9: `select`: expected a list of rule selectors, found the string `DL3007`"});
  CHECK(errors_of("extend-select: {DF106: true}\n") ==
        Strings{"1:16: `extend-select`: expected a list of rule selectors, found a mapping"});
  CHECK(errors_of("ignore: DL3007\n") ==
        Strings{"1:9: `ignore`: expected a list of rule selectors and pointer ignores, found the string `DL3007`"});
  CHECK(errors_of("select: [[DL3007]]\n") == Strings{"1:10: `select[0]`: expected a string, found a list"});
  CHECK(errors_of("fail-level: [error]\n") == Strings{"1:13: `fail-level`: expected a string, found a list"});
  CHECK(errors_of("exclude: vendor\n") == Strings{"1:10: `exclude`: expected a list of globs, found the string `vendor`"});
  CHECK(errors_of("inline-suppressions: no\n") ==
        Strings{"1:22: `inline-suppressions`: expected a boolean (true or false), found the string `no`"});
  CHECK(errors_of("inline-suppressions: 1\n") ==
        Strings{"1:22: `inline-suppressions`: expected a boolean (true or false), found the integer `1`"});
  CHECK(errors_of("build-args: [A=1]\n") ==
        Strings{"1:13: `build-args`: expected a mapping of build argument names to values, found a list"});
  CHECK(errors_of("build-args: {A: [1]}\n") == Strings{"1:17: `build-args.A`: expected a string, found a list"});
  CHECK(errors_of("build-args:\n  A:\n") == Strings{"2:5: `build-args.A`: expected a string, found nothing (null)"});
  CHECK(errors_of("target:\n") == Strings{"1:8: `target`: expected a string, found nothing (null)"});
  CHECK(errors_of("rules: [DL3007]\n") == Strings{"1:8: `rules`: expected a mapping of rule ids to settings, found a list"});
  CHECK(errors_of("rules: {DL3007: error}\n") ==
        Strings{"1:17: `rules.DL3007`: expected a mapping (severity, enabled, options), found the string `error`"});
  CHECK(errors_of("rules: {DL3007: {enabled: on}}\n") ==
        Strings{"1:27: `rules.DL3007.enabled`: expected a boolean (true or false), found the string `on`"});
  CHECK(errors_of("overrides: {files: [a]}\n") ==
        Strings{"1:12: `overrides`: expected a list of overrides (each with `files`), found a mapping"});
  CHECK(errors_of("overrides: [legacy]\n") ==
        Strings{"1:13: `overrides[0]`: expected a mapping with `files` and the settings for them, found the string "
                "`legacy`"});
  CHECK(errors_of("- select\n") ==
        Strings{"1:1: expected a mapping of settings at the top level (see docs/configuration.md), found a list"});
  CHECK(errors_of("select\n") ==
        Strings{"1:1: expected a mapping of settings at the top level (see docs/configuration.md), found the string "
                "`select`"});
  CHECK(errors_of("? [a, b]\n: c\n") == Strings{"1:3: keys must be strings, found a list"});
}

TEST_CASE("config file: bad severities are errors") {
  CHECK(errors_of("rules:\n  DL3007:\n    severity: fatal\n") ==
        Strings{"3:15: `rules.DL3007.severity`: invalid severity `fatal`; expected error, warning or note"});
  CHECK(errors_of("overrides:\n  - files: [a]\n    rules: {DL3007: {severity: 3}}\n") ==
        Strings{"3:32: `overrides[0].rules.DL3007.severity`: invalid severity `3`; expected error, warning or note"});
}

TEST_CASE("config file: pointer ignores take a rule or rules, a path or paths, a pointer and a reason") {
  const auto result = parse_ok(R"(ignore:
  - rule: [ECS101, ECS102]
    path: [deploy/*.json, "prod/**"]
    pointer: "/containerDefinitions/*/privileged"
    reason: needed for the log router
  - pointer: /containerDefinitions/0/user
  - {rule: ECS, pointer: "", path: task.json}
  - {pointer: "/a~1b/~0c/**"}
)");
  const auto& ignores = result.config.ignores;
  REQUIRE(ignores.size() == 4);
  CHECK(ignores[0].rules == Strings{"ECS101", "ECS102"});
  CHECK(ignores[0].paths == Strings{"deploy/*.json", "prod/**"});
  CHECK(ignores[0].pointer == "/containerDefinitions/*/privileged");
  CHECK(ignores[0].reason == "needed for the log router");
  // A block entry spans from its first key to the end of its last value, not to the next entry.
  CHECK(ignores[0].location.begin.line == 2);
  CHECK(ignores[0].location.begin.column == 5);
  CHECK(ignores[0].location.end.line == 5);
  CHECK(ignores[0].location.end.column == 38);
  CHECK(ignores[1].rules.empty());
  CHECK(ignores[1].paths.empty());
  CHECK(ignores[1].pointer == "/containerDefinitions/0/user");
  CHECK(ignores[1].reason.empty());
  CHECK(text_of(*result.source, ignores[1].location) == "pointer: /containerDefinitions/0/user");
  CHECK(ignores[2].rules == Strings{"ECS"});
  CHECK(ignores[2].paths == Strings{"task.json"});
  CHECK(ignores[2].pointer.empty());
  CHECK(text_of(*result.source, ignores[2].location) == R"({rule: ECS, pointer: "", path: task.json})");
  CHECK(ignores[3].pointer == "/a~1b/~0c/**");
}

TEST_CASE("config file: pointer ignores need a valid pointer") {
  CHECK(errors_of("ignore:\n  - {rule: ECS101, reason: x}\n") ==
        Strings{"2:5: `ignore[0]`: missing key `pointer` (the JSON Pointer of the findings to ignore)"});
  CHECK(errors_of("ignore:\n  - {pointer: containerDefinitions/0}\n") ==
        Strings{"2:15: `ignore[0].pointer`: invalid JSON Pointer `containerDefinitions/0`: a JSON Pointer is empty "
                "or starts with `/`"});
  CHECK(errors_of("ignore:\n  - {pointer: /a~2b}\n") ==
        Strings{"2:15: `ignore[0].pointer`: invalid JSON Pointer `/a~2b`: `~` must be followed by `0` (for `~`) or "
                "`1` (for `/`)"});
  CHECK(errors_of("ignore:\n  - {pointer: /a~}\n") ==
        Strings{"2:15: `ignore[0].pointer`: invalid JSON Pointer `/a~`: `~` must be followed by `0` (for `~`) or "
                "`1` (for `/`)"});
  CHECK(errors_of("ignore:\n  - {pointer: [/a]}\n") ==
        Strings{"2:15: `ignore[0].pointer`: expected a string, found a list"});
  CHECK(errors_of("ignore:\n  - {pointer: /a, path: {a: b}}\n") ==
        Strings{"2:25: `ignore[0].path`: expected a string or a list of globs, found a mapping"});
  CHECK(errors_of("ignore:\n  - {pointer: /a, rule: {a: b}}\n") ==
        Strings{"2:25: `ignore[0].rule`: expected a rule selector or a list of rule selectors, found a mapping"});
  // An entry with an error is dropped rather than ignoring more than meant.
  CHECK(parse_test_config("ignore:\n  - {pointer: /a, rule: ECS999}\n").config.ignores.empty());
}

TEST_CASE("config file: overrides need files and take only rule settings") {
  const auto result = parse_ok(R"(overrides:
  - files: legacy/**
    select: [DL3007]
    extend-select: [DF106]
    ignore: [ECS101]
    rules: {DF106: {options: {allow-digests: false}}}
  - files: [a/*, b/*]
    ignore: [SS001]
)");
  REQUIRE(result.config.overrides.size() == 2);
  const auto& first = result.config.overrides[0];
  CHECK(first.files == Strings{"legacy/**"});
  CHECK(*first.settings.select == Strings{"DL3007"});
  CHECK(first.settings.extend_select == Strings{"DF106"});
  CHECK(first.settings.ignore == Strings{"ECS101"});
  CHECK(first.settings.rules.at("DF106").options.at("allow-digests") == OptionValue{false});
  CHECK(result.config.overrides[1].files == Strings{"a/*", "b/*"});
  CHECK(result.config.overrides[1].settings.ignore == Strings{"SS001"});

  CHECK(errors_of("overrides:\n  - ignore: [DL3007]\n") ==
        Strings{"2:5: `overrides[0]`: missing key `files` (the globs this override applies to)"});
  CHECK(errors_of("overrides:\n  - files: [a]\n    ignore: [{pointer: /a}]\n") ==
        Strings{"3:14: `overrides[0].ignore[0]`: pointer ignores belong in the top-level `ignore` (with a `path`)"});
  CHECK(errors_of("overrides:\n  - files: {a: b}\n") ==
        Strings{"2:12: `overrides[0].files`: expected a string or a list of globs, found a mapping"});
}

TEST_CASE("config file: invalid YAML is reported at libyaml's position with its context") {
  CHECK(errors_of("select: [DL3007\n") ==
        Strings{"2:1: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 1, "
                "column 9)"});
  CHECK(errors_of("select:\n  - DL3007\n bad: 1\n") ==
        Strings{"3:2: invalid YAML: did not find expected key (while parsing a block mapping at line 1, column 1)"});
  CHECK(errors_of("rules:\n\t- x\n") ==
        Strings{"2:1: invalid YAML: found character that cannot start any token (while scanning for the next token "
                "at line 2, column 1)"});
  CHECK(errors_of("target: \"abc\n") ==
        Strings{"2:1: invalid YAML: found unexpected end of stream (while scanning a quoted scalar at line 1, column "
                "9)"});
  CHECK(errors_of("target: x\n\xff: 1\n") == Strings{"2:1: invalid YAML: invalid leading UTF-8 octet"});
  CHECK(errors_of(std::string("target: a\0b\n", 12)) == Strings{"1:10: invalid YAML: control characters are not allowed"});
  CHECK(errors_of("fail-level: error\n---\nfail-level: note\n") ==
        Strings{"2:1: a configuration file holds one YAML document; a second one starts here"});
}

TEST_CASE("config file: duplicate keys are errors, pointing at the repetition") {
  CHECK(errors_of("select: [DL3007]\ntarget: a\nselect: [ECS]\n") ==
        Strings{"3:1: duplicate key `select` (first given at line 1)"});
  CHECK(errors_of("rules:\n  DL3007: {severity: note, severity: error}\n") ==
        Strings{"2:28: `rules.DL3007`: duplicate key `severity` (first given at line 2)"});
}

TEST_CASE("config file: anchors, aliases and merge keys") {
  const auto result = parse_ok(R"(x-ecs: &ecs [ECS101, ECS102]
x-base: &base {severity: note, enabled: true}
select: *ecs
rules:
  ECS101: *base
  ECS102:
    <<: *base
    severity: error
  DL3007:
    <<: [{severity: error}, *base]
)");
  CHECK(*result.config.settings.select == Strings{"ECS101", "ECS102"});
  const auto& rules = result.config.settings.rules;
  CHECK(rules.at("ECS101").severity == Severity::note);
  CHECK(rules.at("ECS101").enabled == true);
  // Explicit keys win over merged ones, earlier merged mappings over later ones.
  CHECK(rules.at("ECS102").severity == Severity::error);
  CHECK(rules.at("ECS102").enabled == true);
  CHECK(rules.at("DL3007").severity == Severity::error);
  CHECK(rules.at("DL3007").enabled == true);

  CHECK(errors_of("rules:\n  DL3007:\n    <<: error\n") ==
        Strings{"3:9: `rules.DL3007.<<`: expected a mapping or a list of mappings to merge, found the string `error`"});
  // A merged mapping with a mistake is reported at the mistake, once, however often it is merged.
  CHECK(errors_of("x-base: &base {severty: note}\nrules:\n  DL3007: {<<: *base}\n  ECS101: {<<: *base}\n") ==
        Strings{"1:16: unknown key `severty` in `rules.DL3007` (did you mean `severity`?)",
                "1:16: unknown key `severty` in `rules.ECS101` (did you mean `severity`?)"});
}

TEST_CASE("config file: aliases are checked: unknown anchors, cycles and alias bombs are refused") {
  CHECK(errors_of("select: *nope\n") == Strings{"1:9: unknown anchor: no `&nope` before this alias"});
  CHECK(errors_of("rules: &r\n  DL3007: *r\n") == Strings{"2:11: alias `*r` refers to a node that contains it"});
  // The billion laughs: ten levels of ten aliases each would be 10^10 nodes.
  std::string bomb = "x-0: &l0 [a, a, a, a, a, a, a, a, a, a]\n";
  for (int level = 1; level <= 9; ++level) {
    bomb += fmt::format("x-{}: &l{} [", level, level);
    for (int i = 0; i < 10; ++i) bomb += fmt::format("{}*l{}", i == 0 ? "" : ", ", level - 1);
    bomb += "]\n";
  }
  bomb += "select: *l9\n";
  const auto lines = errors_of(bomb);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "5:56: the configuration expands to more than 100000 nodes through aliases; refusing it (an "
                    "alias bomb?)");
}

TEST_CASE("config file: core-schema tags keep their meaning, other tags are refused") {
  const auto result = parse_ok("target: !!str 12\ninline-suppressions: !!bool false\nselect: !!seq [DL3007]\n");
  CHECK(result.config.target == "12");
  CHECK_FALSE(result.config.inline_suppressions);
  CHECK(*result.config.settings.select == Strings{"DL3007"});
  CHECK(errors_of("inline-suppressions: !!str true\n") ==
        Strings{"1:22: `inline-suppressions`: expected a boolean (true or false), found the string `true`"});
  CHECK(errors_of("select: !!python/tuple [DL3007]\n") == Strings{"1:9: unsupported YAML tag `!!python/tuple`"});
  CHECK(errors_of("select: !custom [DL3007]\n") == Strings{"1:9: unsupported YAML tag `!custom`"});
  // Quoted scalars are strings whatever they look like.
  CHECK(errors_of("inline-suppressions: 'false'\n") ==
        Strings{"1:22: `inline-suppressions`: expected a boolean (true or false), found the string `false`"});
}

TEST_CASE("config file: positions are bytes in the file, columns in messages count characters") {
  // `é` is two bytes: the error's byte column is one more than its character column.
  const auto result = parse_test_config("target: é\nbuild-args: {É: 1, B: [x]}\n");
  REQUIRE(result.errors.size() == 1);
  const auto& error = result.errors[0];
  CHECK(error.range.begin.line == 2);
  CHECK(error.range.begin.column == 24);
  CHECK(error.range.begin.offset == 34);
  CHECK(error.range.end.offset == 37);
  CHECK(text_of(*result.source, error.range) == "[x]");
  CHECK(error_lines(result) == Strings{"2:23: `build-args.B`: expected a string, found a list"});
}

TEST_CASE("config file: CRLF line endings and a byte order mark do not shift positions") {
  const auto crlf = parse_test_config("target: a\r\nselct: [DL3007]\r\n");
  CHECK(error_lines(crlf) == Strings{"2:1: unknown key `selct` (did you mean `select`?)"});
  CHECK(crlf.errors[0].range.begin.offset == 11);
  CHECK(text_of(*crlf.source, crlf.errors[0].range) == "selct");
  const auto bom = parse_test_config("\xEF\xBB\xBFselct: [DL3007]\n");
  CHECK(error_lines(bom) == Strings{"1:1: unknown key `selct` (did you mean `select`?)"});
  CHECK(text_of(*bom.source, bom.errors[0].range) == "selct");
}

TEST_CASE("config file: every error is reported, not only the first") {
  CHECK(errors_of("selct: [a]\nfail-level: loud\nrules: {DL3007: {severity: max}}\ntarget: [x]\n") ==
        Strings{"1:1: unknown key `selct` (did you mean `select`?)",
                "2:13: `fail-level`: invalid level `loud`; expected error, warning, note or none",
                "3:28: `rules.DL3007.severity`: invalid severity `max`; expected error, warning or note",
                "4:9: `target`: expected a string, found a list"});
}

TEST_CASE("config file: the registry's rules are checked by default") {
  // Without a rule list, parse_config checks against the registry, where SS001 is.
  const auto ok = shipshape::lint::parse_config("/r/.shipshape.yaml", "select: [SS001]\nrules: {SS001: {severity: note}}\n");
  CHECK(ok.errors.empty());
  CHECK(ok.config.settings.rules.at("SS001").severity == Severity::note);
  const auto bad = shipshape::lint::parse_config("/r/.shipshape.yaml", "select: [SS01]\n");
  CHECK(error_lines(bad) ==
        Strings{"1:10: `select`: no rule has the id, id prefix or name `SS01` (did you mean `SS001`?)"});
}

TEST_CASE("config file: truncated and corrupted files never crash and every position is inside the file") {
  const std::string seed = R"(x-base: &base {severity: note}
select: [DL, ECS]
extend-select: [DF106]
ignore:
  - DL3007
  - {rule: ECS101, path: "deploy/*.json", pointer: "/containerDefinitions/*/user", reason: "é"}
fail-level: warning
exclude: ["vendor/**"]
inline-suppressions: true
build-args: {BASE: 'debian:12'}
target: runtime
rules:
  DL3007: *base
  DF106:
    <<: *base
    options: {trusted-registries: [ghcr.io/acme], max-registries: 3}
overrides:
  - files: ["legacy/**"]
    rules: {DL3007: {severity: error}}
)";
  REQUIRE(parse_test_config(seed).errors.empty());
  const auto check = [](const std::string& text) {
    const ConfigLoadResult result = parse_test_config(text);
    for (const auto& error : result.errors) {
      CHECK(error.range.begin.offset <= error.range.end.offset);
      CHECK(error.range.end.offset <= result.source->size());
      CHECK_FALSE(error.message.empty());
    }
    for (const auto& entry : result.config.ignores) CHECK(entry.location.end.offset <= result.source->size());
  };
  for (std::size_t cut = 0; cut <= seed.size(); ++cut) check(seed.substr(0, cut));
  const std::string replacements = "\n\t :-[]{}&*!|>'\"#,?\x80\xff";
  for (std::size_t at = 0; at < seed.size(); ++at) {
    std::string mutated = seed;
    mutated[at] = replacements[at % replacements.size()];
    check(mutated);
  }
}
