// Secret-name classification details the Dockerfile corpus showed: compound words such as LDAP_ROOTPASS.

#include <doctest/doctest.h>

#include "rules/support/secrets.h"

namespace secrets = shipshape::rules::secrets;

TEST_CASE("secret names: compound words that end with a secret word") {
  CHECK(secrets::classify_name("LDAP_ROOTPASS").reason == "pass");
  CHECK(secrets::classify_name("MYSQL_ROOTPASSWORD").reason == "password");
  CHECK(secrets::classify_name("ADMINPASSWD").reason == "passwd");
  CHECK(secrets::classify_name("GITLAB_ACCESSTOKEN").reason == "token");
  CHECK(secrets::classify_name("dbpass").secret);
}

TEST_CASE("secret names: compound words that only look like one") {
  for (const char* name : {"PROXY_BYPASS", "COMPASS_HOME", "NO_BYPASS", "PASSTHROUGH", "ROOTPASS_FILE",
                           "MAX_TOKENS", "TOKENIZER_PATH", "ADMINPASSWORD_FILE", "KEEPASSXC_VERSION"}) {
    CHECK_MESSAGE(!secrets::classify_name(name).secret, name);
  }
}
