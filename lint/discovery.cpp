#include "lint/discovery.h"

#include <algorithm>
#include <set>
#include <system_error>

#include "parsers/text.h"

namespace shipshape::lint {

namespace fs = std::filesystem;

std::string_view to_string(FileType type) { return type == FileType::dockerfile ? "dockerfile" : "ecs"; }

std::optional<FileType> parse_file_type(std::string_view text) {
  if (text::iequals(text, "dockerfile") || text::iequals(text, "containerfile")) return FileType::dockerfile;
  if (text::iequals(text, "ecs") || text::iequals(text, "task-definition")) return FileType::ecs;
  return std::nullopt;
}

bool is_dockerfile_name(std::string_view name) {
  for (const std::string_view base : {std::string_view("dockerfile"), std::string_view("containerfile")}) {
    if (text::iequals(name, base)) return true;
    // Dockerfile.prod, Containerfile.arm64
    if (name.size() > base.size() + 1 && text::istarts_with(name, base) && name[base.size()] == '.') return true;
    // app.Dockerfile, build.dockerfile
    if (name.size() > base.size() + 1 && text::iends_with(name, base) && name[name.size() - base.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

namespace {

// Absolute, lexically normal paths and the display paths made from them. The working directory is read once
// for a whole discovery, not once per file.
class PathNamer {
 public:
  PathNamer() {
    std::error_code ec;
    cwd_ = fs::current_path(ec);
    if (ec) cwd_.clear();
  }
  fs::path absolute(const fs::path& path) const {
    if (path.is_absolute() || cwd_.empty()) return path.lexically_normal();
    return (cwd_ / path).lexically_normal();
  }
  std::string display(const fs::path& path, const fs::path& absolute_path) const {
    if (!cwd_.empty() && absolute_path.is_absolute()) {
      const fs::path relative = absolute_path.lexically_relative(cwd_);
      if (!relative.empty() && *relative.begin() != "..") return relative.generic_string();
    }
    return path.lexically_normal().generic_string();
  }

 private:
  fs::path cwd_;
};

}  // namespace

std::string display_path(const fs::path& path) {
  const PathNamer namer;
  return namer.display(path, namer.absolute(path));
}

bool is_excluded(std::string_view relative_path, const std::vector<std::string>& globs) {
  const std::size_t slash = relative_path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? relative_path : relative_path.substr(slash + 1);
  for (const std::string& glob : globs) {
    std::string_view pattern = glob;
    while (pattern.size() > 1 && pattern.back() == '/') pattern.remove_suffix(1);
    if (pattern.substr(0, 2) == "./") pattern.remove_prefix(2);
    if (text::glob_match(pattern, relative_path) || text::glob_match(pattern, name)) return true;
    // A pattern naming a directory excludes everything under it.
    if (text::glob_match(std::string(pattern) + "/**", relative_path)) return true;
  }
  return false;
}

namespace {

bool is_json_name(std::string_view name) { return text::iends_with(name, ".json"); }

// Directories no one wants linted.
bool is_skipped_directory(std::string_view name) { return name == ".git" || name == "node_modules"; }

void add_walked_file(const fs::path& file, const DiscoveryOptions& options, const PathNamer& namer, Discovery& out) {
  const std::string name = file.filename().string();
  InputFile input;
  input.fs_path = file;
  input.absolute = namer.absolute(file);
  input.path = namer.display(file, input.absolute);
  if (options.forced_type) {
    input.type = options.forced_type;
  } else if (is_dockerfile_name(name)) {
    input.type = FileType::dockerfile;
  } else if (is_json_name(name)) {
    input.type = FileType::ecs;
    input.only_if_task_definition = true;
  } else {
    return;
  }
  out.files.push_back(std::move(input));
}

// Depth-first walk with an explicit stack; an unreadable directory is reported and the walk goes on.
void walk_directory(const fs::path& root, const DiscoveryOptions& options, const PathNamer& namer, Discovery& out) {
  std::vector<fs::path> pending{root};
  while (!pending.empty()) {
    const fs::path directory = std::move(pending.back());
    pending.pop_back();
    std::error_code ec;
    fs::directory_iterator it(directory, ec);
    if (ec) {
      out.errors.push_back({display_path(directory), "cannot read directory: " + ec.message()});
      continue;
    }
    for (const fs::directory_iterator end; it != end; it.increment(ec)) {
      if (ec) break;
      const fs::directory_entry& entry = *it;
      const std::string relative = entry.path().lexically_relative(root).generic_string();
      std::error_code type_ec;
      if (entry.is_symlink(type_ec)) {
        // Symbolic links to directories are not followed (no loops, no escaping the tree); links to files are.
        const fs::file_status target = fs::status(entry.path(), type_ec);
        if (is_excluded(relative, options.exclude)) continue;
        if (fs::is_regular_file(target)) {
          add_walked_file(entry.path(), options, namer, out);
        } else if (!fs::exists(target) && is_dockerfile_name(entry.path().filename().string())) {
          // A Dockerfile that cannot be read is worth saying; other dangling links are none of our business.
          out.errors.push_back({display_path(entry.path()), type_ec == std::errc::too_many_symbolic_link_levels
                                                                ? "symbolic link loop (too many levels of symbolic links)"
                                                                : "broken symbolic link"});
        }
        continue;
      }
      if (entry.is_directory(type_ec)) {
        if (!is_skipped_directory(entry.path().filename().string()) && !is_excluded(relative, options.exclude)) {
          pending.push_back(entry.path());
        }
      } else if (entry.is_regular_file(type_ec) && !is_excluded(relative, options.exclude)) {
        add_walked_file(entry.path(), options, namer, out);
      }
    }
    if (ec) out.errors.push_back({display_path(directory), "cannot read directory: " + ec.message()});
  }
}

std::optional<FileType> type_from_name_or_content(const fs::path& path) {
  const std::string name = path.filename().string();
  if (is_dockerfile_name(name)) return FileType::dockerfile;
  if (is_json_name(name)) return FileType::ecs;
  return std::nullopt;  // decided from the content once the file is read
}

}  // namespace

Discovery discover(const std::vector<std::string>& paths, const DiscoveryOptions& options) {
  const PathNamer namer;
  Discovery out;
  const std::vector<std::string> roots = paths.empty() ? std::vector<std::string>{"."} : paths;
  bool stdin_used = false;
  for (const std::string& arg : roots) {
    if (arg == "-") {
      if (stdin_used) continue;
      stdin_used = true;
      InputFile input;
      input.from_stdin = true;
      input.named_explicitly = true;
      // Standard input without a name stands in the working directory (for the config lookup).
      const fs::path named = options.stdin_filename.empty() ? fs::path("-") : fs::path(options.stdin_filename);
      input.absolute = namer.absolute(named);
      input.path = options.stdin_filename.empty() ? "-" : namer.display(options.stdin_filename, input.absolute);
      input.fs_path = options.stdin_filename;
      input.type = options.forced_type;
      if (!input.type && !options.stdin_filename.empty()) input.type = type_from_name_or_content(options.stdin_filename);
      out.files.push_back(std::move(input));
      continue;
    }
    const fs::path path(arg);
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      const bool loop = ec == std::errc::too_many_symbolic_link_levels;
      const bool dangling = fs::is_symlink(fs::symlink_status(path, ec));
      out.errors.push_back({arg, loop       ? "symbolic link loop (too many levels of symbolic links)"
                                 : dangling ? "broken symbolic link"
                                            : "no such file or directory"});
      continue;
    }
    if (fs::is_directory(status)) {
      const std::size_t found = out.files.size();
      walk_directory(path, options, namer, out);
      // `shipshape Dockerfile` where Dockerfile is a directory: saying "no problems in 0 files" would mislead.
      const fs::path name = path.has_filename() ? path.filename() : path.parent_path().filename();
      if (out.files.size() == found && is_dockerfile_name(name.string())) {
        out.errors.push_back({arg, "is a directory, and holds no Dockerfile or task definition"});
      }
      continue;
    }
    if (options.skip_unrecognized && !options.forced_type) {
      add_walked_file(path, options, namer, out);
      continue;
    }
    InputFile input;
    input.fs_path = path;
    input.absolute = namer.absolute(path);
    input.path = namer.display(path, input.absolute);
    input.named_explicitly = true;
    input.type = options.forced_type ? options.forced_type : type_from_name_or_content(path);
    out.files.push_back(std::move(input));
  }
  std::stable_sort(out.files.begin(), out.files.end(),
                   [](const InputFile& a, const InputFile& b) { return a.path < b.path; });
  // Walks meet entries in the file system's order: sort, so that reports do not change from one machine to another.
  std::stable_sort(out.errors.begin(), out.errors.end(),
                   [](const InputError& a, const InputError& b) { return a.path < b.path; });
  // The same file reached twice (named and walked) is linted once.
  std::set<std::string> seen;
  std::erase_if(out.files, [&](const InputFile& f) { return !f.from_stdin && !seen.insert(f.path).second; });
  return out;
}

}  // namespace shipshape::lint
