#include "parsers/image_reference.h"

#include "parsers/text.h"

namespace shipshape {

namespace {

constexpr std::string_view kDefaultRegistry = "docker.io";

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// A path component: lower-case alphanumerics separated by '.', '_', '__' or runs of '-'.
bool valid_path_component(std::string_view c) {
  if (c.empty() || !is_lower_alnum(c.front()) || !is_lower_alnum(c.back())) return false;
  for (std::size_t i = 0; i < c.size(); ++i) {
    const char ch = c[i];
    if (is_lower_alnum(ch)) continue;
    if (ch == '.' || ch == '-') {
      if (ch == '.' && !is_lower_alnum(c[i + 1])) return false;
      continue;
    }
    if (ch == '_') {
      if (i + 1 < c.size() && c[i + 1] == '_') ++i;
      if (!is_lower_alnum(c[i + 1])) return false;
      continue;
    }
    return false;
  }
  return true;
}

bool valid_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > 128) return false;
  const auto word = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  };
  if (!word(tag.front())) return false;
  for (const char c : tag) {
    if (!word(c) && c != '.' && c != '-') return false;
  }
  return true;
}

bool valid_digest(std::string_view digest) {
  const std::size_t colon = digest.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 >= digest.size()) return false;
  for (const char c : digest.substr(0, colon)) {
    if (!is_lower_alnum(c) && c != '+' && c != '.' && c != '_' && c != '-') return false;
  }
  const std::string_view hex = digest.substr(colon + 1);
  if (hex.size() < 32) return false;
  for (const char c : hex) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return digest.substr(0, colon) != "sha256" || hex.size() == 64;
}

bool looks_like_registry(std::string_view first_component) {
  return first_component.find_first_of(".:") != std::string_view::npos || first_component == "localhost" ||
         text::to_lower(first_component) != first_component;
}

}  // namespace

std::string ImageReference::familiar_name() const {
  if (registry == kDefaultRegistry && !registry_explicit) {
    if (repository.rfind("library/", 0) == 0) return repository.substr(8);
    return repository;
  }
  return full_name();
}

bool ImageReference::is_private_ecr() const {
  // <account>.dkr.ecr.<region>.amazonaws.com, also .amazonaws.com.cn and the FIPS variant dkr.ecr-fips.
  const std::string host = text::to_lower(registry);
  const std::size_t dot = host.find('.');
  if (dot == std::string::npos || dot != 12) return false;
  for (std::size_t i = 0; i < dot; ++i) {
    if (host[i] < '0' || host[i] > '9') return false;
  }
  const std::string_view rest = std::string_view(host).substr(dot);
  return (rest.rfind(".dkr.ecr.", 0) == 0 || rest.rfind(".dkr.ecr-fips.", 0) == 0) &&
         (text::iends_with(rest, ".amazonaws.com") || text::iends_with(rest, ".amazonaws.com.cn"));
}

ImageReference parse_image_reference(std::string_view text) {
  ImageReference ref;
  if (text.empty()) {
    ref.error = "the image reference is empty";
    return ref;
  }
  std::string_view rest = text;
  // Digest: everything after the first '@'.
  if (const std::size_t at = rest.find('@'); at != std::string_view::npos) {
    const std::string_view digest = rest.substr(at + 1);
    ref.digest = std::string(digest);
    ref.digest_span = {at + 1, text.size()};
    rest = rest.substr(0, at);
    if (!valid_digest(digest)) {
      ref.error = "invalid digest `" + std::string(digest) + "` (expected algorithm:hex, e.g. sha256:<64 hex digits>)";
    }
  }
  // Tag: after the last ':' that comes after the last '/' (a ':' before a '/' is a registry port).
  const std::size_t last_slash = rest.rfind('/');
  const std::size_t colon = rest.rfind(':');
  if (colon != std::string_view::npos && (last_slash == std::string_view::npos || colon > last_slash)) {
    const std::string_view tag = rest.substr(colon + 1);
    ref.tag = std::string(tag);
    ref.tag_span = {colon + 1, rest.size()};
    rest = rest.substr(0, colon);
    if (!valid_tag(tag) && ref.error.empty()) {
      ref.error = "invalid tag `" + std::string(tag) + "` (letters, digits, '_', '.', '-'; at most 128)";
    }
  }
  ref.name_span = {0, rest.size()};
  if (rest.empty()) {
    if (ref.error.empty()) ref.error = "the image reference has no repository name";
    return ref;
  }
  // Registry: the first component when it looks like a host name.
  std::string_view path = rest;
  const std::size_t first_slash = rest.find('/');
  if (first_slash != std::string_view::npos && looks_like_registry(rest.substr(0, first_slash))) {
    ref.registry = std::string(rest.substr(0, first_slash));
    ref.registry_explicit = true;
    path = rest.substr(first_slash + 1);
  } else {
    ref.registry = std::string(kDefaultRegistry);
  }
  if (ref.registry == "index.docker.io") ref.registry = std::string(kDefaultRegistry);
  ref.repository = std::string(path);
  if (ref.registry == kDefaultRegistry && path.find('/') == std::string_view::npos) {
    ref.repository = "library/" + ref.repository;
  }
  for (const std::string_view component : text::split(path, '/')) {
    if (!valid_path_component(component)) {
      if (ref.error.empty()) {
        ref.error = "invalid repository name `" + std::string(path) +
                    "` (lower-case letters, digits and separators '.', '_', '-')";
      }
      return ref;
    }
  }
  ref.valid = ref.error.empty();
  return ref;
}

}  // namespace shipshape
