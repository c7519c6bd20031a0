#pragma once
// Internals shared by the shell layer's source files (not for rules).

#include "parsers/shell/script.h"

namespace shipshape::shell::detail {

// Sets command.program_position and command.wrappers by looking through wrapper programs.
void resolve_program(Command& command);

}  // namespace shipshape::shell::detail
