#pragma once
// Reading `.shipshape.yaml` files (libyaml), with exact positions for every error.

#include <filesystem>
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

// Parses `text` (the content of `path`) as a shipshape configuration.
ConfigLoadResult parse_config(const std::filesystem::path& path, std::string text);

// File names looked for in each directory, in order.
inline constexpr const char* kConfigFileNames[] = {".shipshape.yaml", ".shipshape.yml"};

}  // namespace shipshape::lint
