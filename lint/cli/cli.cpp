#include "lint/cli/cli.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "lint/baseline.h"
#include "lint/config_loader.h"
#include "lint/docs.h"
#include "lint/engine.h"
#include "lint/io.h"
#include "lint/lsp/server.h"
#include "lint/output/output.h"
#include "parsers/text.h"
#include "rules/registry.h"
#include "shipshape/version.h"

namespace shipshape::cli {

namespace {

namespace fs = std::filesystem;
using lint::FileType;

constexpr int kExitUsage = 2;

struct Arguments {
  std::vector<std::string> paths;
  std::string stdin_filename;
  std::string type;
  std::string format = "tty";
  std::string output;
  std::string sarif_category;
  std::vector<std::string> select;
  std::vector<std::string> extend_select;
  std::vector<std::string> ignore;
  std::string fail_level;
  std::vector<std::string> exclude;
  std::string config;
  bool isolated = false;
  bool skip_unrecognized = false;
  std::string show_config;
  std::vector<std::string> build_args;
  std::string target;
  std::string baseline;
  std::string write_baseline;
  bool show_suppressed = false;
  bool exit_zero = false;
  bool list_rules = false;
  std::string explain;
  std::string generate_docs;
  bool version = false;
  unsigned jobs = 0;
  bool no_color = false;
  std::string color = "auto";
};

void print_error(std::string_view message) { fmt::print(stderr, "shipshape: {}\n", message); }

// Every long option, for "did you mean" on a mistyped flag.
std::vector<std::string> option_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* option : app.get_options()) {
    for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
  }
  return names;
}

std::string usage_hint(const CLI::App& app, const CLI::ParseError& error) {
  std::string message = error.what();
  if (const auto* extras = dynamic_cast<const CLI::ExtrasError*>(&error)) {
    (void)extras;
    // CLI11 says "The following argument was not expected: --foo"; find the offending word.
    const std::size_t colon = message.rfind(": ");
    const std::string word = colon == std::string::npos ? message : message.substr(colon + 2);
    if (!word.empty() && word.front() == '-') {
      const std::string_view flag = std::string_view(word).substr(0, word.find('='));
      const std::vector<std::string> names = option_names(app);
      const std::string_view suggestion =
          text::closest_match(flag, std::vector<std::string_view>(names.begin(), names.end()));
      return suggestion.empty() ? fmt::format("unknown option '{}'; see 'shipshape --help'", flag)
                                : fmt::format("unknown option '{}' (did you mean '{}'?); see 'shipshape --help'",
                                              flag, suggestion);
    }
  }
  std::replace(message.begin(), message.end(), '\n', ' ');
  return fmt::format("{}; see 'shipshape --help'", message);
}

// Splits "A,B" lists given to --select/--ignore, accepting repeated flags too.
std::vector<std::string> split_list(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const std::string& value : values) {
    for (const std::string_view part : text::split(value, ',')) {
      const std::string_view item = text::trim(part);
      if (!item.empty()) out.emplace_back(item);
    }
  }
  return out;
}

// Unknown rule selectors are usage errors, with a suggestion.
bool check_selectors(const std::vector<std::string>& selectors, std::string_view flag) {
  for (const std::string& selector : selectors) {
    if (!rules::match_rules(selector).empty()) continue;
    const std::string suggestion = rules::suggest_rule(selector);
    print_error(suggestion.empty()
                    ? fmt::format("{} {}: no rule has this id, id prefix or name; see 'shipshape --list-rules'", flag,
                                  selector)
                    : fmt::format("{} {}: no rule has this id, id prefix or name (did you mean {}?)", flag, selector,
                                  suggestion));
    return false;
  }
  return true;
}

bool use_color(const Arguments& args) {
  if (args.no_color || args.color == "never") return false;
  if (args.color == "always") return true;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  if (!args.output.empty() && args.output != "-") return false;
  const char* force = std::getenv("FORCE_COLOR");
  if (force != nullptr && *force != '\0' && std::string_view(force) != "0") return true;
  return ::isatty(STDOUT_FILENO) == 1;
}

