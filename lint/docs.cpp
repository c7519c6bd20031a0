#include "lint/docs.h"

#include <fmt/format.h>

#include "parsers/text.h"

namespace shipshape::lint {

namespace {

std::string_view kind_title(rules::FileKind kind) {
  switch (kind) {
    case rules::FileKind::dockerfile: return "Dockerfile";
    case rules::FileKind::ecs: return "ECS task definition";
    case rules::FileKind::any: return "any file";
  }
  return "any file";
}

std::string_view fence_language(rules::FileKind kind) { return kind == rules::FileKind::ecs ? "json" : "dockerfile"; }

std::string trimmed(std::string_view text) { return std::string(text::trim(text)); }

}  // namespace

std::string rule_page(const rules::RegisteredRule& rule) {
  const rules::RuleInfo& info = *rule.info;
  std::string out;
  out += fmt::format("# {} — {}\n\n", info.id, info.title);
  out += "<!-- Generated from the rule's metadata by `shipshape --generate-docs docs/rules`; do not edit. -->\n\n";
  out += "| | |\n|---|---|\n";
  out += fmt::format("| Name | `{}` |\n", info.name);
  out += fmt::format("| Applies to | {} |\n", kind_title(rule.kind));
  out += fmt::format("| Default severity | {} |\n", rules::to_string(info.severity));
  out += fmt::format("| Enabled by default | {} |\n", info.enabled_by_default ? "yes" : "no");
  if (!info.tags.empty()) {
    std::vector<std::string> tags;
    for (const std::string_view tag : info.tags) tags.push_back(fmt::format("`{}`", tag));
    out += fmt::format("| Tags | {} |\n", fmt::join(tags, " "));
  }
  if (!info.security_severity.empty()) out += fmt::format("| Security severity | {} |\n", info.security_severity);
  if (!info.see_also.empty()) out += fmt::format("| Also known as | {} |\n", info.see_also);
  out += fmt::format("\n## Why\n\n{}\n", trimmed(info.rationale));
  out += fmt::format("\n## How to fix\n\n{}\n", trimmed(info.fix));
  if (!info.example_bad.empty()) {
    out += fmt::format("\n## Example\n\nThis is reported:\n\n```{}\n{}\n```\n", fence_language(rule.kind),
                       text::trim_right(info.example_bad));
    if (!info.example_good.empty()) {
      out += fmt::format("\nThis is not:\n\n```{}\n{}\n```\n", fence_language(rule.kind),
                         text::trim_right(info.example_good));
    }
  }
  if (!info.options.empty()) {
    out += "\n## Options\n\nSet in `.shipshape.yaml` under `rules:`:\n\n";
    out += fmt::format("```yaml\nrules:\n  {}:\n    options:\n", info.id);
    for (const rules::RuleOption& option : info.options) {
      out += fmt::format("      {}: {}\n", option.name, option.default_value);
    }
    out += "```\n\n| Option | Type | Default | Meaning |\n|---|---|---|---|\n";
    for (const rules::RuleOption& option : info.options) {
      out += fmt::format("| `{}` | {} | `{}` | {} |\n", option.name, rules::to_string(option.type),
                         option.default_value, option.description);
    }
  }
  out += fmt::format(
      "\n## Suppressing\n\n{}\n",
      rule.kind == rules::FileKind::ecs
          ? fmt::format("Task definitions cannot carry comments. Ignore a finding by JSON Pointer in "
                        "`.shipshape.yaml`:\n\n```yaml\nignore:\n  - rule: {}\n    path: \"deploy/*.json\"\n"
                        "    pointer: \"/containerDefinitions/*\"\n    reason: why this is fine here\n```",
                        info.id)
          : fmt::format("Put `# shipshape ignore={}` on the line before the instruction, or "
                        "`# shipshape ignore-file={}` anywhere in the file.",
                        info.id, info.id));
  return out;
}

std::string rule_catalog() {
  std::string out = "# Rules\n\n";
  out += "<!-- Generated from the rules' metadata by `shipshape --generate-docs docs/rules`; do not edit. -->\n\n";
  for (const rules::FileKind kind : {rules::FileKind::dockerfile, rules::FileKind::ecs, rules::FileKind::any}) {
    out += fmt::format("## {}\n\n", kind == rules::FileKind::any ? "Suppressions and configuration" : kind_title(kind));
    if (kind == rules::FileKind::dockerfile) {
      // Said once here rather than on every RUN rule's page.
      out += "The rules about commands read each RUN as the shell will: shell form and heredocs as POSIX shell, "
             "including scripts passed to `sh -c`. A stage whose `SHELL` is not a POSIX shell (PowerShell, or "
             "`cmd` on Windows images) is not read by them, so they say nothing about its RUN instructions.\n\n";
    }
    out += "| ID | Name | Severity | Default | Title |\n|---|---|---|---|---|\n";
    for (const rules::RegisteredRule& rule : rules::all_rules()) {
      if (rule.kind != kind) continue;
      out += fmt::format("| [{}]({}.md) | `{}` | {} | {} | {} |\n", rule.info->id, rule.info->id, rule.info->name,
                         rules::to_string(rule.info->severity), rule.info->enabled_by_default ? "on" : "off",
                         rule.info->title);
    }
    out += "\n";
  }
  return out;
}

std::string rule_list_text() {
  std::string out;
  std::size_t name_width = 4;
  for (const rules::RegisteredRule& rule : rules::all_rules()) name_width = std::max(name_width, rule.info->name.size());
  out += fmt::format("{:<8} {:<{}} {:<10} {:<8} {:<7} {}\n", "ID", "NAME", name_width, "APPLIES", "SEVERITY",
                     "DEFAULT", "TITLE");
  for (const rules::RegisteredRule& rule : rules::all_rules()) {
    out += fmt::format("{:<8} {:<{}} {:<10} {:<8} {:<7} {}\n", rule.info->id, rule.info->name, name_width,
                       rules::to_string(rule.kind), rules::to_string(rule.info->severity),
                       rule.info->enabled_by_default ? "on" : "off", rule.info->title);
  }
  return out;
}

}  // namespace shipshape::lint
