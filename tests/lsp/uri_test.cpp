#include "lint/lsp/uri.h"

#include <doctest/doctest.h>

namespace shipshape::lsp {

TEST_CASE("lsp uri: file URIs decode to local paths") {
  CHECK(file_uri_to_path("file:///home/me/app/Dockerfile") == "/home/me/app/Dockerfile");
  CHECK(file_uri_to_path("file:///tmp/my%20app/Dockerfile.prod") == "/tmp/my app/Dockerfile.prod");
  CHECK(file_uri_to_path("file:///tmp/%C3%A9t%C3%A9/a%2Bb") == "/tmp/\xC3\xA9t\xC3\xA9/a+b");
  CHECK(file_uri_to_path("file://localhost/etc/x") == "/etc/x");
  CHECK(file_uri_to_path("FILE:///x") == "/x");
  CHECK(file_uri_to_path("file://server/share/x") == "//server/share/x");
  CHECK(file_uri_to_path("file:///a/b?query#fragment") == "/a/b");
  CHECK(file_uri_to_path("file:///50%25%zz%4") == "/50%%zz%4");  // malformed escapes stay as written
  CHECK(file_uri_to_path("file://") == "/");
}

TEST_CASE("lsp uri: other schemes and NUL escapes have no path") {
  CHECK_FALSE(file_uri_to_path("untitled:Untitled-1"));
  CHECK_FALSE(file_uri_to_path("vscode-remote://ssh/x/Dockerfile"));
  CHECK_FALSE(file_uri_to_path("/plain/path"));
  CHECK_FALSE(file_uri_to_path("file:///a%00b"));
}

TEST_CASE("lsp uri: paths encode to file URIs that decode back") {
  CHECK(path_to_file_uri("/tmp/a b/\xC3\xA9#1.yaml") == "file:///tmp/a%20b/%C3%A9%231.yaml");
  CHECK(path_to_file_uri("/srv/app/.shipshape.yaml") == "file:///srv/app/.shipshape.yaml");
  for (const char* path : {"/x/y z", "/\xE6\x97\xA5/%/?/:", "/a~b-c_d.e"}) {
    CAPTURE(path);
    CHECK(file_uri_to_path(path_to_file_uri(path)) == path);
  }
}

TEST_CASE("lsp uri: the file name of any URI") {
  CHECK(uri_file_name("file:///a/b/Dockerfile") == "Dockerfile");
  CHECK(uri_file_name("untitled:Dockerfile") == "Dockerfile");
  CHECK(uri_file_name("untitled:Untitled-1") == "Untitled-1");
  CHECK(uri_file_name("file:///a/my%20task.json?x=1") == "my task.json");
  CHECK(uri_file_name("file:///a/dir/") == "");
}

}  // namespace shipshape::lsp
