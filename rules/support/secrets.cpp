#include "rules/support/secrets.h"

#include <algorithm>
#include <array>
#include <span>

#include "parsers/text.h"

namespace shipshape::rules::secrets {

namespace {

// ---- names -------------------------------------------------------------------------------------------------

// Names AWS itself treats as secrets (Security Hub ECS.8 and the Config rule ecs-no-environment-secrets), plus the
// session token that always travels with temporary keys.
constexpr std::string_view kAwsSecretNames[] = {"aws_access_key_id", "aws_secret_access_key", "aws_session_token",
                                                "ecs_engine_auth_data"};

// Well-known variables whose secret-sounding name holds a path or a socket, not a secret.
constexpr std::string_view kReferenceNames[] = {"google_application_credentials", "ssh_auth_sock",
                                                "aws_shared_credentials_file", "git_askpass", "ssh_askpass",
                                                "sudo_askpass", "pwd", "oldpwd"};

// A single word that makes a name secret wherever it appears.
constexpr std::string_view kSecretWords[] = {
    "password", "passwd",   "passphrase", "secret",   "token",     "credential", "credentials", "apikey",
    "privatekey", "secretkey", "accesskey", "authtoken", "passcode", "pwd",     "privkey",     "apisecret",
    "clientsecret", "sessionkey", "signingkey", "encryptionkey", "masterkey", "appkey", "licensekey", "webhooksecret"};

// Words that make a name secret only as its last word (DB_PASS yes, PASS_THROUGH no).
constexpr std::string_view kSecretLastWords[] = {"pass", "pw"};

// Secret words that also count at the end of a compound word: ROOTPASSWORD, ADMINPASSWD, ACCESSTOKEN.
constexpr std::string_view kSecretSuffixes[] = {"password", "passwd", "passphrase", "secret", "token"};

// Prefixes that make a compound "...pass" a password (LDAP_ROOTPASS, DBPASS); "bypass" or "compass" are not.
constexpr std::string_view kPassPrefixes[] = {"root", "admin", "db", "user", "ldap", "smtp", "mail", "ftp",
                                              "redis", "master", "bind", "store", "key", "keystore",
                                              "truststore", "sql", "mysql", "pg", "sa", "sys", "app", "api"};

// The secret word a compound word ends with ("rootpassword" -> "password"), or empty.
std::string_view compound_secret(std::string_view word, bool last) {
  for (const std::string_view suffix : kSecretSuffixes) {
    if (word.size() > suffix.size() && word.substr(word.size() - suffix.size()) == suffix) return suffix;
  }
  if (last && word.size() > 4 && word.substr(word.size() - 4) == "pass") {
    const std::string_view prefix = word.substr(0, word.size() - 4);
    if (std::find(std::begin(kPassPrefixes), std::end(kPassPrefixes), prefix) != std::end(kPassPrefixes)) {
      return "pass";
    }
  }
  return {};
}

// Qualifiers that turn a following "key" into a secret key (API_KEY, SSH_PRIVATE_KEY); GPG_KEY or KEY_ID are not.
constexpr std::string_view kKeyQualifiers[] = {"api",     "private", "secret",  "access", "signing", "encryption",
                                               "master",  "app",     "auth",    "client", "service", "account",
                                               "db",      "license", "ssh",     "session", "jwt",    "hmac",
                                               "cookie",  "crypto",  "decryption", "root"};

// A word anywhere that says the value is not secret.
constexpr std::string_view kAllowAnywhere[] = {"public", "pub"};

// A last word that says the variable holds a reference to the secret or a setting about it, not the secret itself.
constexpr std::string_view kAllowLast[] = {
    "file",   "files",   "path",     "dir",      "directory", "url",      "uri",      "arn",     "name",
    "id",     "ids",     "version",  "length",   "size",      "type",     "mode",     "enabled", "required",
    "policy", "header",  "prefix",   "endpoint", "location",  "ttl",      "expiry",   "expires", "expiration",
    "timeout", "rotation", "count",  "min",      "max",       "provider", "backend",  "store",   "manager",
    "engine", "host",    "port",     "user",     "username",  "format",   "algorithm", "alg",    "env",
    "source", "sock",    "socket",   "ref",      "mount",     "key_id",   "keyid",    "lifetime", "validity",
    "hint",   "regex",   "pattern",  "policy",   "strength",  "complexity", "reset",  "field",   "param"};

template <std::size_t N>
bool contains(const std::string_view (&list)[N], std::string_view word) {
  return std::find(std::begin(list), std::end(list), word) != std::end(list);
}

bool contains_word(const std::vector<std::string>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// "MYSQL_ROOT_PASSWORD" -> mysql root password; "dbPassword" -> db password; "APIKey" -> api key.
std::vector<std::string> split_words(std::string_view name) {
  std::vector<std::string> words;
  std::string current;
  const auto flush = [&] {
    if (!current.empty()) words.push_back(text::to_lower(current));
    current.clear();
  };
  const auto is_upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  const auto is_lower = [](char c) { return c >= 'a' && c <= 'z'; };
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == '_' || c == '-' || c == '.' || c == ' ' || c == '/' || c == ':') {
      flush();
      continue;
    }
    if (is_upper(c) && !current.empty()) {
      const char previous = current.back();
      const bool next_lower = i + 1 < name.size() && is_lower(name[i + 1]);
      // "dbPassword" splits before P; "APIKey" splits before K (upper followed by lower after an upper run).
      if (is_lower(previous) || (is_upper(previous) && next_lower)) flush();
    }
    current.push_back(c);
  }
  flush();
  return words;
}

}  // namespace

