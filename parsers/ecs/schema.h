#pragma once
// The shape of task-definition JSON as the ECS API defines it (botocore's ECS model, API version
// 2014-11-13): for every object, its keys with their types, enumerations, and which keys are required
// or read-only. The loader validates files against it and records ShapeProblems.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace shipshape::ecs::schema {

enum class Type : std::uint8_t {
  string,
  integer,
  boolean,
  timestamp,  // a string or a number (the CLI prints either, depending on its timestamp format)
  task_size,  // task-level cpu/memory: a string ("1024", "1 vCPU", "2 GB")
  string_list,
  integer_list,
  string_map,  // an object whose values are strings; its keys are free-form
  object,
  object_list,
};

struct Object;

struct Field {
  std::string_view name;
  Type type = Type::string;
  const Object* object = nullptr;                 // for object and object_list
  std::span<const std::string_view> values = {};  // allowed values, for string and string_list
  bool required = false;
  bool read_only = false;  // returned by DescribeTaskDefinition, not accepted by RegisterTaskDefinition
};

struct Object {
  std::string_view description;  // used in messages, e.g. "container definition"
  std::span<const Field> fields;

  const Field* find(std::string_view key) const;
  // The field names, for "did you mean" suggestions.
  std::vector<std::string_view> names() const;
};

// `RegisterTaskDefinition` input, with the read-only fields of `TaskDefinition` marked read_only.
const Object& task_definition();
// `DescribeTaskDefinition` output: {"taskDefinition": {...}, "tags": [...]}.
const Object& describe_output();
const Object& container_definition();

// Describes a type for messages: "a string", "an integer", "a list of strings", ...
std::string_view describe(Type type);

}  // namespace shipshape::ecs::schema
