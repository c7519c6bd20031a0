#pragma once
// TEMPORARY STUB, replaced by the ECS front end (branch ecs-frontend).
namespace shipshape::ecs {
struct TaskDefinitionFile {};
}  // namespace shipshape::ecs