NameVerdict classify_name(std::string_view name, const std::vector<std::string>& extra_secret_words,
                          const std::vector<std::string>& extra_allow_words) {
  const std::string lower = text::to_lower(name);
  if (contains(kAwsSecretNames, lower)) return {true, "AWS credential"};
  if (contains(kReferenceNames, lower)) return {};
  const std::vector<std::string> words = split_words(name);
  if (words.empty()) return {};
  for (const std::string& word : words) {
    if (contains(kAllowAnywhere, word) || contains_word(extra_allow_words, word)) return {};
  }
  NameVerdict verdict;
  std::size_t secret_at = 0;
  for (std::size_t i = 0; i < words.size() && !verdict.secret; ++i) {
    const std::string& word = words[i];
    if (contains(kSecretWords, word) || contains_word(extra_secret_words, word)) {
      verdict = {true, word};
    } else if (i + 1 == words.size() && contains(kSecretLastWords, word)) {
      verdict = {true, word};
    } else if (word == "key" && i > 0 && contains(kKeyQualifiers, words[i - 1])) {
      verdict = {true, words[i - 1] + " key"};
    } else if (const std::string_view suffix = compound_secret(word, i + 1 == words.size()); !suffix.empty()) {
      verdict = {true, std::string(suffix)};
    }
    secret_at = i;
  }
  if (!verdict.secret) return {};
  // `PASSWORD_FILE`, `TOKEN_URL`, `API_KEY_ID`: a reference or a setting, unless the secret word itself is last.
  const std::string& last = words.back();
  if (secret_at + 1 < words.size() && (contains(kAllowLast, last) || contains_word(extra_allow_words, last))) {
    return {};
  }
  return verdict;
}

// ---- values ------------------------------------------------------------------------------------------------

