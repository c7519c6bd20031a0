// The secret scan of task definitions (see sensitive_ecs.h) and sensitive_ranges(TaskDefinitionFile).
#include "rules/support/sensitive_ecs.h"

#include <fmt/format.h>

#include <algorithm>

#include "parsers/ecs/values.h"
#include "parsers/text.h"
#include "rules/support/secrets.h"

namespace shipshape::rules::ecs_secrets {

namespace {

using json::Kind;
using json::NodeId;

// Security Hub ECS.8 (and the Config rule ecs-no-environment-secrets) names, plus the session token that travels
// with temporary keys.
bool is_aws_credential_name(std::string_view name) {
  const std::string lower = text::to_lower(name);
  return lower == "aws_access_key_id" || lower == "aws_secret_access_key" || lower == "ecs_engine_auth_data" ||
         lower == "aws_session_token";
}

// A value that names where the secret is rather than being it.
bool is_reference(std::string_view value) {
  if (value.rfind("arn:", 0) == 0) return true;
  return value.front() == '/' && std::none_of(value.begin(), value.end(), text::is_space);
}

// Ports, sizes, durations and counts: never a secret worth reporting.
bool is_short_number(std::string_view value) {
  return value.size() <= 6 && std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_switch_word(std::string_view value) {
  for (const std::string_view word : {"yes", "no", "on", "off", "enabled", "disabled", "enable", "disable"}) {
    if (text::iequals(value, word)) return true;
  }
  return false;
}

// Values secrets::is_placeholder treats as stand-ins that are working passwords in a task definition: nothing
// replaces an `environment` value before the container starts (AWS's own DescribeTaskDefinition example runs MySQL
// with MYSQL_ROOT_PASSWORD "password").
bool is_weak_default(std::string_view value) {
  for (const std::string_view word : {"password", "secret", "changeme", "change_me", "change-me"}) {
    if (text::iequals(value, word)) return true;
  }
  return false;
}

std::string_view last_word(std::string_view phrase) {
  const std::size_t space = phrase.rfind(' ');
  return space == std::string_view::npos ? phrase : phrase.substr(space + 1);
}

}  // namespace

bool is_literal_secret_value(std::string_view value) {
  value = text::trim(value);
  if (value.empty() || (secrets::is_placeholder(value) && !is_weak_default(value))) return false;
  if (ecs::find_placeholder(value) != ecs::Placeholder::none) return false;
  return !is_reference(value) && !is_short_number(value) && !is_switch_word(value);
}

std::vector<std::pair<std::size_t, std::size_t>> shell_tokens(std::string_view s) {
  std::vector<std::pair<std::size_t, std::size_t>> tokens;
  const auto separator = [](char c) { return text::is_space(c) || c == ';' || c == '&' || c == '|'; };
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && separator(s[i])) ++i;
    const std::size_t begin = i;
    while (i < s.size() && !separator(s[i])) ++i;
    if (i > begin) tokens.emplace_back(begin, i);
  }
  return tokens;
}

namespace {

// Removes the quotes around a word of a shell command: `'x'`, `"x"`, and the unmatched ones a split leaves, as in
// `sh -c 'app --password x'` -> `x'`.
void strip_quotes(std::string_view s, std::size_t& begin, std::size_t& end) {
  while (begin < end && (s[begin] == '"' || s[begin] == '\'')) ++begin;
  while (end > begin && (s[end - 1] == '"' || s[end - 1] == '\'')) --end;
}

bool is_name_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

class Scanner {
 public:
  Scanner(const ecs::TaskDefinitionFile& file, const ScanOptions& options, std::vector<Hit>& hits)
      : doc_(file.json), options_(options), hits_(hits) {}

  void container(const ecs::Container& c) {
    environment(c.environment);
    words(c.entry_point, "`entryPoint`");
    words(c.command, "`command`");
    if (c.health_check.is_known()) words(c.health_check->command, "`healthCheck.command`");
    map_values(c.docker_labels, "label", false);
    if (c.log_configuration.is_known()) map_values(c.log_configuration->options, "log option", true);
  }

  // Credentials in every other string below `root`, skipping the subtrees the container scan already read.
  void remaining_strings(NodeId root, const std::vector<NodeId>& skip) {
    std::vector<NodeId> stack{root};
    while (!stack.empty()) {
      const NodeId node = stack.back();
      stack.pop_back();
      if (std::find(skip.begin(), skip.end(), node) != skip.end()) continue;
      const Kind kind = doc_.kind(node);
      if (kind == Kind::string) {
        // The place (a pointer) is worked out only for the rare string that holds a credential.
        const std::vector<secrets::CredentialMatch> matches = secrets::find_credentials(doc_.string(node));
        if (!matches.empty()) add_credentials(node, matches, place_for(node, root));
      } else if (kind == Kind::array || kind == Kind::object) {
        // Pushed in reverse so that strings are visited in source order.
        for (std::uint32_t i = doc_.size(node); i > 0; --i) stack.push_back(doc_.child(node, i - 1));
      }
    }
  }