int list_rules(lint::output::Format format) {
  if (format == lint::output::Format::json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const rules::RegisteredRule& rule : rules::all_rules()) {
      list.push_back({{"id", rule.info->id},
                      {"name", rule.info->name},
                      {"applies_to", rules::to_string(rule.kind)},
                      {"severity", rules::to_string(rule.info->severity)},
                      {"enabled_by_default", rule.info->enabled_by_default},
                      {"title", rule.info->title},
                      {"help_uri", rules::help_uri(*rule.info)}});
    }
    lint::write_stdout(list.dump(2) + "\n");
    return 0;
  }
  lint::write_stdout(lint::rule_list_text());
  return 0;
}

int explain(const std::string& id) {
  const rules::RegisteredRule* rule = rules::find_rule(id);
  if (rule == nullptr) {
    const std::string suggestion = rules::suggest_rule(id);
    print_error(suggestion.empty() ? fmt::format("--explain {}: no such rule; see 'shipshape --list-rules'", id)
                                   : fmt::format("--explain {}: no such rule (did you mean {}?)", id, suggestion));
    return kExitUsage;
  }
  lint::write_stdout(lint::rule_page(*rule));
  return 0;
}

int generate_docs(const std::string& directory) {
  std::error_code ec;
  fs::create_directories(directory, ec);
  for (const rules::RegisteredRule& rule : rules::all_rules()) {
    const std::string error =
        lint::write_file_atomically(fs::path(directory) / (std::string(rule.info->id) + ".md"), lint::rule_page(rule));
    if (!error.empty()) {
      print_error(error);
      return kExitUsage;
    }
  }
  const std::string error = lint::write_file_atomically(fs::path(directory) / "README.md", lint::rule_catalog());
  if (!error.empty()) {
    print_error(error);
    return kExitUsage;
  }
  fmt::print(stderr, "shipshape: wrote {} rule pages and README.md to {}\n", rules::all_rules().size(), directory);
  return 0;
}

bool parse_build_args(const std::vector<std::string>& values, std::vector<std::pair<std::string, std::string>>& out) {
  for (const std::string& value : values) {
    const std::size_t eq = value.find('=');
    if (eq == 0) {
      print_error(fmt::format("--build-arg {}: expected NAME=VALUE", value));
      return false;
    }
    if (eq == std::string::npos) {
      // As with docker build, `--build-arg NAME` takes the value from the environment.
      const char* env = std::getenv(value.c_str());
      if (env != nullptr) out.emplace_back(value, env);
      continue;
    }
    out.emplace_back(value.substr(0, eq), value.substr(eq + 1));
  }
  return true;
}