namespace {

bool is_upper_alnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_alnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_base64url(char c) { return is_alnum(c) || c == '-' || c == '_'; }
bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Length of the run starting at `i` whose characters satisfy `accept`.
template <class Predicate>
std::size_t run_length(std::string_view s, std::size_t i, Predicate accept) {
  std::size_t n = 0;
  while (i + n < s.size() && accept(s[i + n])) ++n;
  return n;
}

// A word boundary: the credential must not be the middle of a longer token.
bool boundary_before(std::string_view s, std::size_t i) { return i == 0 || !is_alnum(s[i - 1]); }

using Matcher = std::size_t (*)(std::string_view s, std::size_t i);  // length of a match at i, or 0

std::size_t match_aws_access_key(std::string_view s, std::size_t i) {
  static constexpr std::string_view kPrefixes[] = {"AKIA", "ASIA", "ABIA", "ACCA"};
  if (!boundary_before(s, i)) return 0;
  bool prefixed = false;
  for (const std::string_view p : kPrefixes) prefixed = prefixed || s.substr(i, 4) == p;
  if (!prefixed) return 0;
  if (run_length(s, i + 4, is_upper_alnum) != 16) return 0;
  return 20;
}

std::size_t match_prefixed(std::string_view s, std::size_t i, std::string_view prefix, std::size_t min_body,
                           std::size_t max_body, bool (*body)(char)) {
  if (!boundary_before(s, i) || s.substr(i, prefix.size()) != prefix) return 0;
  const std::size_t n = run_length(s, i + prefix.size(), body);
  if (n < min_body || n > max_body) return 0;
  return prefix.size() + n;
}

std::size_t match_github(std::string_view s, std::size_t i) {
  for (const std::string_view p : {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}) {
    if (const std::size_t n = match_prefixed(s, i, p, 36, 76, is_alnum)) return n;
  }
  return match_prefixed(s, i, "github_pat_", 80, 90, [](char c) { return is_alnum(c) || c == '_'; });
}

std::size_t match_gitlab(std::string_view s, std::size_t i) {
  for (const std::string_view p : {"glpat-", "gldt-", "glrt-", "glcbt-", "glptt-"}) {
    if (const std::size_t n = match_prefixed(s, i, p, 20, 64, is_base64url)) return n;
  }
  return 0;
}

std::size_t match_slack(std::string_view s, std::size_t i) {
  for (const std::string_view p : {"xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-", "xapp-"}) {
    if (const std::size_t n =
            match_prefixed(s, i, p, 10, 255, [](char c) { return is_alnum(c) || c == '-'; })) {
      return n;
    }
  }
  constexpr std::string_view kWebhook = "https://hooks.slack.com/services/";
  if (s.substr(i, kWebhook.size()) == kWebhook) {
    const std::size_t n = run_length(s, i + kWebhook.size(), [](char c) { return is_alnum(c) || c == '/'; });
    if (n >= 20) return kWebhook.size() + n;
  }
  return 0;
}

std::size_t match_stripe(std::string_view s, std::size_t i) {
  for (const std::string_view p : {"sk_live_", "rk_live_", "sk_test_", "rk_test_", "whsec_"}) {
    if (const std::size_t n = match_prefixed(s, i, p, 16, 255, is_alnum)) return n;
  }
  return 0;
}

std::size_t match_other_tokens(std::string_view s, std::size_t i) {
  struct Prefix {
    std::string_view prefix;
    std::size_t min, max;
    bool (*body)(char);
  };
  static const Prefix kPrefixes[] = {
      {"AIza", 35, 35, is_base64url},          // Google API key
      {"npm_", 36, 36, is_alnum},              // npm access token
      {"pypi-AgEIcHlwaS5vcmc", 50, 255, is_base64url},
      {"hf_", 34, 40, is_alnum},               // Hugging Face
      {"dckr_pat_", 27, 64, is_base64url},     // Docker Hub personal access token
      {"dop_v1_", 64, 64, is_hex},             // DigitalOcean
      {"sk-ant-", 32, 255, is_base64url},      // Anthropic
      {"sk-proj-", 40, 255, is_base64url},     // OpenAI project key
      {"shpat_", 32, 32, is_hex},              // Shopify
      {"SG.", 66, 70, [](char c) { return is_base64url(c) || c == '.'; }},  // SendGrid
  };
  for (const Prefix& p : kPrefixes) {
    if (const std::size_t n = match_prefixed(s, i, p.prefix, p.min, p.max, p.body)) return n;
  }
  return 0;
}

std::size_t match_private_key(std::string_view s, std::size_t i) {
  constexpr std::string_view kBegin = "-----BEGIN ";
  if (s.substr(i, kBegin.size()) != kBegin) return 0;
  const std::size_t close = s.find("-----", i + kBegin.size());
  if (close == std::string_view::npos) return 0;
  const std::string_view label = s.substr(i + kBegin.size(), close - i - kBegin.size());
  if (label.find("PRIVATE KEY") == std::string_view::npos) return 0;
  // The whole block, up to the END line when present.
  const std::size_t end = s.find("-----END ", close);
  if (end == std::string_view::npos) return s.size() - i;
  const std::size_t end_close = s.find("-----", end + 9);
  return (end_close == std::string_view::npos ? s.size() : end_close + 5) - i;
}

std::size_t match_jwt(std::string_view s, std::size_t i) {
  if (!boundary_before(s, i) || s.substr(i, 3) != "eyJ") return 0;
  std::size_t at = i;
  for (int part = 0; part < 3; ++part) {
    const std::size_t n = run_length(s, at, is_base64url);
    if (n < (part == 2 ? 10u : 8u)) return 0;
    at += n;
    if (part < 2) {
      if (at >= s.size() || s[at] != '.') return 0;
      if (part == 0 && s.substr(at + 1, 3) != "eyJ") return 0;  // the payload is JSON too
      ++at;
    }
  }
  return at - i;
}

// scheme://user:password@host with a literal password: the password's span, when `s[i..]` starts with "://".
std::optional<std::pair<std::size_t, std::size_t>> url_password_span(std::string_view s, std::size_t i) {
  if (s.substr(i, 3) != "://") return std::nullopt;
  const std::size_t authority_begin = i + 3;
  const std::size_t authority_end = std::min(s.find_first_of("/?# \t\"'", authority_begin), s.size());
  const std::string_view authority = s.substr(authority_begin, authority_end - authority_begin);
  const std::size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return std::nullopt;
  const std::size_t colon = authority.substr(0, at).find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string_view password = authority.substr(colon + 1, at - colon - 1);
  // `https://${TOKEN}:x-oauth-basic@github.com`: the user name carries the secret, the password is a fixed word.
  if (authority.substr(0, colon).find('$') != std::string_view::npos) return std::nullopt;
  if (password.size() < 3 || is_placeholder(password) || password.find('$') != std::string_view::npos) {
    return std::nullopt;
  }
  return std::pair{authority_begin + colon + 1, authority_begin + at};
}

}  // namespace

