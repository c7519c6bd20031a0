#include "lint/engine.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <optional>
#include <string_view>
#include <thread>

#include "lint/fingerprint.h"
#include "lint/io.h"
#include "lint/suppressions.h"
#include "rules/support/secrets.h"
#include "parsers/dockerfile/document.h"
#include "parsers/dockerfile/parse.h"
#include "parsers/ecs/load.h"
#include "parsers/ecs/model.h"

namespace shipshape::lint {

namespace {

bool finding_order(const rules::Finding& a, const rules::Finding& b) {
  if (a.range.begin.offset != b.range.begin.offset) return a.range.begin.offset < b.range.begin.offset;
  if (a.rule->id != b.rule->id) return a.rule->id < b.rule->id;
  if (a.range.end.offset != b.range.end.offset) return a.range.end.offset < b.range.end.offset;
  return a.message < b.message;
}

// A rule that throws is a bug in shipshape, not in the user's file: report it and keep going.
template <class Check>
void run_guarded(const rules::RuleInfo& rule, FileReport& report, Check&& check) {
  try {
    check();
  } catch (const std::exception& e) {
    report.errors.push_back(Diagnostic{{}, "internal error in rule " + std::string(rule.id) + ": " + e.what(),
                                       "please report this as a bug in shipshape"});
  } catch (...) {
    report.errors.push_back(Diagnostic{{}, "internal error in rule " + std::string(rule.id), {}});
  }
}

// Runs the enabled rules of one kind; `check_of` picks the check of that kind from a registered rule.
template <class Input, class CheckOf>
void run_rules(const Input& input, const EffectiveConfig& config, FileReport& report, CheckOf&& check_of) {
  const auto& all = rules::all_rules();
  for (std::size_t index = 0; index < all.size(); ++index) {
    const auto check = check_of(all[index]);
    if (check == nullptr || !config.enabled[index]) continue;
    const rules::RuleInfo& info = *all[index].info;
    rules::Report sink(info, config.severity[index], config.options[index], report.findings);
    run_guarded(info, report, [&] { check(input, sink); });
  }
}

// Text that neither front end can read as written. Said plainly here, instead of the syntax errors the bytes would
// cause further on.
std::optional<Diagnostic> unreadable_text(const SourceFile& source, FileType type) {
  const std::string_view text = source.text();
  const auto at = [&](std::size_t offset) {
    const std::uint32_t where = static_cast<std::uint32_t>(offset);
    return source.range(where, where + 1);
  };
  using namespace std::string_view_literals;
  if (text.starts_with("\xFF\xFE\0\0"sv) || text.starts_with("\0\0\xFE\xFF"sv)) {
    return Diagnostic{at(0), "the file is UTF-32 (it starts with a UTF-32 byte order mark); only UTF-8 is supported",
                      "save the file as UTF-8"};
  }
  if (text.starts_with("\xFF\xFE"sv) || text.starts_with("\xFE\xFF"sv)) {
    return Diagnostic{at(0),
                      "the file is UTF-16 (it starts with a UTF-16 byte order mark); only UTF-8 is supported, as by "
                      "docker build and the ECS API",
                      "save the file as UTF-8"};
  }
  if (type != FileType::dockerfile) return std::nullopt;  // the JSON parser reports NUL bytes and bad UTF-8 itself
  if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    return Diagnostic{at(nul), "the file contains a NUL byte: a Dockerfile is text",
                      "is this a binary file, or UTF-16 without a byte order mark? save Dockerfiles as UTF-8 text"};
  }
  // Classic Mac OS line endings: BuildKit only splits lines at LF, so the whole file would be one instruction.
  if (text.find('\n') == std::string_view::npos) {
    if (const std::size_t cr = text.find('\r'); cr != std::string_view::npos && cr + 1 < text.size()) {
      return Diagnostic{at(cr), "the file has CR line endings (classic Mac OS): docker build reads it as a single line",
                        "save the file with LF (or CRLF) line endings"};
    }
  }
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> merged_build_args(const ConfigFile& file,
                                                                   const EngineOptions& options) {
  std::vector<std::pair<std::string, std::string>> args = file.build_args;
  args.insert(args.end(), options.build_args.begin(), options.build_args.end());  // the command line wins
  return args;
}

// Which RUN instructions to parse as shell: those that an enabled rule, or the secret masking, reads.
std::function<bool(std::string_view)> run_readers(const EffectiveConfig& config) {
  using Reader = bool (*)(std::string_view);
  std::vector<Reader> readers{rules::sensitive_ranges_read_run};
  const auto& all = rules::all_rules();
  for (std::size_t i = 0; i < all.size(); ++i) {
    const Reader reader = all[i].info->reads_run;
    if (config.enabled[i] && reader != nullptr && std::find(readers.begin(), readers.end(), reader) == readers.end()) {
      readers.push_back(reader);
    }
  }
  return [readers = std::move(readers)](std::string_view run_text) {
    return std::any_of(readers.begin(), readers.end(), [&](Reader reader) { return reader(run_text); });
  };
}

void lint_dockerfile(FileReport& report, const EffectiveConfig& config, const ConfigFile& config_file,
                     const EngineOptions& options) {
  dockerfile::ParseOptions parse_options;
  parse_options.wants_script = run_readers(config);
  parse_options.build_args = merged_build_args(config_file, options);
  parse_options.target = options.target.empty() ? config_file.target : options.target;
  if (std::optional<Diagnostic> problem = unreadable_text(*report.source, FileType::dockerfile)) {
    report.errors.push_back(std::move(*problem));
    return;
  }
  dockerfile::ParseResult parsed = dockerfile::parse(*report.source, parse_options);
  report.errors.insert(report.errors.end(), parsed.errors.begin(), parsed.errors.end());
  if (!parsed.document) return;
  run_rules(*parsed.document, config, report, [](const rules::RegisteredRule& rule) {
    return rule.dockerfile != nullptr ? rule.dockerfile->check : nullptr;
  });
  if (config_file.inline_suppressions) apply_inline_suppressions(*parsed.document, config, report);
  std::sort(report.findings.begin(), report.findings.end(), finding_order);
  report.sensitive_ranges = rules::sensitive_ranges(*parsed.document);
}

void lint_task_definition(FileReport& report, const EffectiveConfig& config) {
  if (std::optional<Diagnostic> problem = unreadable_text(*report.source, FileType::ecs)) {
    report.errors.push_back(std::move(*problem));
    return;
  }
  ecs::LoadResult loaded = ecs::load(*report.source);
  report.errors.insert(report.errors.end(), loaded.errors.begin(), loaded.errors.end());
  if (!loaded.file) return;
  run_rules(*loaded.file, config, report,
            [](const rules::RegisteredRule& rule) { return rule.ecs != nullptr ? rule.ecs->check : nullptr; });
  std::sort(report.findings.begin(), report.findings.end(), finding_order);
  apply_pointer_ignores(config, report);
  report.sensitive_ranges = rules::sensitive_ranges(*loaded.file);
}

void finish(FileReport& report, const EngineOptions& options) {
  assign_fingerprints(report);
  if (!options.baseline.empty()) {
    for (rules::Finding& finding : report.findings) {
      if (!finding.suppressed && options.baseline.count(finding.fingerprint) > 0) {
        finding.suppressed = true;
        finding.suppression = "baseline";
      }
    }
  }
}

// Reads the file (unless it is already in memory), decides its type, and lints it.
FileReport lint_input(const InputFile& input, std::shared_ptr<const std::string> stdin_content,
                      ConfigLoader& configs, const EngineOptions& options) {
  FileReport report;
  report.path = input.path;
  report.fs_path = input.fs_path;
  report.type = input.type;
  std::string bytes;
  if (input.from_stdin) {
    bytes = stdin_content ? *stdin_content : std::string();
  } else {
    ReadResult read = read_file(input.fs_path);
    if (!read.ok) {
      report.errors.push_back(Diagnostic{{}, "cannot read file: " + read.error, {}});
      return report;
    }
    bytes = std::move(read.bytes);
  }
  if (input.only_if_task_definition && !ecs::looks_like_task_definition(bytes)) {
    report.type.reset();  // not ours: dropped from the report
    return report;
  }
  if (!report.type) {
    // Named explicitly with a name that says nothing: JSON is a task definition, anything else a Dockerfile.
    const std::size_t first = bytes.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    const bool json = first != std::string::npos && (bytes[first] == '{' || bytes[first] == '[');
    report.type = json ? FileType::ecs : FileType::dockerfile;
  }
  report.source = std::make_shared<const SourceFile>(input.path, std::move(bytes));

  // Discovery made the path absolute once.
  const std::shared_ptr<const ConfigLoadResult> config_result = configs.for_absolute_file(input.absolute);
  const ConfigFile& config_file = config_result->config;
  const std::string relative = input.absolute.lexically_relative(config_file.root).generic_string();
  const EffectiveConfig config = resolve(config_file, relative, options.command_line);
  if (*report.type == FileType::dockerfile) {
    lint_dockerfile(report, config, config_file, options);
  } else {
    lint_task_definition(report, config);
  }
  finish(report, options);
  return report;
}

}  // namespace

FileReport lint_source(std::shared_ptr<const SourceFile> source, FileType type, const EffectiveConfig& config,
                       const ConfigFile& config_file, const EngineOptions& options) {
  FileReport report;
  report.path = source->path();
  report.fs_path = source->path();
  report.type = type;
  report.source = std::move(source);
  if (type == FileType::dockerfile) {
    lint_dockerfile(report, config, config_file, options);
  } else {
    lint_task_definition(report, config);
  }
  finish(report, options);
  return report;
}

LintReport lint_files(const Discovery& discovery, ConfigLoader& configs, const EngineOptions& options) {
  LintReport out;
  out.show_suppressed = options.show_suppressed;
  out.input_errors = discovery.errors;
  std::shared_ptr<const std::string> stdin_content;
  for (const InputFile& input : discovery.files) {
    if (!input.from_stdin) continue;
    ReadResult read = read_stdin();
    if (!read.ok) {
      out.input_errors.push_back({input.path, "cannot read standard input: " + read.error});
    } else {
      stdin_content = std::make_shared<const std::string>(std::move(read.bytes));
    }
  }

  std::vector<FileReport> reports(discovery.files.size());
  std::atomic<std::size_t> next{0};
  const auto worker = [&] {
    for (std::size_t i = next++; i < reports.size(); i = next++) {
      const InputFile& input = discovery.files[i];
      if (input.from_stdin && !stdin_content) continue;
      reports[i] = lint_input(input, stdin_content, configs, options);
    }
  };
  unsigned jobs = options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(1, reports.size())));
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  for (std::thread& thread : threads) thread.join();

  for (FileReport& report : reports) {
    if (report.type || !report.errors.empty()) out.files.push_back(std::move(report));
  }
  // Configuration files with errors, or with ignore entries that matched nothing, are reported like linted files.
  for (FileReport& report : config_reports(configs)) out.files.push_back(std::move(report));
  std::stable_sort(out.files.begin(), out.files.end(),
                   [](const FileReport& a, const FileReport& b) { return a.path < b.path; });
  return out;
}

int exit_code(const LintReport& report, std::optional<rules::Severity> fail_level) {
  if (!report.input_errors.empty()) return 2;
  bool failing = false;
  for (const FileReport& file : report.files) {
    if (!file.errors.empty()) return 2;
    for (const rules::Finding& finding : file.findings) {
      if (!finding.suppressed && fail_level && finding.severity >= *fail_level) failing = true;
    }
  }
  return failing ? 1 : 0;
}

}  // namespace shipshape::lint
