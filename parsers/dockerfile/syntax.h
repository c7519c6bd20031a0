#pragma once
// First stage of the front end, BuildKit's parser.Parse: lines, directives, continuations, comments,
// heredocs, flags and each instruction's arguments, with positions. It rejects what BuildKit's parser
// rejects (and nothing more); the instruction-level checks BuildKit makes afterwards (argument counts,
// flag values, stage names, ...) belong to parse() in parse.h.

#include <vector>

#include "parsers/diagnostic.h"
#include "parsers/dockerfile/instruction.h"
#include "parsers/source.h"

namespace shipshape::dockerfile {

struct SyntaxTree {
  char escape = '\\';                      // the escape character (`# escape=` directive)
  std::vector<Directive> directives;
  std::vector<Comment> comments;
  std::vector<Instruction> instructions;   // file order
  std::vector<EmptyContinuation> empty_continuations;
  std::vector<Diagnostic> errors;          // non-empty: BuildKit's parser rejects the file
  bool ok() const { return errors.empty(); }
};

SyntaxTree parse_syntax(const SourceFile& source);

}  // namespace shipshape::dockerfile
