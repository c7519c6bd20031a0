#pragma once

namespace shipshape::cli {

// Runs the command line; returns the process exit code (0 clean, 1 findings, 2 usage or input errors).
int run(int argc, char** argv);

}  // namespace shipshape::cli