bool is_placeholder(std::string_view value) {
  const std::string_view v = text::trim(value);
  if (v.empty()) return true;
  if (v.find("${") != std::string_view::npos || v.find("{{") != std::string_view::npos) return true;
  if (v.front() == '$' || (v.front() == '<' && v.back() == '>') || (v.front() == '%' && v.back() == '%')) return true;
  if (v.find("$$$") != std::string_view::npos) return true;
  if (std::all_of(v.begin(), v.end(), [](char c) { return c == '*' || c == 'x' || c == 'X' || c == '.'; })) return true;
  static constexpr std::string_view kWords[] = {
      "none",     "null",        "nil",        "true",      "false",     "dummy",   "example",  "placeholder",
      "redacted", "changeme",    "change_me",  "change-me", "secret",    "password", "token",   "todo",
      "tbd",      "fixme",       "test",       "testing",   "sample",    "your_password", "your-password",
      "yourpassword", "your_token", "your-token", "your_api_key", "xxx", "undefined", "unset", "empty", "x-oauth-basic"};
  const std::string lower = text::to_lower(v);
  return std::find(std::begin(kWords), std::end(kWords), lower) != std::end(kWords);
}

std::vector<CredentialMatch> find_credentials(std::string_view value) {
  struct Kind {
    std::string_view name;
    Matcher match;
  };
  static constexpr Kind kKinds[] = {
      {"AWS access key ID", match_aws_access_key}, {"GitHub token", match_github},
      {"GitLab token", match_gitlab},              {"Slack token", match_slack},
      {"Stripe secret key", match_stripe},         {"API token", match_other_tokens},
      {"PEM private key", match_private_key},      {"JSON Web Token", match_jwt},
  };
  // The first two characters any credential can start with (AKIA/AIza, ghp_/glpat-, xoxb-/hooks, sk_/SG., eyJ,
  // -----, the "://" of a URL, ...): other positions are skipped with two table lookups.
  static constexpr auto kFirst = [] {
    std::array<bool, 256> table{};
    for (const char c : std::string_view("AghxrswnpdSe-:")) table[static_cast<unsigned char>(c)] = true;
    return table;
  }();
  constexpr auto pair = [](char a, char b) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(a) << 8 | static_cast<unsigned char>(b));
  };
  static constexpr std::uint16_t kStartPairs[] = {
      pair('A', 'K'), pair('A', 'S'), pair('A', 'B'), pair('A', 'C'), pair('A', 'I'), pair('g', 'h'), pair('g', 'i'),
      pair('g', 'l'), pair('x', 'o'), pair('x', 'a'), pair('h', 't'), pair('h', 'f'), pair('r', 'k'), pair('s', 'k'),
      pair('s', 'h'), pair('w', 'h'), pair('n', 'p'), pair('p', 'y'), pair('d', 'c'), pair('d', 'o'), pair('S', 'G'),
      pair('e', 'y'), pair('-', '-'), pair(':', '/')};
  std::vector<CredentialMatch> matches;
  std::size_t i = 0;
  while (i + 1 < value.size()) {
    // Prefixed tokens start a word; a PEM block starts with '-' and a URL password follows "://".
    const char c = value[i];
    if (!kFirst[static_cast<unsigned char>(c)] || (c != '-' && c != ':' && !boundary_before(value, i)) ||
        std::find(std::begin(kStartPairs), std::end(kStartPairs), pair(c, value[i + 1])) == std::end(kStartPairs)) {
      ++i;
      continue;
    }
    // Only the shapes that can start with this character (kKinds' order: aws, github, gitlab, slack, stripe,
    // other tokens, private key, JWT).
    std::span<const Kind> candidates;
    switch (c) {
      case 'A': candidates = {kKinds, 1}; break;  // then AIza below, with the other tokens
      case 'g': candidates = {kKinds + 1, 2}; break;
      case 'x': case 'h': candidates = {kKinds + 3, 1}; break;
      case 'r': case 's': case 'w': candidates = {kKinds + 4, 2}; break;
      case 'e': candidates = {kKinds + 7, 1}; break;
      case '-': candidates = {kKinds + 6, 1}; break;
      case ':': break;
      default: candidates = {kKinds + 5, 1}; break;  // n, p, d, S
    }
    bool found = false;
    const Kind* also = c == 'A' || c == 'h' ? kKinds + 5 : nullptr;  // AIza, hf_
    for (const Kind& kind : candidates) {
      const std::size_t n = kind.match(value, i);
      if (n > 0) {
        matches.push_back({kind.name, i, i + n});
        i += n;
        found = true;
        break;
      }
    }
    if (!found && also != nullptr) {
      if (const std::size_t n = also->match(value, i); n > 0) {
        matches.push_back({also->name, i, i + n});
        i += n;
        found = true;
      }
    }
    if (found) continue;
    if (const auto password = url_password_span(value, i)) {
      matches.push_back({"password in a URL", password->first, password->second});
      i = password->second;
      continue;
    }
    ++i;
  }
  return matches;
}

