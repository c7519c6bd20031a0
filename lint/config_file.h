#pragma once
// Reading `.shipshape.yaml` files (libyaml), with exact positions for every error.

#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "lint/config.h"
#include "parsers/diagnostic.h"

namespace shipshape::lint {

struct ConfigLoadResult {
  ConfigFile config;
  std::vector<Diagnostic> errors;  // unknown key, unknown rule id, wrong type, invalid YAML: exit code 2
  std::shared_ptr<const SourceFile> source;  // the config file's text (positions of errors and unused ignores)
};

// Parses `text` (the content of `path`) as a shipshape configuration (schema: docs/configuration.md). Never throws;
// every problem is an error with its exact position. Rule ids, selectors and options are checked against the
// registry's rules.
ConfigLoadResult parse_config(const std::filesystem::path& path, std::string text);

// The same, checking rule ids, selectors and options against `rules` instead (tests use rules of their own).
ConfigLoadResult parse_config(const std::filesystem::path& path, std::string text,
                              std::span<const rules::RegisteredRule> rules);

// More nodes than this after expanding aliases is refused ("billion laughs"); real configurations have hundreds.
inline constexpr std::size_t kMaxConfigNodes = 100000;
// Deeper collections are refused (real configurations nest a handful of levels).
inline constexpr std::size_t kMaxConfigDepth = 64;

// File names looked for in each directory, in order.
inline constexpr const char* kConfigFileNames[] = {".shipshape.yaml", ".shipshape.yml"};

}  // namespace shipshape::lint
