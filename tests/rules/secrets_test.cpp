#include "rules/support/secrets.h"

#include <doctest/doctest.h>

namespace secrets = shipshape::rules::secrets;

TEST_CASE("secrets: names that say they hold a secret") {
  for (const char* name : {"DB_PASSWORD", "MYSQL_ROOT_PASSWORD", "dbPassword", "GITHUB_TOKEN", "NPM_AUTH_TOKEN",
                           "API_KEY", "ApiKey", "APIKey", "x-api-key", "STRIPE_SECRET_KEY", "JWT_SECRET",
                           "AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SESSION_TOKEN", "SSH_PRIVATE_KEY",
                           "SMTP_PASS", "DB_PWD", "CLIENT_SECRET", "credentials", "SECRET_KEY_BASE", "APP_KEY",
                           "REDIS_PASSPHRASE", "ECS_ENGINE_AUTH_DATA", "NEW_RELIC_LICENSE_KEY"}) {
    CHECK_MESSAGE(secrets::classify_name(name).secret, name);
  }
}

TEST_CASE("secrets: names that only refer to a secret or are not about one") {
  for (const char* name : {"MYSQL_ROOT_PASSWORD_FILE", "DB_PASSWORD_PATH", "TOKEN_URL", "SECRET_ARN",
                           "SECRETS_DIR", "GPG_KEY", "PUBLIC_KEY", "SSH_PUBLIC_KEY", "KEY_ID", "TOKEN_TYPE",
                           "PWD", "GOOGLE_APPLICATION_CREDENTIALS", "SSH_AUTH_SOCK", "PASS_THROUGH",
                           "MAX_TOKENS", "TOKENIZERS_PARALLELISM", "PASSWORD_MIN_LENGTH", "NODE_VERSION",
                           "PYTHON_SHA256", "APP_HOME", "KEYRING", "AUTH_URL", "SECRET_NAME", "API_KEY_ID"}) {
    CHECK_MESSAGE(!secrets::classify_name(name).secret, name);
  }
}

TEST_CASE("secrets: extra words from options") {
  CHECK(secrets::classify_name("VAULT_ROLE", {"role"}).secret);
  CHECK_FALSE(secrets::classify_name("DB_PASSWORD_HINT2", {}, {"hint2"}).secret);
}

TEST_CASE("secrets: credentials recognised by their shape") {
  struct Case {
    std::string value;
    std::string_view kind;
  };
  const std::vector<Case> cases = {
      {"AKIAIOSFODNN7EXAMPLE", "AWS access key ID"},
      {"ASIAY34FZKBOKMUTVV7A", "AWS access key ID"},
      {"ghp_" + std::string(36, 'a'), "GitHub token"},
      {"github_pat_" + std::string(22, 'A') + "_" + std::string(59, 'b'), "GitHub token"},
      {"glpat-" + std::string(20, 'x'), "GitLab token"},
      {"xoxb-123456789012-abcdefABCDEF", "Slack token"},
      {"sk_live_" + std::string(24, '9'), "Stripe secret key"},
      {"-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----", "PEM private key"},
      {"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
       "JSON Web Token"},
      {"postgres://app:s3cr3tpass@db:5432/app", "password in a URL"},
      {"AIza" + std::string(35, 'Q'), "API token"},
  };
  for (const Case& c : cases) {
    const auto match = secrets::find_credential(c.value);
    REQUIRE_MESSAGE(match.has_value(), c.value);
    CHECK(match->kind == c.kind);
  }
  const auto url = secrets::find_credential("redis://:hunter22@cache:6379/0");
  REQUIRE(url.has_value());
  CHECK(std::string_view("redis://:hunter22@cache:6379/0").substr(url->begin, url->end - url->begin) == "hunter22");
}

TEST_CASE("secrets: values that are not credentials") {
  for (const char* value : {"", "nginx:1.27", "AKIAIOSFODNN7EXAMPL", "XAKIAIOSFODNN7EXAMPLE", "ghp_short",
                            "postgres://app:${DB_PASSWORD}@db/app", "https://user@example.com/x",
                            "https://example.com:8443/path", "pk_live_" "abcdefabcdefabcdefabcdef",
                            "-----BEGIN PUBLIC KEY-----", "eyJhbGciOi.notjwt", "/run/secrets/token"}) {
    CHECK_MESSAGE(!secrets::find_credential(value).has_value(), value);
  }
}

TEST_CASE("secrets: AWS secret access key shape") {
  CHECK(secrets::looks_like_aws_secret_key("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
  CHECK_FALSE(secrets::looks_like_aws_secret_key("da39a3ee5e6b4b0d3255bfef95601890afd80709"));  // a git SHA
  CHECK_FALSE(secrets::looks_like_aws_secret_key("short"));
}

TEST_CASE("secrets: placeholders") {
  for (const char* value : {"", "${DB_PASSWORD}", "$TOKEN", "{{ token }}", "<password>", "$$$SECRET$$$", "****",
                            "changeme", "REDACTED", "none"}) {
    CHECK_MESSAGE(secrets::is_placeholder(value), value);
  }
  CHECK_FALSE(secrets::is_placeholder("hunter2"));
}

TEST_CASE("secrets: redaction never shows six consecutive characters") {
  CHECK(secrets::redact("AKIAIOSFODNN7EXAMPLE") == "AKIA************MPLE");
  CHECK(secrets::redact("hunter2") == "*******");
  CHECK(secrets::redact("abc") == "****");
  for (const std::string& value : {std::string("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), std::string(12, 'z') + "q",
                                  std::string("pässwörd-sehr-geheim")}) {
    const std::string redacted = secrets::redact(value);
    for (std::size_t i = 0; i + 6 <= value.size(); ++i) {
      CHECK_MESSAGE(redacted.find(value.substr(i, 6)) == std::string::npos, redacted);
    }
  }
}
