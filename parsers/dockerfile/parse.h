#pragma once
// Entry point of the Dockerfile front end: text -> Document (instructions with exact positions, stages,
// variables, RUN scripts parsed as shell). See document.h for what a rule can ask.

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "parsers/diagnostic.h"
#include "parsers/source.h"

namespace shipshape::dockerfile {

class Document;

struct ParseOptions {
  // `--build-arg NAME=VALUE`: overrides ARG defaults, as `docker build --build-arg` does.
  std::vector<std::pair<std::string, std::string>> build_args;
  // `--target STAGE`: the stage that ships; empty means the last stage.
  std::string target;
  // Parse RUN bodies with tree-sitter-bash (the shell query layer). Off only when no rule needs it.
  bool parse_shell = true;
  // When set, a shell-form RUN is parsed only if this returns true for its command line or one of its heredoc
  // bodies; the others get ScriptStatus::not_requested. The engine passes what the enabled rules read.
  std::function<bool(std::string_view run_text)> wants_script;
};

struct ParseResult {
  std::unique_ptr<Document> document;  // null when the file is rejected
  std::vector<Diagnostic> errors;      // why the file is rejected (BuildKit would refuse it too)
};

ParseResult parse(const SourceFile& source, const ParseOptions& options = {});

}  // namespace shipshape::dockerfile
