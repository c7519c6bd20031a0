// The shipshape executable: everything lives in the core library; see lint/cli/cli.h.
#include "lint/cli/cli.h"

int main(int argc, char** argv) { return shipshape::cli::run(argc, argv); }
