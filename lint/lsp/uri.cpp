#include "lint/lsp/uri.h"

#include "parsers/text.h"

namespace shipshape::lsp {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes; a '%' not followed by two hex digits stays as it is. nullopt when a NUL would result.
std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high >= 0 && low >= 0) {
        const char c = static_cast<char>(high * 16 + low);
        if (c == '\0') return std::nullopt;
        out.push_back(c);
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

bool is_unreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

}  // namespace

std::optional<std::string> file_uri_to_path(std::string_view uri) {
  constexpr std::string_view kScheme = "file://";
  if (!text::istarts_with(uri, kScheme)) return std::nullopt;
  std::string_view rest = uri.substr(kScheme.size());
  // A query or fragment is not part of the path.
  rest = rest.substr(0, rest.find_first_of("?#"));
  const std::size_t slash = rest.find('/');
  const std::string_view authority = rest.substr(0, slash);
  const std::string_view path = slash == std::string_view::npos ? std::string_view("/") : rest.substr(slash);
  std::optional<std::string> decoded = percent_decode(path);
  if (!decoded) return std::nullopt;
  if (!authority.empty() && !text::iequals(authority, "localhost")) {
    std::optional<std::string> host = percent_decode(authority);
    if (!host) return std::nullopt;
    return "//" + *host + *decoded;
  }
  return decoded;
}

std::string path_to_file_uri(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "file://";
  if (path.empty() || path.front() != '/') out.push_back('/');
  for (const char c : path) {
    if (is_unreserved(c) || c == '/') {
      out.push_back(c);
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xF]);
    }
  }
  return out;
}

std::string uri_file_name(std::string_view uri) {
  std::string_view rest = uri.substr(0, uri.find_first_of("?#"));
  const std::size_t colon = rest.find(':');
  if (colon != std::string_view::npos) rest.remove_prefix(colon + 1);
  const std::size_t slash = rest.rfind('/');
  if (slash != std::string_view::npos) rest.remove_prefix(slash + 1);
  return percent_decode(rest).value_or(std::string());
}

}  // namespace shipshape::lsp
