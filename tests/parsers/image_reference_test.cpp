#include "parsers/image_reference.h"

#include <doctest/doctest.h>

using shipshape::parse_image_reference;

TEST_CASE("image references: Docker Hub names are normalised") {
  const auto ubuntu = parse_image_reference("ubuntu");
  CHECK(ubuntu.valid);
  CHECK(ubuntu.registry == "docker.io");
  CHECK_FALSE(ubuntu.registry_explicit);
  CHECK(ubuntu.repository == "library/ubuntu");
  CHECK(ubuntu.familiar_name() == "ubuntu");
  CHECK_FALSE(ubuntu.has_tag());

  const auto redis = parse_image_reference("bitnami/redis:7.2");
  CHECK(redis.repository == "bitnami/redis");
  CHECK(redis.tag == "7.2");
  CHECK(redis.tag_span.begin == 14);
  CHECK(redis.familiar_name() == "bitnami/redis");
}

TEST_CASE("image references: registries, ports, tags and digests") {
  const auto local = parse_image_reference("localhost:5000/app:dev");
  CHECK(local.valid);
  CHECK(local.registry == "localhost:5000");
  CHECK(local.repository == "app");
  CHECK(local.tag == "dev");

  const std::string digest = "sha256:" + std::string(64, 'a');
  const auto pinned = parse_image_reference("ghcr.io/org/app:1.2@" + digest);
  CHECK(pinned.valid);
  CHECK(pinned.registry == "ghcr.io");
  CHECK(pinned.repository == "org/app");
  CHECK(pinned.tag == "1.2");
  CHECK(pinned.digest == digest);
  CHECK(pinned.digest_span.begin == 20);

  const auto ecr = parse_image_reference("123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:latest");
  CHECK(ecr.is_private_ecr());
  CHECK_FALSE(parse_image_reference("public.ecr.aws/nginx/nginx:1").is_private_ecr());
}

TEST_CASE("image references: invalid input is reported, not accepted") {
  CHECK_FALSE(parse_image_reference("").valid);
  CHECK_FALSE(parse_image_reference("Ubuntu").valid);
  CHECK_FALSE(parse_image_reference("ubuntu:").valid);
  CHECK_FALSE(parse_image_reference("ubuntu@sha256:abc").valid);
  CHECK_FALSE(parse_image_reference("ubuntu:bad tag").valid);
}
