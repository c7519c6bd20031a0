#pragma once
// The one header a rule includes. A rule is one file, rules/<kind>/<name>.cpp, that defines
//
//   namespace shipshape::rules::dockerfile_rules {
//   extern const DockerfileRule <name>{.info = {...metadata...}, .check = check};
//   }
//
// (EcsRule in ecs_rules for task definitions; MetaRule in meta_rules for findings the engine itself
// reports). The build lists the files into the registry; nothing else needs editing. The metadata is the
// single source of the rule's documentation page, `--explain`, `--list-rules` and SARIF `rules[]`.

#include <fmt/format.h>

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "parsers/source.h"

namespace shipshape::dockerfile {
class Document;
}
namespace shipshape::ecs {
struct TaskDefinitionFile;
}

namespace shipshape::rules {

// Ordered: a fail level of `warning` fails on warnings and errors.
enum class Severity : std::uint8_t { note = 0, warning = 1, error = 2 };
std::string_view to_string(Severity severity);
std::optional<Severity> parse_severity(std::string_view text);

enum class FileKind : std::uint8_t { dockerfile, ecs, any };
std::string_view to_string(FileKind kind);

enum class OptionType : std::uint8_t { boolean, integer, string, string_list };
std::string_view to_string(OptionType type);

// A setting a rule reads from the configuration (`rules: {ID: {options: {name: value}}}`).
struct RuleOption {
  std::string_view name;           // snake_case key
  OptionType type;
  std::string_view default_value;  // as JSON: `true`, `3`, `"x"`, `["a", "b"]`
  std::string_view description;    // one sentence for the docs
};

struct RuleInfo {
  std::string_view id;        // stable forever, e.g. "DL3002"; hadolint's ids are kept for the same meaning
  std::string_view name;      // snake_case, equals the file stem, e.g. "last_user_is_root"
  Severity severity;          // default severity
  std::string_view title;     // one line, generic, no final period (SARIF shortDescription)
  std::string_view rationale; // Markdown: why it matters (SARIF fullDescription and help)
  std::string_view fix;       // Markdown: how to fix it
  std::span<const std::string_view> tags = {};  // e.g. "security", "best-practice"
  std::string_view security_severity = {};      // "0.1".."10.0" for security rules, else empty
  bool enabled_by_default = true;
  std::span<const RuleOption> options = {};
  std::string_view example_bad = {};   // smallest input that triggers the rule (checked by the tests)
  std::string_view example_good = {};  // the same input fixed (checked by the tests)
  std::string_view see_also = {};      // the same check in other tools, e.g. "Trivy DS-0002"
  // Dockerfile rules that read the shell commands of RUN instructions: whether the rule can find anything in a
  // RUN with this text (shell form command line, or a heredoc body), e.g. "it mentions apt". RUNs that no enabled
  // rule wants are not parsed as shell, which is most of the linting time saved. Null: the rule reads no RUN
  // commands (their `script` may be absent).
  bool (*reads_run)(std::string_view run_text) = nullptr;
};

// For RuleInfo::reads_run: the text mentions `word` (a program name such as "apt" also matches "apt-get").
constexpr bool mentions(std::string_view run_text, std::string_view word) {
  return run_text.find(word) != std::string_view::npos;
}

// The configured value of one option.
using OptionValue = std::variant<bool, std::int64_t, std::string, std::vector<std::string>>;

// A rule's option values: configured values over the defaults from RuleInfo::options.
class RuleOptions {
 public:
  RuleOptions() = default;
  explicit RuleOptions(std::map<std::string, OptionValue, std::less<>> values) : values_(std::move(values)) {}

  bool boolean(std::string_view name) const;
  std::int64_t integer(std::string_view name) const;
  const std::string& string(std::string_view name) const;
  const std::vector<std::string>& string_list(std::string_view name) const;
  const std::map<std::string, OptionValue, std::less<>>& values() const { return values_; }

 private:
  const OptionValue& get(std::string_view name) const;
  std::map<std::string, OptionValue, std::less<>> values_;
};

// A text edit that repairs a finding; ranges index the original file.
struct Edit {
  Range range;
  std::string replacement;
};
struct Fix {
  std::string description;  // e.g. "replace `apt` with `apt-get`"
  std::vector<Edit> edits;
};

struct Finding {
  const RuleInfo* rule = nullptr;
  Severity severity = Severity::warning;  // after configuration overrides
  Range range;                            // the offending word or key, never the whole file
  std::string message;                    // specific to this occurrence; never contains a secret value
  std::string pointer;                    // JSON Pointer of the offending value (task definitions)
  std::optional<Fix> fix;
  // Filled in by the engine.
  std::uint32_t anchor_line = 0;  // Dockerfiles: first line of the instruction holding the finding, where an
                                  // ignore comment goes (0: none, e.g. task definitions)
  bool suppressed = false;
  std::string suppression;  // how it was suppressed, e.g. "# shipshape ignore=DL3002", for --show-suppressed
  std::string fingerprint;  // stable across unrelated line shifts; see lint/fingerprint.h
};

// Collects one rule's findings on one file.
class Report {
 public:
  Report(const RuleInfo& rule, Severity severity, const RuleOptions& options, std::vector<Finding>& sink)
      : rule_(rule), severity_(severity), options_(options), sink_(sink) {}

  Finding& add(Range where, std::string message);
  template <class... Args>
  Finding& at(Range where, fmt::format_string<Args...> format, Args&&... args) {
    return add(where, fmt::format(format, std::forward<Args>(args)...));
  }

  const RuleInfo& rule() const { return rule_; }
  const RuleOptions& options() const { return options_; }

 private:
  const RuleInfo& rule_;
  Severity severity_;
  const RuleOptions& options_;
  std::vector<Finding>& sink_;
};

struct DockerfileRule {
  RuleInfo info;
  void (*check)(const dockerfile::Document& document, Report& report);
};
struct EcsRule {
  RuleInfo info;
  void (*check)(const ecs::TaskDefinitionFile& file, Report& report);
};
// A rule whose findings the engine reports itself (unused suppressions, ...); it has no check.
struct MetaRule {
  RuleInfo info;
};

}  // namespace shipshape::rules
