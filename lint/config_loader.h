#pragma once
// Finds the configuration that applies to each linted file: `--config FILE` when given; else the nearest
// `.shipshape.yaml` walking up from the file's directory (stopping at the root of a git repository);
// nothing with `--isolated`. Each file is read once; safe to call from several threads.

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "lint/config.h"
#include "lint/config_file.h"

namespace shipshape::lint {

class ConfigLoader {
 public:
  struct Options {
    std::optional<std::filesystem::path> explicit_file;  // --config
    bool isolated = false;                               // --isolated
    // --select/--ignore/--extend-select: layered over each config file when deciding whether SS001 reports its
    // unused ignore entries (see config_reports).
    RuleSettings command_line;
  };
  explicit ConfigLoader(Options options);

  // The config for a file at `path` (need not exist: --stdin-filename). Never null; a default ConfigFile when
  // none applies.
  std::shared_ptr<const ConfigLoadResult> for_file(const std::filesystem::path& path);
  // The same for a path that is already absolute and lexically normal (as discovery leaves it).
  std::shared_ptr<const ConfigLoadResult> for_absolute_file(const std::filesystem::path& absolute);

  // Every config file loaded so far (for reporting their errors and unused ignores), sorted by path.
  std::vector<std::shared_ptr<const ConfigLoadResult>> loaded() const;

  const Options& options() const { return options_; }

 private:
  std::shared_ptr<const ConfigLoadResult> for_directory(const std::filesystem::path& directory);
  std::shared_ptr<const ConfigLoadResult> load(const std::filesystem::path& file);

  Options options_;
  std::shared_ptr<const ConfigLoadResult> default_;
  mutable std::mutex mutex_;
  std::map<std::filesystem::path, std::shared_ptr<const ConfigLoadResult>> by_directory_;
  std::map<std::filesystem::path, std::shared_ptr<const ConfigLoadResult>> by_file_;
};

}  // namespace shipshape::lint