 private:
  // "`firelensConfiguration/options/token`": the pointer below the container.
  std::string place_for(NodeId node, NodeId root) const {
    const std::string pointer = doc_.pointer(node);
    const std::string base = doc_.pointer(root);
    return fmt::format("`{}`", pointer.size() > base.size() + 1 ? pointer.substr(base.size() + 1) : pointer);
  }

  Range subrange(NodeId node, std::size_t begin, std::size_t end) const {
    return doc_.string_subrange(node, begin, end);
  }

  void add(Evidence evidence, std::string place, std::string detail, NodeId node, std::size_t begin, std::size_t end,
           bool literal) {
    const std::string_view value = doc_.string(node);
    Hit hit;
    hit.evidence = evidence;
    hit.place = std::move(place);
    hit.detail = std::move(detail);
    hit.range = subrange(node, begin, end);
    hit.pointer = doc_.pointer(node);
    if (literal) {
      hit.redacted = secrets::redact(value.substr(begin, end - begin));
      hit.secret = hit.range;
    }
    hits_.push_back(std::move(hit));
  }

  // Adds a hit for every credential in `value`; returns their spans.
  std::vector<std::pair<std::size_t, std::size_t>> credentials_in(NodeId node, std::string_view value,
                                                                  const std::string& place) {
    return add_credentials(node, secrets::find_credentials(value), place);
  }

  std::vector<std::pair<std::size_t, std::size_t>> add_credentials(NodeId node,
                                                                   const std::vector<secrets::CredentialMatch>& matches,
                                                                   const std::string& place) {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    for (const secrets::CredentialMatch& match : matches) {
      add(Evidence::credential, place, std::string(match.kind), node, match.begin, match.end, true);
      spans.emplace_back(match.begin, match.end);
    }
    return spans;
  }

  bool literal_string(const ecs::Located<std::string>& value) const {
    return value.is_known() && !value.templated && doc_.kind(value.node) == Kind::string &&
           is_literal_secret_value(value.value);
  }

  void environment(const ecs::LocatedList<ecs::KeyValuePair>& environment) {
    if (!environment.is_known()) return;
    // An AWS secret key's shape is too common on its own; beside an access key id it is one.
    bool has_access_key_id = false;
    for (const ecs::Located<ecs::KeyValuePair>& entry : environment.value) {
      if (!entry.is_known() || !entry->value.is_known()) continue;
      for (const secrets::CredentialMatch& match : secrets::find_credentials(entry->value.value)) {
        has_access_key_id = has_access_key_id || match.kind == "AWS access key ID";
      }
    }
    for (const ecs::Located<ecs::KeyValuePair>& entry : environment.value) {
      if (!entry.is_known()) continue;
      const ecs::Located<std::string>& name = entry->name;
      const ecs::Located<std::string>& value = entry->value;
      if (!name.is_known() || name.templated) continue;
      const std::string place = fmt::format("environment variable `{}`", name.value);
      const bool string_value = value.written() && doc_.kind(value.node) == Kind::string;
      if (is_aws_credential_name(name.value)) {
        if (string_value && !value.value.empty()) {
          add(Evidence::aws_name, place, name.value, value.node, 0, value.value.size(),
              value.known && !value.templated && !secrets::is_placeholder(value.value));
        } else if (value.written()) {
          hits_.push_back({Evidence::aws_name, place, name.value, value.value_range, value.pointer, {}, {}});
        } else {
          hits_.push_back({Evidence::aws_name, place, name.value, name.value_range, name.pointer, {}, {}});
        }
        continue;
      }
      if (!string_value || !value.known) continue;
      if (!credentials_in(value.node, value.value, place).empty()) continue;
      if (!literal_string(value)) continue;
      if (has_access_key_id && secrets::looks_like_aws_secret_key(value.value)) {
        add(Evidence::credential, place, "AWS secret access key", value.node, 0, value.value.size(), true);
        continue;
      }
      const secrets::NameVerdict verdict =
          secrets::classify_name(name.value, options_.extra_secret_words, options_.extra_allow_words);
      if (verdict.secret) {
        add(Evidence::secret_name, place, verdict.reason, value.node, 0, value.value.size(), true);
      }
    }
  }

