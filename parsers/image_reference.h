#pragma once
// Container image references (`ubuntu`, `ghcr.io/org/app:1.2@sha256:...`), parsed the way Docker's
// reference library (distribution/reference) reads them. Shared by the Dockerfile and ECS front ends.

#include <cstddef>
#include <string>
#include <string_view>

namespace shipshape {

struct ImageReference {
  // Offsets into the parsed text, so that a rule can point at exactly the tag or digest.
  struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;  // exclusive; begin == end when absent
    bool present() const { return end > begin; }
  };

  bool valid = false;
  std::string error;              // why the reference is invalid
  std::string registry;           // "docker.io" when none is written
  bool registry_explicit = false;  // the registry was written out
  std::string repository;         // path inside the registry: "library/ubuntu", "org/app"
  std::string tag;                // without ':'; empty when absent
  std::string digest;             // "sha256:<hex>"; empty when absent
  Span name_span;                 // registry and repository as written
  Span tag_span;                  // the tag, without ':'
  Span digest_span;               // the digest, without '@'

  bool has_tag() const { return !tag.empty(); }
  bool has_digest() const { return !digest.empty(); }
  // The short name people write: "ubuntu", "bitnami/redis", "ghcr.io/org/app".
  std::string familiar_name() const;
  // "docker.io/library/ubuntu"
  std::string full_name() const { return registry + "/" + repository; }
  // Amazon ECR: <account>.dkr.ecr.<region>.amazonaws.com[.cn]; ECR Public (public.ecr.aws) is not private.
  bool is_private_ecr() const;
};

ImageReference parse_image_reference(std::string_view text);

}  // namespace shipshape