void define_options(CLI::App& app, Arguments& args) {
  app.add_option("paths", args.paths,
                 "Files and directories to lint (directories recursively); '-' reads standard input. "
                 "Default: the current directory");
  app.add_option("--stdin-filename", args.stdin_filename,
                 "Name of the file read from standard input, for output, type detection and configuration");
  app.add_option("--type", args.type, "Treat the files as this type instead of detecting it")
      ->check(CLI::IsMember({"dockerfile", "ecs"}));
  app.add_option("-f,--format", args.format, "Output format: tty (default), json, sarif, gnu, checkstyle, github, codeclimate");
  app.add_option("--sarif-category", args.sarif_category,
                 "SARIF automationDetails.id: the analysis category for GitHub code scanning");
  app.add_option("-o,--output", args.output, "Write the report to this file (atomically) instead of standard output");
  app.add_option("--select", args.select, "Only these rules (ids, id prefixes such as DL30 or ECS, names, or ALL); comma-separated or repeated")
      ->expected(1)->allow_extra_args(false);
  app.add_option("--extend-select", args.extend_select, "Rules to add to the selection (e.g. ones off by default)")
      ->expected(1)->allow_extra_args(false);
  app.add_option("--ignore", args.ignore, "Rules to leave out (ids, prefixes or names)")
      ->expected(1)->allow_extra_args(false);
  app.add_option("--fail-level", args.fail_level,
                 "Lowest severity that makes the run fail with exit code 1: error, warning (default), note, none")
      ->check(CLI::IsMember({"error", "warning", "note", "none"}));
  app.add_flag("--exit-zero", args.exit_zero, "Exit with code 0 even when there are findings (2 still means errors)");
  app.add_flag("--skip-unrecognized", args.skip_unrecognized,
               "Skip named files that are neither Dockerfiles by name nor task definitions by content (for pre-commit)");
  app.add_option("--exclude", args.exclude, "Skip paths matching this glob in directory walks (repeatable)")
      ->expected(1)->allow_extra_args(false);
  app.add_option("-c,--config", args.config, "Use this configuration file instead of finding .shipshape.yaml files");
  app.add_flag("--isolated", args.isolated, "Ignore all configuration files");
  app.add_option("--show-config", args.show_config, "Print the settings that apply to this file and exit");
  app.add_option("--build-arg", args.build_args, "Build argument NAME=VALUE, as for docker build (repeatable)")
      ->expected(1)->allow_extra_args(false);
  app.add_option("--target", args.target, "The stage that ships (as docker build --target); default: the last stage");
  app.add_option("--baseline", args.baseline, "Report only findings that are not in this baseline file");
  app.add_option("--write-baseline", args.write_baseline, "Record the current findings in this baseline file");
  app.add_flag("--show-suppressed", args.show_suppressed, "Also report suppressed findings, marked as such");
  app.add_flag("--list-rules", args.list_rules, "List every rule and exit (with --format json: as JSON)");
  app.add_option("--explain", args.explain, "Show the documentation of a rule (id or name) and exit");
  app.add_option("--generate-docs", args.generate_docs, "Write the rule documentation pages to this directory and exit")
      ->group("");
  app.add_option("-j,--jobs", args.jobs, "Number of files linted in parallel (default: all cores)")
      ->check(CLI::Range(1u, 1024u));
  app.add_flag("--no-color", args.no_color, "Never use colours (also: the NO_COLOR environment variable)");
  app.add_option("--color", args.color, "When to use colours: auto (default), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_flag("-V,--version", args.version, "Print the version and exit");
}

lint::ConfigLoader make_config_loader(const Arguments& args, lint::RuleSettings command_line = {}) {
  lint::ConfigLoader::Options config_options;
  config_options.command_line = std::move(command_line);  // SS001 on config files follows --select/--ignore too
  if (!args.config.empty()) config_options.explicit_file = args.config;
  config_options.isolated = args.isolated;
  return lint::ConfigLoader(config_options);
}

// --show-config FILE: which configuration applies to FILE and what it turns on.
int show_config(const Arguments& args) {
  lint::ConfigLoader configs = make_config_loader(args);
  const auto loaded = configs.for_file(args.show_config);
  if (!loaded->errors.empty()) {
    for (const Diagnostic& error : loaded->errors) {
      print_error(fmt::format("{}:{}:{}: {}", loaded->config.path.string(), error.range.begin.line,
                              error.range.begin.column, error.message));
    }
    return kExitUsage;
  }
  lint::RuleSettings command_line;
  command_line.ignore = split_list(args.ignore);
  command_line.extend_select = split_list(args.extend_select);
  if (!args.select.empty()) command_line.select = split_list(args.select);
  std::error_code ec;
  const std::string relative =
      fs::absolute(args.show_config, ec).lexically_normal().lexically_relative(loaded->config.root).generic_string();
  const lint::EffectiveConfig effective = lint::resolve(loaded->config, relative, command_line);
  nlohmann::ordered_json out;
  out["file"] = args.show_config;
  out["config"] = loaded->config.path.empty() ? nlohmann::ordered_json(nullptr)
                                              : nlohmann::ordered_json(loaded->config.path.string());
  out["fail_level"] = loaded->config.fail_level_none ? "none"
                      : loaded->config.fail_level    ? rules::to_string(*loaded->config.fail_level)
                                                     : "warning";
  out["inline_suppressions"] = loaded->config.inline_suppressions;
  // Only the rules that can report on this file: Dockerfile rules for a Dockerfile, ECS rules otherwise.
  const std::optional<lint::FileType> type =
      !args.type.empty() ? lint::parse_file_type(args.type)
      : lint::is_dockerfile_name(fs::path(args.show_config).filename().string())
          ? std::optional(lint::FileType::dockerfile)
          : std::optional(lint::FileType::ecs);
  const auto applies = [&](rules::FileKind kind) {
    if (kind == rules::FileKind::any || !type) return true;
    return (kind == rules::FileKind::dockerfile) == (*type == lint::FileType::dockerfile);
  };
  nlohmann::ordered_json rule_list = nlohmann::ordered_json::array();
  const auto& all = rules::all_rules();
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (!effective.enabled[i] || !applies(all[i].kind)) continue;
    nlohmann::ordered_json entry{{"id", all[i].info->id}, {"severity", rules::to_string(effective.severity[i])}};
    nlohmann::ordered_json options = nlohmann::ordered_json::object();
    for (const auto& [name, value] : effective.options[i].values()) {
      std::visit([&, &key = name](const auto& v) { options[key] = v; }, value);
    }
    if (!options.empty()) entry["options"] = std::move(options);
    rule_list.push_back(std::move(entry));
  }
  out["rules"] = std::move(rule_list);
  nlohmann::ordered_json ignores = nlohmann::ordered_json::array();
  for (const lint::PointerIgnore* ignore : effective.pointer_ignores) {
    ignores.push_back({{"pointer", ignore->pointer}, {"rules", ignore->rules}, {"reason", ignore->reason}});
  }
  out["ignore"] = std::move(ignores);
  lint::write_stdout(out.dump(2) + "\n");
  return 0;
}

