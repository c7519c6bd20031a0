#pragma once
// `file://` URIs as editors send them, and back.

#include <optional>
#include <string>
#include <string_view>

namespace shipshape::lsp {

// The local path of a `file:` URI (percent-decoded; `file://localhost/p` and `file:///p` both give `/p`,
// `file://host/share/p` gives `//host/share/p`). nullopt for other schemes (`untitled:`, ...) and for
// escapes that decode to a NUL byte.
std::optional<std::string> file_uri_to_path(std::string_view uri);

// The `file://` URI of an absolute path, percent-encoding everything but unreserved characters and '/'.
std::string path_to_file_uri(std::string_view path);

// The last path segment of any URI (percent-decoded), e.g. `Dockerfile` for `untitled:Dockerfile` or
// `file:///x/Dockerfile`; used to recognise document types when there is no local path.
std::string uri_file_name(std::string_view uri);

}  // namespace shipshape::lsp
