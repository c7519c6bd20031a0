#include "lint/io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace shipshape::lint {

namespace {

std::string errno_text(int error) {
  switch (error) {
    case EACCES: return "permission denied";
    case ENOENT: return "no such file or directory";
    case EISDIR: return "is a directory";
    case ELOOP: return "too many levels of symbolic links";
    default: return std::strerror(error);
  }
}

// Reads everything from `fd`; `expected` is a size hint.
ReadResult read_all(int fd, std::uint64_t expected) {
  ReadResult result;
  if (expected > 0) result.bytes.reserve(static_cast<std::size_t>(expected) + 1);
  char buffer[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
      if (result.bytes.size() + static_cast<std::size_t>(n) > kMaxInputBytes) {
        result.bytes.clear();
        result.error = "file is larger than 1 GiB";
        return result;
      }
      result.bytes.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0) break;
    if (errno == EINTR) continue;
    result.bytes.clear();
    result.error = errno_text(errno);
    return result;
  }
  result.ok = true;
  return result;
}

}  // namespace

ReadResult read_file(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return ReadResult{false, {}, errno_text(errno)};
  struct stat info {};
  ReadResult result;
  if (::fstat(fd, &info) != 0) {
    result.error = errno_text(errno);
  } else if (S_ISDIR(info.st_mode)) {
    result.error = "is a directory";
  } else if (!S_ISREG(info.st_mode)) {
    // FIFOs and devices could block forever or never end; a linter only reads regular files.
    result.error = "not a regular file";
  } else if (static_cast<std::uint64_t>(info.st_size) > kMaxInputBytes) {
    result.error = "file is larger than 1 GiB";
  } else {
    result = read_all(fd, static_cast<std::uint64_t>(info.st_size));
  }
  ::close(fd);
  return result;
}

ReadResult read_stdin() {
  struct stat info {};
  if (::fstat(STDIN_FILENO, &info) != 0) return ReadResult{false, {}, "standard input is closed"};
  return read_all(STDIN_FILENO, S_ISREG(info.st_mode) ? static_cast<std::uint64_t>(info.st_size) : 0);
}

std::string write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  const std::filesystem::path directory = path.has_parent_path() ? path.parent_path() : ".";
  std::random_device random;
  const std::filesystem::path temporary =
      directory / ("." + path.filename().string() + ".shipshape-" + std::to_string(random()) + ".tmp");
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return "cannot write " + path.string() + ": " + errno_text(errno);
  std::string_view rest = content;
  while (!rest.empty()) {
    const ssize_t n = ::write(fd, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string reason = errno_text(errno);
      ::close(fd);
      ::unlink(temporary.c_str());
      return "cannot write " + path.string() + ": " + reason;
    }
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string reason = errno_text(errno);
    ::unlink(temporary.c_str());
    return "cannot write " + path.string() + ": " + reason;
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string reason = errno_text(errno);
    ::unlink(temporary.c_str());
    return "cannot write " + path.string() + ": " + reason;
  }
  return {};
}

bool write_stdout(std::string_view content, std::string* error) {
  while (!content.empty()) {
    const ssize_t n = ::write(STDOUT_FILENO, content.data(), content.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (error != nullptr) *error = n < 0 && errno == EPIPE ? std::string() : errno_text(n < 0 ? errno : EIO);
      return false;
    }
    content.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace shipshape::lint
