#pragma once
// Predicates shared by the task-definition rules: how a message names a container, where a finding about a
// missing key points, launch type and operating system, and known non-root images.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/ecs/model.h"
#include "rules/rule.h"

namespace shipshape::rules::ecs_support {

// `container "web"`, or `container #2` (1-based) when the name is missing or not a literal.
std::string container_label(const ecs::Located<ecs::Container>& container, std::size_t index);

// A container definition with its position in `containerDefinitions` (for container_label).
struct IndexedContainer {
  std::size_t index;
  const ecs::Located<ecs::Container>& container;
};
// The container definitions that could be read (not `null`, not of the wrong type), in order; none when the
// list itself could not be read.
std::vector<IndexedContainer> known_containers(const ecs::TaskDefinition& task);

// False for a bare container list (Terraform's container_definitions file): it has no task level, so
// task-level rules have nothing to check.
bool has_task_level(const ecs::TaskDefinitionFile& file);

// `requiresCompatibilities` lists `name` (a known literal; "FARGATE", "EC2", "EXTERNAL", ...).
bool requires_compatibility(const ecs::TaskDefinition& task, std::string_view name);
inline bool requires_fargate(const ecs::TaskDefinition& task) { return requires_compatibility(task, "FARGATE"); }

// A Windows task definition: runtimePlatform.operatingSystemFamily is WINDOWS_*; or, when the family is not
// written, a container shows Windows unmistakably (a Windows base image such as microsoft/iis or
// mcr.microsoft.com/windows/servercore, a powershell, cmd or .exe entry point, a `C:\` working directory or
// command word, a gMSA credentialspec).
// Many task definitions for Windows omit runtimePlatform, which only Fargate requires.
bool is_windows_task(const ecs::TaskDefinition& task);

// Where a finding goes and which JSON Pointer it names.
struct Spot {
  Range range;
  std::string pointer;
};

// A written value: its range and pointer.
template <class T>
Spot value_spot(const ecs::Located<T>& value) {
  return {value.value_range, value.pointer};
}

// The decoded content of a string value without its quotes (the whole value range for other kinds).
Spot content_spot(const ecs::TaskDefinitionFile& file, const ecs::Located<std::string>& value);

// A key missing from `object`: the object's key when it has one, else its opening `{`; the object's pointer.
template <class T>
Spot missing_key_spot(const ecs::TaskDefinitionFile& file, const ecs::Located<T>& object) {
  return {file.anchor(object), object.pointer};
}

// Adds a finding at `spot`.
Finding& add_finding(Report& report, const Spot& spot, std::string message);

// Reports every shape problem of `kind` the front end recorded, at its range and pointer, with its message; returns
// how many.
std::size_t report_problems(const ecs::TaskDefinitionFile& file, Report& report, ecs::ProblemKind kind);

// Does the image match one of `globs`? Each glob is matched (`*` within a path segment, `**` across) against the
// image as written without its digest, and against its normalised form (`docker.io/library/nginx:1.27`).
bool image_matches(const ecs::Container& container, const std::vector<std::string>& globs);

}  // namespace shipshape::rules::ecs_support
