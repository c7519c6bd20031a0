// One libFuzzer target per harness: tests/fuzz/CMakeLists.txt compiles this file once per harness with
// SHIPSHAPE_FUZZ_HARNESS set to the harness name (see harnesses.h).

#include <cstdio>
#include <cstdlib>

#include "tests/fuzz/harnesses.h"

#ifndef SHIPSHAPE_FUZZ_HARNESS
#error "define SHIPSHAPE_FUZZ_HARNESS to a harness name"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const shipshape::fuzz::Harness* const harness = shipshape::fuzz::find_harness(SHIPSHAPE_FUZZ_HARNESS);
  if (harness == nullptr) std::abort();
  const shipshape::fuzz::Problems problems = harness->run(shipshape::fuzz::detail::as_text(data, size));
  if (!problems.empty()) {
    // A broken invariant is a finding like a crash: abort so that libFuzzer saves the input.
    for (const std::string& problem : problems) std::fprintf(stderr, "invariant broken: %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}
