#pragma once
// Image lists in rule options (`non-root-images`, ...): globs over the ways an image can be written. A glob
// starting with `!` takes back what earlier globs matched, and the last glob that matches decides, so that a
// list can name a family of images and then its exceptions.

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule.h"

namespace shipshape::rules::image_globs {

// Whether `globs` accept an image written as any of `spellings` ("nginx:1.27", "docker.io/library/nginx:1.27").
// `*` stays within a path segment, `**` crosses segments (text::glob_match).
bool accepts(const std::vector<std::string>& globs, std::initializer_list<std::string_view> spellings);

// Base images that run as an unprivileged user by default, shared by the Dockerfile and task-definition rules:
// the distroless `nonroot` tags, Chainguard's `static`, the .NET chiseled and distroless images, and Windows
// Nano Server from version 1709 on (ContainerUser; the 2016 release ran as ContainerAdministrator).
inline constexpr std::string_view kNonRootImagesDefault =
    R"(["gcr.io/distroless/**:*nonroot*", "cgr.dev/chainguard/static:*", "mcr.microsoft.com/dotnet/**:*-chiseled*", )"
    R"("mcr.microsoft.com/dotnet/**:*-distroless*", "mcr.microsoft.com/**nanoserver**", )"
    R"("!mcr.microsoft.com/**nanoserver*:sac2016*", "!mcr.microsoft.com/**nanoserver*:10.0.14393*"])";

// The `non-root-images` option of DF101 (Dockerfiles) and ECS101 (task definitions), declared once.
inline constexpr RuleOption kNonRootImagesOption{
    .name = "non-root-images",
    .type = OptionType::string_list,
    .default_value = kNonRootImagesDefault,
    .description = "Images that already run as an unprivileged user, so that a stage built on one needs no USER and "
                   "a container of one may leave `user` unset: globs over the image without its digest, as written "
                   "or in full (`docker.io/library/nginx:1.27`); `*` stays within a path segment, `**` crosses "
                   "them; `!glob` takes an exception back, and the last glob that matches decides"};

}  // namespace shipshape::rules::image_globs