  // A flag or variable name in a command whose *last* word says secret: `--password`, `DB_PASSWORD`, `--api-key`,
  // but not `--password-stdin` or `--token-file`.
  bool secret_word_name(std::string_view name) const {
    if (name.empty() || !std::all_of(name.begin(), name.end(), is_name_character)) return false;
    const secrets::NameVerdict verdict =
        secrets::classify_name(name, options_.extra_secret_words, options_.extra_allow_words);
    if (!verdict.secret) return false;
    return is_aws_credential_name(name) || text::iends_with(name, last_word(verdict.reason));
  }

  void words(const ecs::LocatedList<std::string>& list, std::string_view where) {
    if (!list.is_known()) return;
    // A `--password` at the end of one element takes the next element as its value.
    std::string pending_flag;
    for (const ecs::Located<std::string>& word : list.value) {
      if (!word.is_known() || doc_.kind(word.node) != Kind::string) {
        pending_flag.clear();
        continue;
      }
      const std::string place(where);
      const std::string_view value = word.value;
      const auto credentials = credentials_in(word.node, value, place);
      const auto overlaps = [&](std::size_t begin, std::size_t end) {
        return std::any_of(credentials.begin(), credentials.end(),
                           [&](const auto& span) { return begin < span.second && span.first < end; });
      };
      const auto secret_value = [&](const std::string& flag, std::size_t begin, std::size_t end) {
        strip_quotes(value, begin, end);
        if (begin >= end || overlaps(begin, end) || !is_literal_secret_value(value.substr(begin, end - begin))) return;
        add(Evidence::secret_name, place, fmt::format("`{}`", flag), word.node, begin, end, true);
      };
      const auto tokens = shell_tokens(value);
      if (!pending_flag.empty() && !tokens.empty() && value[tokens.front().first] != '-') {
        secret_value(pending_flag, 0, value.size());
        pending_flag.clear();
        continue;
      }
      pending_flag.clear();
      for (std::size_t t = 0; t < tokens.size(); ++t) {
        const auto [begin, end] = tokens[t];
        const std::string_view token = value.substr(begin, end - begin);
        const std::size_t dashes = std::min<std::size_t>(token.find_first_not_of('-'), token.size());
        const std::string_view body = token.substr(dashes);
        const std::size_t equals = body.find('=');
        if (equals != std::string_view::npos && equals > 0) {
          const std::string_view name = body.substr(0, equals);
          if (secret_word_name(name))
            secret_value(std::string(token.substr(0, dashes + equals)), begin + dashes + equals + 1, end);
          continue;
        }
        if (dashes == 0 || dashes > 2 || !secret_word_name(body)) continue;
        if (t + 1 < tokens.size()) {
          if (value[tokens[t + 1].first] != '-')
            secret_value(std::string(token), tokens[t + 1].first, tokens[t + 1].second);
        } else {
          pending_flag = std::string(token);
        }
      }
    }
  }

  void map_values(const ecs::StringMap& map, std::string_view what, bool secret_keys) {
    if (!map.is_known()) return;
    for (const ecs::MapEntry& entry : map.value) {
      const ecs::Located<std::string>& value = entry.value;
      if (!value.is_known() || doc_.kind(value.node) != Kind::string) continue;
      const std::string place = fmt::format("{} `{}`", what, entry.key);
      if (!credentials_in(value.node, value.value, place).empty() || !secret_keys) continue;
      if (!literal_string(value)) continue;
      const secrets::NameVerdict verdict =
          secrets::classify_name(entry.key, options_.extra_secret_words, options_.extra_allow_words);
      if (verdict.secret) add(Evidence::secret_name, place, verdict.reason, value.node, 0, value.value.size(), true);
    }
  }

  const json::Document& doc_;
  const ScanOptions& options_;
  std::vector<Hit>& hits_;
};

template <class T>
void skip_node(std::vector<NodeId>& skip, const ecs::Located<T>& field) {
  if (field.written()) skip.push_back(field.node);
}

}  // namespace

std::vector<Hit> scan_container(const ecs::TaskDefinitionFile& file, const ecs::Located<ecs::Container>& container,
                                const ScanOptions& options) {
  std::vector<Hit> hits;
  if (!container.is_known()) return hits;
  const ecs::Container& c = container.value;
  Scanner scanner(file, options, hits);
  scanner.container(c);
  std::vector<NodeId> read;
  skip_node(read, c.environment);
  skip_node(read, c.entry_point);
  skip_node(read, c.command);
  skip_node(read, c.docker_labels);
  if (c.health_check.is_known()) skip_node(read, c.health_check->command);
  if (c.log_configuration.is_known()) skip_node(read, c.log_configuration->options);
  scanner.remaining_strings(container.node, read);
  return hits;
}

}  // namespace shipshape::rules::ecs_secrets

