// Replays every input the fuzzers ever found a problem with (tests/fuzz/regressions/<harness>/) through the same
// harness functions the libFuzzer targets run (tests/fuzz/harnesses.h), so that the normal test suite, and its
// sanitized run, keep them fixed.

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <string>

#include "tests/fuzz/harnesses.h"
#include "tests/support/support.h"

namespace {

namespace fs = std::filesystem;
using shipshape::fuzz::Harness;

#if defined(SHIPSHAPE_SANITIZED) || defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

fs::path regressions_dir() { return shipshape::testing::source_dir() / "tests" / "fuzz" / "regressions"; }

// Runs every committed input of one harness; returns how many there were.
std::size_t replay(const Harness& harness) {
  const fs::path dir = regressions_dir() / std::string(harness.name);
  if (!fs::is_directory(dir)) return 0;
  std::size_t count = 0;
  for (const fs::path& path : shipshape::testing::files_under(dir)) {
    if (path.filename() == "README.md") continue;
    const std::string data = shipshape::testing::read_file(path);
    const auto start = std::chrono::steady_clock::now();
    const shipshape::fuzz::Problems problems = harness.run(data);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    INFO(path.string());
    for (const std::string& problem : problems) CHECK_MESSAGE(false, problem);
    // Hangs were findings too: each input must now go through quickly even in a sanitized build.
    CHECK(seconds < (kSanitized ? 30.0 : 5.0));
    ++count;
  }
  return count;
}

}  // namespace

TEST_CASE("fuzz regressions: every committed input goes through its harness cleanly") {
  std::size_t total = 0;
  for (const Harness& harness : shipshape::fuzz::harnesses()) {
    INFO(harness.name);
    total += replay(harness);
  }
  MESSAGE("replayed " << total << " fuzz regression inputs");
  CHECK(total > 0);
}

TEST_CASE("fuzz regressions: every folder under tests/fuzz/regressions names a harness") {
  REQUIRE(fs::is_directory(regressions_dir()));
  for (const auto& entry : fs::directory_iterator(regressions_dir())) {
    if (!entry.is_directory()) continue;
    CHECK_MESSAGE(shipshape::fuzz::find_harness(entry.path().filename().string()) != nullptr,
                  entry.path().string());
  }
}
