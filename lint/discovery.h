#pragma once
// Which files to lint: walks the paths given on the command line and recognises Dockerfiles by name and
// task definitions by content.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shipshape::lint {

enum class FileType : unsigned char { dockerfile, ecs };
std::string_view to_string(FileType type);
std::optional<FileType> parse_file_type(std::string_view text);

// Dockerfile names: Dockerfile, Containerfile, *.Dockerfile, *.dockerfile, Dockerfile.*, Containerfile.*
// (case-insensitive, as people write `dockerfile` and `Dockerfile.PROD` too).
bool is_dockerfile_name(std::string_view filename);

struct InputFile {
  std::string path;                  // as shown in output: relative to the working directory when inside it
  std::filesystem::path fs_path;     // what to open
  std::filesystem::path absolute;    // fs_path made absolute and lexically normal (`<cwd>/-` for unnamed stdin)
  bool from_stdin = false;
  bool named_explicitly = false;     // given on the command line (not found by a directory walk)
  std::optional<FileType> type;      // known from the name or --type; else decided from the content
  // A `*.json` found by a directory walk: linted only when its content is a task definition, silently
  // skipped otherwise (the engine decides, in parallel, when it reads the file).
  bool only_if_task_definition = false;
};

struct InputError {
  std::string path;
  std::string message;
};

struct DiscoveryOptions {
  std::vector<std::string> exclude;    // globs over paths relative to the walked directory, or file names
  std::optional<FileType> forced_type; // --type
  std::string stdin_filename;          // --stdin-filename, for `-`
  // Treat files named on the command line like files found in a walk: lint them only when their name says
  // Dockerfile or their content says task definition (pre-commit passes every `*.json` it sees).
  bool skip_unrecognized = false;
};

struct Discovery {
  std::vector<InputFile> files;   // sorted by path, without duplicates
  std::vector<InputError> errors; // paths that do not exist, unreadable directories, ...
};

// `paths` empty means the current directory. `-` is standard input.
Discovery discover(const std::vector<std::string>& paths, const DiscoveryOptions& options);

// The path to show for `path`: relative to the working directory when it lies inside it, with '/' separators.
std::string display_path(const std::filesystem::path& path);

// True when `relative_path` (or its file name) matches one of the globs.
bool is_excluded(std::string_view relative_path, const std::vector<std::string>& globs);

}  // namespace shipshape::lint
