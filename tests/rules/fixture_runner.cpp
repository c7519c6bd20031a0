#include "tests/rules/fixture_runner.h"

#include <nlohmann/json.hpp>

#include "lint/config.h"
#include "lint/engine.h"
#include "tests/support/support.h"

namespace shipshape::testing {

namespace fs = std::filesystem;

namespace {

std::string_view folder_of(rules::FileKind kind) {
  switch (kind) {
    case rules::FileKind::dockerfile: return "dockerfile";
    case rules::FileKind::ecs: return "ecs";
    case rules::FileKind::any: return "meta";
  }
  return "meta";
}

rules::OptionValue to_option_value(const nlohmann::json& value) {
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_array()) {
    std::vector<std::string> list;
    for (const auto& item : value) list.push_back(item.is_string() ? item.get<std::string>() : item.dump());
    return list;
  }
  return value.is_string() ? value.get<std::string>() : value.dump();
}

}  // namespace

FixtureSyntax syntax_of(const fs::path& fixture) {
  return fixture.extension() == ".json" ? FixtureSyntax::json : FixtureSyntax::dockerfile;
}

std::vector<fs::path> fixtures_of(const rules::RegisteredRule& rule) {
  std::vector<fs::path> out;
  const fs::path dir = source_dir() / "fixtures" / folder_of(rule.kind);
  if (!fs::is_directory(dir)) return out;
  const std::string name(rule.info->name);
  for (const fs::path& file : files_under(dir)) {
    const std::string filename = file.filename().string();
    const std::string stem = filename.substr(0, filename.find('.'));
    if (stem == name) out.push_back(file);
  }
  return out;
}

FixtureRun run_fixture(const rules::RegisteredRule& rule, const std::string& text, const std::string& header_json,
                       const std::string& filename) {
  FixtureRun run;
  nlohmann::json header = nlohmann::json::object();
  if (!header_json.empty()) {
    header = nlohmann::json::parse(header_json, nullptr, false);
    if (header.is_discarded() || !header.is_object()) {
      run.errors.push_back("the fixture header is not a JSON object: " + header_json);
      return run;
    }
  }
  lint::ConfigFile config_file;
  lint::RuleConfig& rule_config = config_file.settings.rules[std::string(rule.info->id)];
  if (header.contains("options")) {
    for (const auto& [name, value] : header["options"].items()) rule_config.options[name] = to_option_value(value);
  }
  std::vector<std::string> checked{std::string(rule.info->id)};
  std::vector<std::string> selected = checked;
  if (header.contains("select")) {
    for (const auto& extra : header["select"]) selected.push_back(extra.get<std::string>());
  }
  lint::RuleSettings command_line;
  command_line.select = selected;
  lint::EngineOptions options;
  if (header.contains("build_args")) {
    for (const auto& [name, value] : header["build_args"].items()) options.build_args.emplace_back(name, value);
  }
  if (header.contains("target")) options.target = header["target"].get<std::string>();
  const std::string path = header.contains("filename") ? header["filename"].get<std::string>() : filename;
  const lint::EffectiveConfig config = lint::resolve(config_file, path, command_line);
  const lint::FileType type = rule.kind == rules::FileKind::ecs ? lint::FileType::ecs
                              : fs::path(filename).extension() == ".json" ? lint::FileType::ecs
                                                                          : lint::FileType::dockerfile;
  run.report = lint::lint_source(std::make_shared<const SourceFile>(path, text), type, config, config_file, options);
  for (const Diagnostic& error : run.report.errors) {
    run.errors.push_back(fmt::format("{}:{}: {}", error.range.begin.line, error.range.begin.column, error.message));
  }
  const SourceFile& source = *run.report.source;
  for (const rules::Finding& finding : run.report.findings) {
    if (finding.suppressed) continue;
    if (std::find(checked.begin(), checked.end(), finding.rule->id) == checked.end()) continue;
    ActualFinding actual;
    actual.rule = std::string(finding.rule->id);
    actual.line = finding.range.begin.line;
    actual.start_column = source.column(finding.range.begin, ColumnUnit::characters);
    actual.end_line = finding.range.end.line;
    actual.end_column = source.column(finding.range.end, ColumnUnit::characters);
    actual.pointer = finding.pointer;
    actual.message = finding.message;
    run.findings.push_back(std::move(actual));
  }
  return run;
}

}  // namespace shipshape::testing