// The nearest ancestor of `directory` holding `.git`: SARIF paths are relative to it, as GitHub expects.
std::string repository_root(const fs::path& directory) {
  std::error_code ec;
  for (fs::path dir = directory;; dir = dir.parent_path()) {
    if (fs::exists(dir / ".git", ec)) return dir.string();
    if (dir == dir.parent_path()) return {};
  }
}

int lint_paths(const Arguments& args) {
  const auto format = lint::output::parse_format(args.format);
  if (!format) {
    print_error(fmt::format("--format {}: unknown format (one of: {})", args.format, lint::output::kFormatNames));
    return kExitUsage;
  }
  lint::EngineOptions options;
  options.command_line.ignore = split_list(args.ignore);
  options.command_line.extend_select = split_list(args.extend_select);
  if (!args.select.empty()) options.command_line.select = split_list(args.select);
  if (!check_selectors(options.command_line.ignore, "--ignore") ||
      !check_selectors(options.command_line.extend_select, "--extend-select") ||
      (options.command_line.select && !check_selectors(*options.command_line.select, "--select"))) {
    return kExitUsage;
  }
  if (!parse_build_args(args.build_args, options.build_args)) return kExitUsage;
  options.target = args.target;
  options.show_suppressed = args.show_suppressed;
  options.jobs = args.jobs;
  if (!args.baseline.empty()) {
    std::string error;
    if (!lint::read_baseline(args.baseline, options.baseline, error)) {
      print_error(error);
      return kExitUsage;
    }
  }

  lint::DiscoveryOptions discovery_options;
  discovery_options.exclude = args.exclude;
  discovery_options.stdin_filename = args.stdin_filename;
  discovery_options.skip_unrecognized = args.skip_unrecognized;
  if (!args.type.empty()) discovery_options.forced_type = lint::parse_file_type(args.type);
  lint::ConfigLoader configs = make_config_loader(args, options.command_line);
  // Exclusions from the configuration in the working directory apply to the walk as well.
  const auto cwd_config = configs.for_file(fs::current_path() / "-");
  for (const std::string& glob : cwd_config->config.exclude) discovery_options.exclude.push_back(glob);

  const lint::Discovery discovery = lint::discover(args.paths, discovery_options);
  const lint::LintReport report = lint::lint_files(discovery, configs, options);

  if (!args.write_baseline.empty()) {
    const std::string error = lint::write_file_atomically(args.write_baseline, lint::baseline_content(report));
    if (!error.empty()) {
      print_error(error);
      return kExitUsage;
    }
  }

  std::optional<rules::Severity> fail_level = rules::Severity::warning;
  if (cwd_config->config.fail_level) fail_level = cwd_config->config.fail_level;
  if (cwd_config->config.fail_level_none) fail_level.reset();
  if (args.fail_level == "none") {
    fail_level.reset();
  } else if (!args.fail_level.empty()) {
    fail_level = rules::parse_severity(args.fail_level);
  }
  lint::output::RenderOptions render_options;
  render_options.color = use_color(args);
  render_options.fail_level = fail_level;
  render_options.working_directory = fs::current_path().string();
  render_options.repository_root = repository_root(fs::current_path());
  render_options.sarif_category = args.sarif_category;
  const std::string rendered = lint::output::render(*format, report, render_options);
  if (!args.output.empty() && args.output != "-") {
    const std::string error = lint::write_file_atomically(args.output, rendered);
    if (!error.empty()) {
      print_error(error);
      return kExitUsage;
    }
  } else if (std::string error; !lint::write_stdout(rendered, &error)) {
    // The reader went away (`shipshape . | head`): stop quietly, like other Unix tools.
    if (error.empty()) return lint::exit_code(report, fail_level);
    print_error("cannot write the report to standard output: " + error);  // e.g. a full disk: never exit 0
    return kExitUsage;
  }
  const int code = lint::exit_code(report, fail_level);
  // Writing a baseline records every finding, so none of them fails the run; files that could not be read
  // still do (exit 2), because the baseline cannot hold what was never linted.
  if (!args.write_baseline.empty()) {
    const std::size_t recorded = lint::baseline_size(report);
    print_error(fmt::format("recorded {} finding{} in {}", recorded, recorded == 1 ? "" : "s", args.write_baseline));
    if (code == 1) return 0;
  }
  return (args.exit_zero && code == 1) ? 0 : code;
}

}  // namespace

