// sensitive_ranges(Document): every secret value of a Dockerfile, found whatever rules are enabled, so that outputs
// quoting the source can mask them.
#include "parsers/dockerfile/document.h"
#include "rules/support/dockerfile_helpers.h"
#include "rules/support/dockerfile_secrets.h"
#include "rules/support/secrets.h"

namespace shipshape::rules {

bool sensitive_ranges_read_run(std::string_view run_text) { return dockerfile_support::may_assign_secret(run_text); }

std::vector<Range> sensitive_ranges(const dockerfile::Document& document) {
  std::vector<Range> ranges;
  const SourceFile& source = document.source();
  // Values of variables (and labels) whose name says they hold a secret.
  for (const dockerfile_support::Definition& d : dockerfile_support::definitions(document)) {
    if (!d.has_value || dockerfile_support::is_reference_or_empty(d.value)) continue;
    if (!secrets::classify_name(d.name).secret) continue;
    ranges.push_back(d.value_range);
  }
  // Secret-named shell variables set in RUN: `DB_PASSWORD=x cmd`, `export TOKEN=x`.
  for (const dockerfile::Instruction* run : dockerfile_support::all_runs(document)) {
    if (!run->script) continue;
    const dockerfile_support::RunCommands& commands = dockerfile_support::run_commands(document, *run);
    for (const shell::Command* command : commands.commands()) {
      for (const shell::Assignment& a : command->assignments) {
        if (secrets::classify_name(a.name).secret && !dockerfile_support::is_reference_or_empty(a.value.text)) {
          ranges.push_back(a.value.range);
        }
      }
      if (command->kind != shell::CommandKind::declaration) continue;
      for (const shell::Word& word : command->arguments) {
        const std::size_t eq = word.text.find('=');
        if (eq == std::string_view::npos || eq == 0 || source.slice(word.range) != word.text) continue;
        if (!secrets::classify_name(word.text.substr(0, eq)).secret) continue;
        if (dockerfile_support::is_reference_or_empty(word.text.substr(eq + 1))) continue;
        ranges.push_back(source.range(word.range.begin.offset + static_cast<std::uint32_t>(eq + 1), word.range.end.offset));
      }
    }
  }
  // Credentials by their shape, wherever they are written.
  for (const dockerfile_support::CredentialHit& hit : dockerfile_support::find_credentials(document)) {
    ranges.push_back(hit.range);
  }
  std::sort(ranges.begin(), ranges.end(),
            [](const Range& a, const Range& b) { return a.begin.offset < b.begin.offset; });
  return ranges;
}

}  // namespace shipshape::rules
