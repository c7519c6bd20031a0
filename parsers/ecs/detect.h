#pragma once
// Recognising task definitions by content (shared by looks_like_task_definition and load).

#include <span>
#include <string_view>

namespace shipshape::ecs {

// Do these keys (of the first element of a top-level array) look like an ECS container definition?
// Needs `image`, and either an ECS-specific key (anything but name/image/command, which Kubernetes
// container specs share) or no foreign keys at all; foreign keys must not outnumber known ones.
bool container_keys_look_valid(std::span<const std::string_view> keys);

}  // namespace shipshape::ecs
