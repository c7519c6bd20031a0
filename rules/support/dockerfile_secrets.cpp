#include "rules/support/dockerfile_secrets.h"

#include <algorithm>

#include "parsers/text.h"
#include "rules/support/dockerfile_helpers.h"
#include "rules/support/secrets.h"

namespace shipshape::rules::dockerfile_support {

using dockerfile::Document;
using dockerfile::Instruction;
using dockerfile::InstructionKind;

namespace {

std::string expanded_name(const Document& document, const Instruction& inst, std::string_view written) {
  const dockerfile::Expansion e = document.expand(written, inst);
  return e.ok() && e.known ? e.text : std::string(written);
}

void add_definitions(const Document& document, const Instruction& inst, std::vector<Definition>& out) {
  const SourceFile& source = document.source();
  if (inst.is(InstructionKind::env) || inst.is(InstructionKind::label)) {
    for (const dockerfile::KeyValue& pair : inst.pairs) {
      out.push_back({.instruction = &inst,
                     .name = expanded_name(document, inst, pair.key.text),
                     .name_range = pair.key.range,
                     .has_value = true,
                     .value_range = pair.value.range,
                     .value = source.slice(pair.value.range)});
    }
  } else if (inst.is(InstructionKind::arg)) {
    for (const dockerfile::ArgDeclaration& declaration : inst.declarations) {
      Definition d{.instruction = &inst, .name = declaration.name.text, .name_range = declaration.name.range};
      if (declaration.value) {
        d.has_value = true;
        d.value_range = declaration.value->range;
        d.value = source.slice(declaration.value->range);
      }
      out.push_back(std::move(d));
    }
  }
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_key_char(char c) { return is_name_char(c) || c == '/' || c == '+'; }

// The range of the unquoted part of a written value.
Range unquoted_range(const SourceFile& source, const Range& written) {
  const std::string_view text = source.slice(written);
  const std::string_view inner = unquoted(text);
  const auto begin = written.begin.offset + static_cast<std::uint32_t>(inner.data() - text.data());
  return source.range(begin, begin + static_cast<std::uint32_t>(inner.size()));
}

std::string holder_of(const Instruction& top, const Range& hit, const std::vector<Definition>& defs) {
  for (const Definition& d : defs) {
    if (!d.has_value || !d.value_range.contains(hit)) continue;
    const Instruction& inst = *d.instruction;
    if (inst.is(InstructionKind::arg)) return fmt::format("ARG `{}` default", d.name);
    return fmt::format("{} `{}`", inst.is(InstructionKind::env) ? "ENV" : "LABEL", d.name);
  }
  if (top.trigger) return "ONBUILD " + text::to_upper(top.trigger->keyword);
  return text::to_upper(top.keyword);
}

// NAME=value words of `export`/`declare` and `NAME=value cmd` prefixes with a secret name, as (name, value range).
struct ShellAssignment {
  std::string_view name;
  Range value;
  std::string_view text;  // the value's static text
};

std::vector<ShellAssignment> secret_shell_assignments(const Document& document) {
  std::vector<ShellAssignment> out;
  const SourceFile& source = document.source();
  for (const Instruction* run : all_runs(document)) {
    if (!run->script) continue;
    const RunCommands& commands = run_commands(document, *run);
    for (const shell::Command* command : commands.commands()) {
      for (const shell::Assignment& a : command->assignments) {
        if (!a.value.value || !secrets::classify_name(a.name).secret) continue;
        Range range = a.value.range;
        if (source.slice(range).size() == a.value.text.size() && a.value.text.size() >= 2 &&
            (a.value.text.front() == '"' || a.value.text.front() == '\'')) {
          range = unquoted_range(source, range);
        }
        out.push_back({a.name, range, *a.value.value});
      }
      if (command->kind != shell::CommandKind::declaration) continue;
      for (const shell::Word& word : command->arguments) {
        if (!word.value || source.slice(word.range) != word.text) continue;
        const std::size_t eq = word.text.find('=');
        if (eq == std::string_view::npos || eq == 0) continue;
        const std::string_view name = word.text.substr(0, eq);
        if (!std::all_of(name.begin(), name.end(), is_name_char) || !secrets::classify_name(name).secret) continue;
        const Range value = source.range(word.range.begin.offset + static_cast<std::uint32_t>(eq + 1), word.range.end.offset);
        const Range inner = unquoted_range(source, value);
        out.push_back({name, inner, source.slice(inner)});
      }
    }
  }
  return out;
}

}  // namespace

bool may_assign_secret(std::string_view run_text) {
  for (std::size_t eq = run_text.find('='); eq != std::string_view::npos; eq = run_text.find('=', eq + 1)) {
    std::size_t begin = eq;
    while (begin > 0 && is_name_char(run_text[begin - 1])) --begin;
    if (begin < eq && secrets::classify_name(run_text.substr(begin, eq - begin)).secret) return true;
  }
  return false;
}

std::vector<Definition> definitions(const Document& document) {
  std::vector<Definition> out;
  for (const Instruction& inst : document.instructions()) {
    add_definitions(document, inst, out);
    if (inst.trigger) add_definitions(document, *inst.trigger, out);
  }
  return out;
}

std::set<std::string, std::less<>> secret_mount_names(const Document& document) {
  std::set<std::string, std::less<>> names;
  for (const Instruction* run : all_runs(document)) {
    for (const dockerfile::Mount& mount : run->mounts) {
      if (mount.type != "secret") continue;
      for (const std::string_view key : {"id", "env"}) {
        const std::string_view value = mount.value(key);
        if (value.empty()) continue;
        names.insert(std::string(value));
        const dockerfile::Expansion e = document.expand(value, *run);
        if (e.ok() && e.known) names.insert(e.text);
      }
      // Without id=, BuildKit uses the target's base name as the id.
      if (!mount.has("id")) {
        const std::string_view target = mount.value("target");
        if (!target.empty()) names.insert(std::string(shell::basename_of(target)));
      }
    }
  }
  return names;
}

std::string_view unquoted(std::string_view written_value) {
  std::string_view v = written_value;
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) v = v.substr(1, v.size() - 2);
  return v;
}

bool is_reference_or_empty(std::string_view written_value) {
  const std::string_view v = text::trim(unquoted(text::trim(written_value)));
  if (v.empty()) return true;
  if (v.front() != '$' || v.size() < 2) return false;
  if (v[1] == '{') return v.find('}') == v.size() - 1;
  return std::all_of(v.begin() + 1, v.end(), is_name_char);
}

namespace {

struct Credentials {
  std::vector<CredentialHit> hits;
};

std::vector<CredentialHit> scan_credentials(const Document& document) {
  const SourceFile& source = document.source();
  const std::vector<Definition> defs = definitions(document);
  std::vector<CredentialHit> hits;
  bool access_key_seen = false;
  for (const Instruction& inst : document.instructions()) {
    const std::string_view text = source.slice(inst.range);
    for (const secrets::CredentialMatch& match : secrets::find_credentials(text)) {
      const Range range = source.range(inst.range.begin.offset + static_cast<std::uint32_t>(match.begin),
                                       inst.range.begin.offset + static_cast<std::uint32_t>(match.end));
      access_key_seen = access_key_seen || match.kind == "AWS access key ID";
      hits.push_back({&inst, match.kind, range, holder_of(inst, range, defs)});
    }
  }
  constexpr std::string_view kAwsSecret = "AWS secret access key";
  // Under a secret name: ENV/ARG/LABEL values, RUN assignments and exports.
  for (const Definition& d : defs) {
    if (!d.has_value || !secrets::classify_name(d.name).secret) continue;
    if (!secrets::looks_like_aws_secret_key(unquoted(d.value))) continue;
    const Range range = unquoted_range(source, d.value_range);
    const Instruction& top = document.instructions()[d.instruction->index];  // an ONBUILD for a trigger
    hits.push_back({&top, kAwsSecret, range, holder_of(top, range, defs)});
  }
  for (const ShellAssignment& a : secret_shell_assignments(document)) {
    if (!secrets::looks_like_aws_secret_key(a.text)) continue;
    const Instruction* top = nullptr;
    for (const Instruction& inst : document.instructions()) {
      if (inst.range.contains(a.value)) top = &inst;
    }
    if (top != nullptr) hits.push_back({top, kAwsSecret, a.value, holder_of(*top, a.value, defs)});
  }
  // Next to an access key ID: any 40-character token of the secret key's shape.
  if (access_key_seen) {
    for (const Instruction& inst : document.instructions()) {
      const std::string_view text = source.slice(inst.range);
      std::size_t i = 0;
      while (i < text.size()) {
        if (!is_key_char(text[i])) {
          ++i;
          continue;
        }
        std::size_t end = i;
        while (end < text.size() && is_key_char(text[end])) ++end;
        if (end - i == 40 && secrets::looks_like_aws_secret_key(text.substr(i, 40))) {
          const Range range = source.range(inst.range.begin.offset + static_cast<std::uint32_t>(i),
                                           inst.range.begin.offset + static_cast<std::uint32_t>(end));
          hits.push_back({&inst, kAwsSecret, range, holder_of(inst, range, defs)});
        }
        i = end;
      }
    }
  }
  // File order, one hit per stretch of text.
  std::stable_sort(hits.begin(), hits.end(), [](const CredentialHit& a, const CredentialHit& b) {
    return a.range.begin.offset < b.range.begin.offset;
  });
  std::vector<CredentialHit> unique;
  for (CredentialHit& hit : hits) {
    if (!unique.empty() && hit.range.begin.offset < unique.back().range.end.offset) continue;
    unique.push_back(std::move(hit));
  }
  return unique;
}

}  // namespace

const std::vector<CredentialHit>& find_credentials(const Document& document) {
  return document.derived().get<Credentials>([&] { return Credentials{scan_credentials(document)}; }).hits;
}

}  // namespace shipshape::rules::dockerfile_support