int run(int argc, char** argv) {
  // A closed pipe is reported as EPIPE by write(), not by killing the process.
  ::signal(SIGPIPE, SIG_IGN);
  // `shipshape server`: the language server takes over before option parsing (lint/lsp/server.h).
  if (argc >= 2 && std::string_view(argv[1]) == "server") {
    return lsp::run_server(std::vector<std::string_view>(argv + 2, argv + argc));
  }
  CLI::App app{"shipshape: a fast linter for Dockerfiles and Amazon ECS task definitions", "shipshape"};
  app.footer(fmt::format("Exit codes: 0 no finding at or above the fail level, 1 findings, 2 usage error or a file "
                         "that could not be read or parsed.\nEditors: 'shipshape server' runs a language server "
                         "(LSP) on standard input and output; see docs/editors.md.\nDocumentation: {}",
                         kHomepage));
  app.get_formatter()->column_width(34);
  Arguments args;
  define_options(app, args);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    lint::write_stdout(app.help());
    return 0;
  } catch (const CLI::ParseError& error) {
    print_error(usage_hint(app, error));
    return kExitUsage;
  }
  if (args.version) {
    lint::write_stdout(fmt::format("shipshape {}\n", kVersion));
    return 0;
  }
  const auto format = lint::output::parse_format(args.format);
  if (args.list_rules) return list_rules(format.value_or(lint::output::Format::tty));
  if (!args.explain.empty()) return explain(args.explain);
  if (!args.generate_docs.empty()) return generate_docs(args.generate_docs);
  if (!args.show_config.empty()) return show_config(args);
  return lint_paths(args);
}

}  // namespace shipshape::cli
