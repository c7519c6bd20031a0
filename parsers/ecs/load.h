#pragma once
// Entry point of the task-definition front end: JSON text -> TaskDefinitionFile (a typed ECS model whose
// every field keeps its exact source range and JSON Pointer). See model.h.

#include <memory>
#include <string_view>
#include <vector>

#include "parsers/diagnostic.h"
#include "parsers/source.h"

namespace shipshape::ecs {

struct TaskDefinitionFile;

// Cheap content check used when walking directories: does this JSON text look like a task definition
// (`containerDefinitions`, a `taskDefinition` wrapper, or a bare array of container definitions)?
bool looks_like_task_definition(std::string_view text);

struct LoadResult {
  std::unique_ptr<TaskDefinitionFile> file;  // null when the file cannot be read as a task definition
  std::vector<Diagnostic> errors;            // invalid JSON, or JSON that is not a task definition
};

LoadResult load(const SourceFile& source);

}  // namespace shipshape::ecs