std::optional<CredentialMatch> find_credential(std::string_view value) {
  std::vector<CredentialMatch> all = find_credentials(value);
  if (all.empty()) return std::nullopt;
  return all.front();
}

bool looks_like_aws_secret_key(std::string_view value) {
  const std::string_view v = text::trim(value);
  if (v.size() != 40) return false;
  bool upper = false, lower = false, digit = false, non_hex = false;
  for (const char c : v) {
    if (!(is_alnum(c) || c == '/' || c == '+')) return false;
    upper = upper || (c >= 'A' && c <= 'Z');
    lower = lower || (c >= 'a' && c <= 'z');
    digit = digit || (c >= '0' && c <= '9');
    non_hex = non_hex || !is_hex(c);
  }
  return upper && lower && digit && non_hex;
}

std::string redact(std::string_view value) {
  // Count characters, not bytes, so that a multi-byte character is never cut in half.
  std::vector<std::string_view> chars;
  for (std::size_t i = 0; i < value.size();) {
    std::size_t n = 1;
    const auto lead = static_cast<unsigned char>(value[i]);
    if (lead >= 0xF0) n = 4;
    else if (lead >= 0xE0) n = 3;
    else if (lead >= 0xC0) n = 2;
    n = std::min(n, value.size() - i);
    chars.push_back(value.substr(i, n));
    i += n;
  }
  const std::size_t total = chars.size();
  const std::size_t shown = total >= 16 ? 4 : (total >= 10 ? 2 : 0);
  std::string out;
  for (std::size_t i = 0; i < shown; ++i) out += chars[i];
  out.append(std::clamp<std::size_t>(total - 2 * shown, 4, 12), '*');
  for (std::size_t i = total - shown; i < total && shown > 0; ++i) out += chars[i];
  return out;
}

}  // namespace shipshape::rules::secrets
