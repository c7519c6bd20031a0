#include "lint/cli/cli.h"

namespace shipshape::cli {

int run(int, char**) { return 0; }

}  // namespace shipshape::cli