namespace shipshape::rules {

namespace {

using json::Kind;
using json::NodeId;

// Masks every string of the document that may hold a secret, more eagerly than ECS104 reports (masking a harmless
// value costs nothing): credentials by shape; values under a secret-like key (`"password": "..."` in driverOpts,
// options, unknown objects); the `value` of a `{"name": <secret-like>, "value": ...}` pair (environment,
// proxyConfiguration properties); `NAME=value` and `--flag value` words with a secret-like name.
class Masker {
 public:
  Masker(const json::Document& doc, std::vector<Range>& ranges) : doc_(doc), ranges_(ranges) {}

  void run() {
    std::vector<NodeId> stack{doc_.root_id()};
    while (!stack.empty()) {
      const NodeId node = stack.back();
      stack.pop_back();
      const Kind kind = doc_.kind(node);
      if (kind == Kind::string) {
        string_value(node);
      } else if (kind == Kind::array || kind == Kind::object) {
        for (std::uint32_t i = 0; i < doc_.size(node); ++i) stack.push_back(doc_.child(node, i));
      }
    }
  }

 private:
  void mask(NodeId node, std::size_t begin, std::size_t end) {
    if (end > begin) ranges_.push_back(doc_.string_subrange(node, begin, end));
  }

  bool secret_name(std::string_view name) const { return secrets::classify_name(name).secret; }

  // The `name` of the object holding this `value`, when it is a name/value pair (a small object: looking a key up
  // is linear, and an object of thousands of `value` keys must not cost a quadratic time).
  std::string_view pair_name(NodeId node) const {
    if (!doc_.is_member(node) || doc_.key(node) != "value" || doc_.size(doc_.parent(node)) > 4) return {};
    const NodeId name = doc_.member(doc_.parent(node), "name");
    return name != json::kNoNode && doc_.kind(name) == Kind::string ? doc_.string(name) : std::string_view();
  }

  void string_value(NodeId node) {
    const std::string_view value = doc_.string(node);
    if (value.empty()) return;
    for (const secrets::CredentialMatch& match : secrets::find_credentials(value)) mask(node, match.begin, match.end);
    const bool literal = ecs_secrets::is_literal_secret_value(value);
    if (literal && doc_.is_member(node) && (secret_name(doc_.key(node)) || secret_name(pair_name(node)))) {
      mask(node, 0, value.size());
      return;
    }
    // `DB_PASSWORD=x`, `--password=x`, `--password x` inside the string.
    const auto tokens = ecs_secrets::shell_tokens(value);
    for (std::size_t t = 0; t < tokens.size(); ++t) {
      const auto [begin, end] = tokens[t];
      const std::string_view token = value.substr(begin, end - begin);
      const std::size_t dashes = std::min<std::size_t>(token.find_first_not_of('-'), token.size());
      const std::string_view body = token.substr(dashes);
      const std::size_t equals = body.find('=');
      if (equals != std::string_view::npos && equals > 0) {
        if (secret_name(body.substr(0, equals))) mask(node, begin + dashes + equals + 1, end);
      } else if (dashes > 0 && t + 1 < tokens.size() && secret_name(body)) {
        mask(node, tokens[t + 1].first, tokens[t + 1].second);
      }
    }
  }

  const json::Document& doc_;
  std::vector<Range>& ranges_;
};

}  // namespace

std::vector<Range> sensitive_ranges(const ecs::TaskDefinitionFile& file) {
  std::vector<Range> ranges;
  if (file.json.empty()) return ranges;
  // The containers' secrets as ECS104 finds them (this also covers a `--password` whose value is the next element
  // of `command`), then the whole document, eagerly.
  const ecs::TaskDefinition& task = file.task.value;
  if (task.containers.is_known()) {
    for (const ecs::Located<ecs::Container>& container : task.containers.value) {
      for (const ecs_secrets::Hit& hit : ecs_secrets::scan_container(file, container)) {
        if (hit.secret) ranges.push_back(*hit.secret);
      }
    }
  }
  Masker(file.json, ranges).run();
  std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) {
    return a.begin.offset != b.begin.offset ? a.begin.offset < b.begin.offset : a.end.offset < b.end.offset;
  });
  ranges.erase(std::unique(ranges.begin(), ranges.end()), ranges.end());
  return ranges;
}

}  // namespace shipshape::rules
