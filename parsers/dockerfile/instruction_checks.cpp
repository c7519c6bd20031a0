#include "parsers/dockerfile/instruction_checks.h"

#include <fmt/format.h>

#include <array>
#include <span>
#include <string>

#include "parsers/dockerfile/go_compat.h"
#include "parsers/dockerfile/heredoc_marker.h"
#include "parsers/text.h"

namespace shipshape::dockerfile::detail {

namespace {

enum class FlagType : std::uint8_t { boolean, string, strings };

struct FlagSpec {
  std::string_view name;
  FlagType type;
};

// The flags each instruction registers with BuildKit's BFlags (stable and labs channels together).
std::span<const FlagSpec> flag_specs(InstructionKind kind) {
  static constexpr std::array<FlagSpec, 7> add{{{"chown", FlagType::string},
                                                {"chmod", FlagType::string},
                                                {"link", FlagType::boolean},
                                                {"keep-git-dir", FlagType::boolean},
                                                {"checksum", FlagType::string},
                                                {"unpack", FlagType::boolean},
                                                {"exclude", FlagType::strings}}};
  static constexpr std::array<FlagSpec, 6> copy{{{"from", FlagType::string},
                                                 {"chown", FlagType::string},
                                                 {"chmod", FlagType::string},
                                                 {"link", FlagType::boolean},
                                                 {"exclude", FlagType::strings},
                                                 {"parents", FlagType::boolean}}};
  static constexpr std::array<FlagSpec, 1> from{{{"platform", FlagType::string}}};
  static constexpr std::array<FlagSpec, 4> run{{{"mount", FlagType::strings},
                                                {"network", FlagType::string},
                                                {"security", FlagType::string},
                                                {"device", FlagType::strings}}};
  static constexpr std::array<FlagSpec, 5> healthcheck{{{"interval", FlagType::string},
                                                        {"timeout", FlagType::string},
                                                        {"start-period", FlagType::string},
                                                        {"start-interval", FlagType::string},
                                                        {"retries", FlagType::string}}};
  switch (kind) {
    case InstructionKind::add: return add;
    case InstructionKind::copy: return copy;
    case InstructionKind::from: return from;
    case InstructionKind::run: return run;
    case InstructionKind::healthcheck: return healthcheck;
    default: return {};
  }
}

const FlagSpec* find_spec(InstructionKind kind, std::string_view name) {
  for (const FlagSpec& spec : flag_specs(kind)) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

std::string go_quote(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

// strconv.ParseBool
std::optional<bool> parse_bool(std::string_view s) {
  if (s == "1" || s == "t" || s == "T" || s == "TRUE" || s == "true" || s == "True") return true;
  if (s == "0" || s == "f" || s == "F" || s == "FALSE" || s == "false" || s == "False") return false;
  return std::nullopt;
}

bool parse_unsigned(std::string_view s, unsigned base) {
  if (s.empty()) return false;
  std::uint64_t value = 0;
  for (const char c : s) {
    const unsigned digit = (c >= '0' && c <= '9') ? static_cast<unsigned>(c - '0') : base;
    if (digit >= base) return false;
    value = value * base + digit;
    if (value > 0xFFFFFFFFULL) return false;
  }
  return true;
}

class Checker {
 public:
  Checker(Instruction& inst, const SourceFile& source, std::vector<Diagnostic>& errors)
      : inst_(inst), source_(source), errors_(errors) {}

  bool run() {
    mark_flags();
    switch (inst_.kind) {
      case InstructionKind::env:
      case InstructionKind::label: return check_pairs();
      case InstructionKind::maintainer:
      case InstructionKind::workdir:
      case InstructionKind::user:
      case InstructionKind::stopsignal: return exactly_one() && parse_flags();
      case InstructionKind::add:
      case InstructionKind::copy: return check_copy();
      case InstructionKind::from: return check_from();
      case InstructionKind::onbuild: return check_onbuild();
      case InstructionKind::run: return parse_flags() && check_run();
      case InstructionKind::cmd:
      case InstructionKind::entrypoint: return parse_flags();
      case InstructionKind::healthcheck: return check_healthcheck();
      case InstructionKind::expose: return at_least_one() && parse_flags();
      case InstructionKind::volume: return check_volume();
      case InstructionKind::arg: return check_arg();
      case InstructionKind::shell: return check_shell();
      case InstructionKind::unknown: return true;
    }
    return true;
  }

 private:
  std::string_view keyword() const { return keyword_of(inst_.kind); }

  bool fail(const Range& range, std::string message, std::string hint = {}) {
    errors_.push_back({range, std::move(message), std::move(hint)});
    return false;
  }

  void mark_flags() {
    for (Flag& flag : inst_.flags) flag.known = find_spec(inst_.kind, flag.name) != nullptr;
  }

  // BFlags.Parse for the known flags (unknown ones are left to a rule, which can suggest the right name).
  bool parse_flags() {
    std::vector<std::string_view> used;
    for (const Flag& flag : inst_.flags) {
      const FlagSpec* spec = find_spec(inst_.kind, flag.name);
      if (spec == nullptr) continue;
      if (spec->type != FlagType::strings) {
        for (const std::string_view seen : used) {
          if (seen == flag.name) {
            return fail(flag.range, fmt::format("duplicate flag specified: {}", flag.name),
                        fmt::format("give --{} only once", flag.name));
          }
        }
        used.push_back(flag.name);
      }
      if (spec->type == FlagType::boolean) {
        if (flag.value && flag.value->empty()) {
          return fail(flag.range, fmt::format("missing a value on flag: {}", flag.name),
                      fmt::format("write --{} or --{}=true", flag.name, flag.name));
        }
        const std::string lowered = text::to_lower(flag.value.value_or(""));
        if (lowered != "true" && lowered != "false" && !lowered.empty()) {
          return fail(flag.value_range,
                      fmt::format("expecting boolean value for flag {}, not: {}", flag.name, *flag.value),
                      "use true or false");
        }
      } else if (!flag.value) {
        return fail(flag.range, fmt::format("missing a value on flag: {}", flag.name),
                    fmt::format("write --{}=<value>", flag.name));
      }
    }
    return true;
  }

  bool at_least_one() {
    if (!inst_.arguments.empty()) return true;
    return fail(inst_.keyword_range, fmt::format("{} requires at least one argument", keyword()));
  }

  bool exactly_one() {
    if (inst_.arguments.size() == 1) return true;
    return fail(inst_.keyword_range, fmt::format("{} requires exactly one argument", keyword()));
  }

  bool check_pairs() {
    if (!parse_flags()) return false;
    if (inst_.pairs.empty()) {
      return fail(inst_.keyword_range, fmt::format("{} requires at least one argument", keyword()),
                  fmt::format("write {} name=value", keyword()));
    }
    for (const KeyValue& pair : inst_.pairs) {
      if (pair.key.text.empty()) {
        return fail(pair.range, fmt::format("{} names can not be blank", keyword()), "write name=value");
      }
    }
    return true;
  }

  bool check_copy() {
    if (inst_.arguments.size() < 2) {
      return fail(inst_.range,
                  fmt::format("{} requires at least two arguments, but only one was provided. Destination could "
                              "not be determined.",
                              keyword()),
                  fmt::format("write {} <source>... <destination>", keyword()));
    }
    if (!parse_flags()) return false;
    HeredocMarker marker;
    const Word& destination = inst_.arguments.back();
    if (parse_heredoc_marker(destination.text, marker) == MarkerStatus::heredoc) {
      return fail(destination.range, fmt::format("{} cannot accept a heredoc as a destination", keyword()),
                  "put the heredoc before the destination path");
    }
    return true;
  }

  bool check_from() {
    const auto& args = inst_.arguments;
    if (args.size() == 3 && text::iequals(args[1].text, "as")) {
      const std::string name = text::to_lower(args[2].text);
      bool valid = !name.empty() && name[0] >= 'a' && name[0] <= 'z';
      for (const char c : name) {
        valid = valid && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.');
      }
      if (!valid) {
        return fail(args[2].range,
                    fmt::format("invalid name for build stage: {}, name can't start with a number or contain "
                                "symbols",
                                go_quote(args[2].text)),
                    "use letters, digits, '-', '_' and '.', starting with a letter");
      }
    } else if (args.size() != 1) {
      return fail(args.empty() ? inst_.keyword_range : inst_.rest.range,
                  "FROM requires either one or three arguments", "write FROM <image> [AS <name>]");
    }
    return parse_flags();
  }

  bool check_onbuild() {
    if (!inst_.trigger) {
      return fail(inst_.keyword_range, "ONBUILD requires at least one argument",
                  "write ONBUILD <instruction>, e.g. ONBUILD COPY . /app");
    }
    if (!parse_flags()) return false;
    Instruction& trigger = *inst_.trigger;
    const std::string upper = text::to_upper(trigger.keyword);
    if (upper == "ONBUILD") {
      return fail(trigger.keyword_range, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
    }
    if (upper == "MAINTAINER" || upper == "FROM") {
      return fail(trigger.keyword_range, fmt::format("{} isn't allowed as an ONBUILD trigger", upper));
    }
    // BuildKit keeps the trigger as text and checks it only in the downstream build: its problems are
    // not this file's errors, but its flags and mounts are still read.
    std::vector<Diagnostic> ignored;
    Checker(trigger, source_, ignored).run();
    return true;
  }

  bool check_volume() {
    if (!at_least_one() || !parse_flags()) return false;
    for (const Word& w : inst_.arguments) {
      if (w.text.empty()) return fail(w.range, "VOLUME specified can not be an empty string");
    }
    return true;
  }

  bool check_arg() {
    if (!at_least_one() || !parse_flags()) return false;
    for (const Word& w : inst_.arguments) {
      ArgDeclaration declaration;
      declaration.range = w.range;
      const std::size_t eq = w.text.find('=');
      if (eq == std::string::npos) {
        declaration.name = w;
      } else {
        // The word is written as is (parseWords keeps quotes), so byte offsets map onto the range when
        // the word sits on one line.
        const bool one_line = w.range.size() == w.text.size();
        const auto at = static_cast<std::uint32_t>(w.range.begin.offset + eq);
        declaration.name.text = w.text.substr(0, eq);
        declaration.name.range = one_line ? source_.range(w.range.begin.offset, at) : w.range;
        Word value;
        value.text = w.text.substr(eq + 1);
        value.range = one_line ? source_.range(at + 1, w.range.end.offset) : w.range;
        declaration.value = std::move(value);
      }
      inst_.declarations.push_back(std::move(declaration));
    }
    return true;
  }

  bool check_shell() {
    if (!parse_flags()) return false;
    if (inst_.arguments.empty()) {
      return fail(inst_.keyword_range, "SHELL requires at least one argument",
                  "write SHELL [\"executable\", \"parameters\"]");
    }
    if (!inst_.json) {
      return fail(inst_.rest.range, "SHELL requires the arguments to be in JSON form",
                  "write SHELL [\"/bin/bash\", \"-c\"]");
    }
    return true;
  }

  bool check_healthcheck() {
    if (inst_.arguments.empty()) {
      return fail(inst_.keyword_range, "HEALTHCHECK requires at least one argument",
                  "write HEALTHCHECK CMD <command> or HEALTHCHECK NONE");
    }
    const Word& type = inst_.arguments[0];
    const std::string upper = text::to_upper(type.text);
    if (upper == "NONE") {
      if (inst_.arguments.size() != 1) return fail(inst_.rest.range, "HEALTHCHECK NONE takes no arguments");
      return true;  // BuildKit does not look at the flags of HEALTHCHECK NONE
    }
    if (!parse_flags()) return false;
    if (upper != "CMD") {
      return fail(type.range, fmt::format("Unknown type {} in HEALTHCHECK (try CMD)", go_quote(upper)),
                  "write HEALTHCHECK CMD <command>");
    }
    if (inst_.arguments.size() < 2) {
      return fail(inst_.rest.range, "Missing command after HEALTHCHECK CMD");
    }
    for (const std::string_view name : {"interval", "timeout", "start-period", "start-interval"}) {
      const Flag* flag = inst_.flag(name);
      if (flag == nullptr || !flag->value || flag->value->empty()) continue;
      std::string error;
      const auto duration = go::parse_duration(*flag->value, error);
      if (!duration) return fail(flag->value_range, error, "write a duration such as 30s, 1m30s or 500ms");
      if (*duration != 0 && *duration < 1000000) {
        return fail(flag->value_range, fmt::format("Interval {} cannot be less than 1ms", go_quote(name)));
      }
    }
    if (const Flag* retries = inst_.flag("retries"); retries && retries->value && !retries->value->empty()) {
      std::string error;
      const auto value = go::parse_int(*retries->value, 32, error);
      if (!value) return fail(retries->value_range, error, "write a whole number");
      if (*value < 0) {
        return fail(retries->value_range, fmt::format("--retries cannot be negative ({})", *value));
      }
    }
    return true;
  }

  bool check_run() {
    for (std::size_t i = 0; i < inst_.flags.size(); ++i) {
      const Flag& flag = inst_.flags[i];
      if (flag.name == "mount" && flag.value) {
        if (!parse_mount(i)) return false;
      } else if (flag.name == "network" && flag.value && flag.value->find('$') == std::string::npos) {
        if (*flag.value != "default" && *flag.value != "none" && *flag.value != "host") {
          return fail(flag.value_range, fmt::format("unsupported network mode {}", go_quote(*flag.value)),
                      "use default, none or host");
        }
      } else if (flag.name == "security" && flag.value && flag.value->find('$') == std::string::npos) {
        if (*flag.value != "sandbox" && *flag.value != "insecure") {
          return fail(flag.value_range, fmt::format("unsupported security mode {}", go_quote(*flag.value)),
                      "use sandbox or insecure");
        }
      }
    }
    return true;
  }

  // encoding/csv reading one record; false on a CSV syntax error.
  struct CsvField {
    std::string text;
    std::size_t begin = 0;  // offsets in the value
    std::size_t end = 0;
  };
  static bool read_csv(std::string_view s, std::vector<CsvField>& out) {
    if (s.empty()) return false;  // io.EOF
    std::size_t pos = 0;
    while (true) {
      CsvField field;
      field.begin = pos;
      if (pos < s.size() && s[pos] == '"') {
        ++pos;
        bool closed = false;
        while (pos < s.size()) {
          if (s[pos] == '"') {
            if (pos + 1 < s.size() && s[pos + 1] == '"') {
              field.text.push_back('"');
              pos += 2;
              continue;
            }
            ++pos;
            closed = true;
            break;
          }
          field.text.push_back(s[pos++]);
        }
        if (!closed) return false;
        if (pos < s.size() && s[pos] != ',') return false;  // extraneous or missing " in quoted-field
      } else {
        while (pos < s.size() && s[pos] != ',') {
          if (s[pos] == '"') return false;  // bare " in non-quoted field
          field.text.push_back(s[pos++]);
        }
      }
      field.end = pos;
      out.push_back(std::move(field));
      if (pos < s.size() && s[pos] == ',') {
        ++pos;
        continue;
      }
      return true;
    }
  }

  bool parse_mount(std::size_t flag_index) {
    const Flag& flag = inst_.flags[flag_index];
    Mount mount;
    mount.flag = flag_index;
    mount.range = flag.value_range;
    std::vector<CsvField> fields;
    if (!read_csv(*flag.value, fields)) {
      return fail(flag.value_range, "failed to parse csv mounts",
                  "write the mount as comma-separated key=value pairs, e.g. type=cache,target=/root/.cache");
    }
    // Byte offsets of the value map onto the source when the value is written as is, on one line.
    const bool direct = source_.text().substr(flag.value_range.begin.offset, flag.value_range.size()) == *flag.value;
    const auto range_of = [&](std::size_t begin, std::size_t end) {
      if (!direct) return flag.value_range;
      return source_.range(static_cast<std::uint32_t>(flag.value_range.begin.offset + begin),
                           static_cast<std::uint32_t>(flag.value_range.begin.offset + end));
    };
    for (const CsvField& csv : fields) {
      Mount::Field field;
      const std::size_t eq = csv.text.find('=');
      field.key = text::to_lower(csv.text.substr(0, eq));
      field.has_value = eq != std::string::npos;
      field.range = range_of(csv.begin, csv.end);
      if (field.has_value) {
        field.value = csv.text.substr(eq + 1);
        field.value_range = range_of(csv.end - field.value.size(), csv.end);
      } else {
        field.value_range = range_of(csv.end, csv.end);
      }
      if (!check_mount_field(mount, field, csv.text)) return false;
      mount.fields.push_back(std::move(field));
    }
    inst_.mounts.push_back(std::move(mount));
    return true;
  }

  // The checks BuildKit's parseMount makes on each field, in order (the type known so far applies).
  bool check_mount_field(Mount& mount, const Mount::Field& field, const std::string& raw) {
    const std::string& key = field.key;
    if (!field.has_value) {
      if (key == "readonly" || key == "ro" || key == "readwrite" || key == "rw") return true;
      if (key == "required") {
        if (mount.type.empty() || mount.type == "secret" || mount.type == "ssh") return true;
        return fail(field.range, fmt::format("unexpected key 'required' for mount type '{}'", mount.type));
      }
      return fail(field.range, fmt::format("invalid field '{}' must be a key=value pair", raw),
                  "write key=value, or one of ro, rw, required");
    }
    static constexpr std::array<std::string_view, 20> keys{
        "type", "from", "source", "src", "target", "dst", "destination", "dest", "readonly", "ro",
        "readwrite", "rw", "required", "size", "id", "sharing", "mode", "uid", "gid", "env"};
    bool known = false;
    for (const std::string_view k : keys) known = known || k == key;
    if (!known) {
      return fail(field.range, fmt::format("unexpected key '{}' in '{}'", key, raw),
                  "mount keys are type, source, target, from, id, readonly, rw, required, size, sharing, "
                  "mode, uid, gid, env");
    }
    const std::string& value = field.value;
    if (key == "from") {
      const std::size_t dollar = value.find('$');
      if (dollar != std::string::npos && dollar != value.size() - 1) {
        return fail(field.value_range, "'from' doesn't support variable expansion, define alias stage instead");
      }
      return true;
    }
    if (value.find('$') != std::string::npos) {
      // Expanded when the build runs; only static values can be checked here. An unknown type is "".
      if (key == "type") mount.type = "";
      return true;
    }
    if (key == "type") {
      const std::string type = text::to_lower(value);
      if (type != "bind" && type != "cache" && type != "tmpfs" && type != "secret" && type != "ssh") {
        return fail(field.value_range, fmt::format("unsupported mount type {}", go_quote(value)),
                    "mount types are bind, cache, tmpfs, secret and ssh");
      }
      mount.type = type;
    } else if (key == "readonly" || key == "ro" || key == "readwrite" || key == "rw") {
      if (!parse_bool(value)) return fail(field.value_range, fmt::format("invalid value for {}: {}", key, value));
    } else if (key == "required") {
      if (!mount.type.empty() && mount.type != "secret" && mount.type != "ssh") {
        return fail(field.range, fmt::format("unexpected key 'required' for mount type '{}'", mount.type));
      }
      if (!parse_bool(value)) return fail(field.value_range, fmt::format("invalid value for {}: {}", key, value));
    } else if (key == "size") {
      if (!mount.type.empty() && mount.type != "tmpfs") {
        return fail(field.range, fmt::format("unexpected key 'size' for mount type '{}'", mount.type));
      }
    } else if (key == "sharing") {
      const std::string sharing = text::to_lower(value);
      if (!sharing.empty() && sharing != "shared" && sharing != "private" && sharing != "locked") {
        return fail(field.value_range, fmt::format("unsupported sharing value {}", go_quote(sharing)),
                    "use shared, private or locked");
      }
    } else if (key == "mode") {
      if (!parse_unsigned(value, 8)) return fail(field.value_range, fmt::format("invalid value {} for mode", value));
    } else if (key == "uid" || key == "gid") {
      if (!parse_unsigned(value, 10)) {
        return fail(field.value_range, fmt::format("invalid value {} for {}", value, key));
      }
    }
    return true;
  }

  Instruction& inst_;
  const SourceFile& source_;
  std::vector<Diagnostic>& errors_;
};

}  // namespace

bool check_instruction(Instruction& inst, const SourceFile& source, std::vector<Diagnostic>& errors) {
  return Checker(inst, source, errors).run();
}

}  // namespace shipshape::dockerfile::detail
