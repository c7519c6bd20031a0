// TEMPORARY STUB until configuration files land.
#include "lint/config_file.h"
namespace shipshape::lint {
ConfigLoadResult parse_config(const std::filesystem::path& path, std::string text) {
  ConfigLoadResult result;
  result.source = std::make_shared<const SourceFile>(path.string(), std::move(text));
  result.errors.push_back(Diagnostic{{}, "configuration files are not supported yet", {}});
  return result;
}
}  // namespace shipshape::lint
