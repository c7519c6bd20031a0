#include "tests/lint/config_test_rules.h"

#include <fmt/format.h>

namespace shipshape::testing {

namespace {

using rules::OptionType;
using rules::RuleInfo;
using rules::RuleOption;
using rules::Severity;

constexpr RuleOption kRegistryOptions[] = {
    {"trusted-registries", OptionType::string_list, R"(["docker.io"])", "Registries images may come from."},
    {"allow-digests", OptionType::boolean, "true", "Whether a digest makes any registry acceptable."},
    {"max-registries", OptionType::integer, "5", "How many registries a file may use."},
    {"default-registry", OptionType::string, R"("docker.io")", "The registry of unqualified names."},
};

const RuleInfo kLatestTag{.id = "DL3007", .name = "latest_tag", .severity = Severity::warning, .title = "t",
                          .rationale = "r", .fix = "f"};
const RuleInfo kUntrustedRegistry{.id = "DF106", .name = "untrusted_registry", .severity = Severity::warning,
                                  .title = "t", .rationale = "r", .fix = "f", .enabled_by_default = false,
                                  .options = kRegistryOptions};
const RuleInfo kRootUser{.id = "ECS101", .name = "root_user", .severity = Severity::error, .title = "t",
                         .rationale = "r", .fix = "f"};
const RuleInfo kPrivileged{.id = "ECS102", .name = "privileged", .severity = Severity::error, .title = "t",
                           .rationale = "r", .fix = "f"};

}  // namespace

std::span<const rules::RegisteredRule> config_test_rules() {
  static const std::vector<rules::RegisteredRule> table = [] {
    std::vector<rules::RegisteredRule> out{
        {&kUntrustedRegistry, rules::FileKind::dockerfile, nullptr, nullptr},
        {&kLatestTag, rules::FileKind::dockerfile, nullptr, nullptr},
        {&kRootUser, rules::FileKind::ecs, nullptr, nullptr},
        {&kPrivileged, rules::FileKind::ecs, nullptr, nullptr},
    };
    out.push_back(*rules::find_rule("SS001"));
    return out;
  }();
  return table;
}

lint::ConfigLoadResult parse_test_config(std::string text) {
  return lint::parse_config("/repo/.shipshape.yaml", std::move(text), config_test_rules());
}

std::vector<std::string> error_lines(const lint::ConfigLoadResult& result) {
  std::vector<std::string> out;
  for (const Diagnostic& error : result.errors) {
    out.push_back(fmt::format("{}:{}: {}", error.range.begin.line,
                              result.source->column(error.range.begin, ColumnUnit::characters), error.message));
  }
  return out;
}

std::string_view text_of(const SourceFile& source, const Range& range) {
  return source.text().substr(range.begin.offset, range.size());
}

}  // namespace shipshape::testing
