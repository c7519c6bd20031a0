#include "lint/config_loader.h"

#include "lint/io.h"

namespace shipshape::lint {

namespace fs = std::filesystem;

ConfigLoader::ConfigLoader(Options options) : options_(std::move(options)) {
  auto defaults = std::make_shared<ConfigLoadResult>();
  std::error_code ec;
  defaults->config.root = fs::current_path(ec);
  default_ = std::move(defaults);
}

std::shared_ptr<const ConfigLoadResult> ConfigLoader::load(const fs::path& file) {
  // Called with the mutex held.
  const auto found = by_file_.find(file);
  if (found != by_file_.end()) return found->second;
  std::shared_ptr<ConfigLoadResult> result;
  ReadResult read = read_file(file);
  if (!read.ok) {
    result = std::make_shared<ConfigLoadResult>();
    result->config.path = file;
    result->config.root = file.parent_path();
    result->errors.push_back(Diagnostic{{}, "cannot read configuration file: " + read.error, {}});
  } else {
    result = std::make_shared<ConfigLoadResult>(parse_config(file, std::move(read.bytes)));
    result->config.path = file;
    result->config.root = file.parent_path();
  }
  by_file_[file] = result;
  return result;
}

std::shared_ptr<const ConfigLoadResult> ConfigLoader::for_directory(const fs::path& start) {
  // Called with the mutex held. Walk up, remembering every directory visited for the answer.
  std::vector<fs::path> visited;
  std::shared_ptr<const ConfigLoadResult> answer = default_;
  for (fs::path directory = start;; directory = directory.parent_path()) {
    const auto cached = by_directory_.find(directory);
    if (cached != by_directory_.end()) {
      answer = cached->second;
      break;
    }
    visited.push_back(directory);
    std::error_code ec;
    bool found = false;
    for (const char* name : kConfigFileNames) {
      const fs::path candidate = directory / name;
      if (fs::is_regular_file(candidate, ec)) {
        answer = load(candidate);
        found = true;
        break;
      }
    }
    // The root of a repository (or of the file system) ends the search.
    if (found || fs::exists(directory / ".git", ec) || directory == directory.parent_path()) break;
  }
  for (const fs::path& directory : visited) by_directory_[directory] = answer;
  return answer;
}

std::shared_ptr<const ConfigLoadResult> ConfigLoader::for_file(const fs::path& path) {
  std::error_code ec;
  return for_absolute_file(fs::absolute(path.empty() ? fs::path("stdin") : path, ec).lexically_normal());
}

std::shared_ptr<const ConfigLoadResult> ConfigLoader::for_absolute_file(const fs::path& absolute) {
  const std::lock_guard lock(mutex_);
  if (options_.isolated) return default_;
  std::error_code ec;
  if (options_.explicit_file) return load(fs::absolute(*options_.explicit_file, ec).lexically_normal());
  return for_directory(absolute.parent_path());
}

std::vector<std::shared_ptr<const ConfigLoadResult>> ConfigLoader::loaded() const {
  const std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<const ConfigLoadResult>> out;
  for (const auto& [path, result] : by_file_) out.push_back(result);
  return out;
}

}  // namespace shipshape::lint
