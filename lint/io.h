#pragma once
// File input and output with the guarantees a linter in a commit hook needs: one read per file with a size
// bound, and writes that never leave a half-written file behind.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace shipshape::lint {

// Files larger than this are refused with a clear message instead of exhausting memory.
inline constexpr std::uint64_t kMaxInputBytes = std::uint64_t{1} << 30;  // 1 GiB

struct ReadResult {
  bool ok = false;
  std::string bytes;
  std::string error;  // e.g. "permission denied", "is a directory"
};

ReadResult read_file(const std::filesystem::path& path);
ReadResult read_stdin();

// Writes `content` to `path` through a temporary file in the same directory and an atomic rename.
// Returns an empty string on success, else why it failed.
std::string write_file_atomically(const std::filesystem::path& path, std::string_view content);

// Writes everything to standard output. Returns false when the reader went away (EPIPE) or on error; `error`, when
// given, is then empty for EPIPE (stop quietly, as `shipshape | head` expects) and says why otherwise (a full disk).
bool write_stdout(std::string_view content, std::string* error = nullptr);

}  // namespace shipshape::lint
