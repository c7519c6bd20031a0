#pragma once
// Rules of the configuration tests' own, with options of every type, so that option parsing can be tested before
// real rules with options exist. parse_config takes them in place of the registry.

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "lint/config_file.h"
#include "rules/registry.h"

namespace shipshape::testing {

// DL3007 (latest_tag), DF106 (untrusted_registry, off by default, four options of every type), ECS101
// (root_user), ECS102 (privileged) and the registry's SS001.
std::span<const rules::RegisteredRule> config_test_rules();

// parse_config over config_test_rules() for a file at /repo/.shipshape.yaml.
lint::ConfigLoadResult parse_test_config(std::string text);

// Each error as "line:column: message", columns in characters.
std::vector<std::string> error_lines(const lint::ConfigLoadResult& result);

// The text of `range` (SourceFile::slice returns a view of a temporary copy).
std::string_view text_of(const SourceFile& source, const Range& range);

}  // namespace shipshape::testing

namespace doctest {
// Lists of messages print one per line when a check fails.
template <>
struct StringMaker<std::vector<std::string>> {
  static String convert(const std::vector<std::string>& lines) {
    std::string out = "{";
    for (const std::string& line : lines) out += "\n  \"" + line + "\"";
    out += lines.empty() ? "}" : "\n}";
    return String(out.c_str());
  }
};
}  // namespace doctest
