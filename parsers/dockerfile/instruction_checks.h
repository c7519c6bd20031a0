#pragma once
// Second stage of the front end, BuildKit's instructions.Parse: the checks `docker build` makes on each
// instruction once the line parser accepted it (argument counts, flags and their values, stage names,
// ONBUILD triggers, HEALTHCHECK options, RUN mounts). Internal to the Dockerfile front end.

#include <vector>

#include "parsers/diagnostic.h"
#include "parsers/dockerfile/instruction.h"
#include "parsers/source.h"

namespace shipshape::dockerfile::detail {

// Marks each flag known or not, parses RUN mounts, and appends an error for everything BuildKit refuses.
// Returns false when the instruction has an error.
bool check_instruction(Instruction& inst, const SourceFile& source, std::vector<Diagnostic>& errors);

}  // namespace shipshape::dockerfile::detail
