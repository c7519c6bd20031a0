#include "rules/support/ecs_helpers.h"

#include <fmt/format.h>

#include "parsers/text.h"
#include "rules/support/image_globs.h"

namespace shipshape::rules::ecs_support {

std::string container_label(const ecs::Located<ecs::Container>& container, std::size_t index) {
  const ecs::Located<std::string>& name = container->name;
  if (name.is_known() && !name.templated && !name.value.empty()) return fmt::format("container \"{}\"", name.value);
  return fmt::format("container #{}", index + 1);
}

std::vector<IndexedContainer> known_containers(const ecs::TaskDefinition& task) {
  std::vector<IndexedContainer> out;
  if (!task.containers.is_known()) return out;
  for (std::size_t i = 0; i < task.containers->size(); ++i) {
    const ecs::Located<ecs::Container>& container = task.containers.value[i];
    if (container.is_known()) out.push_back({i, container});
  }
  return out;
}

bool has_task_level(const ecs::TaskDefinitionFile& file) { return file.shape != ecs::InputShape::container_list; }

bool requires_compatibility(const ecs::TaskDefinition& task, std::string_view name) {
  if (!task.requires_compatibilities.is_known()) return false;
  for (const ecs::Located<std::string>& entry : task.requires_compatibilities.value) {
    if (entry.is(std::string(name))) return true;
  }
  return false;
}

namespace {

// `C:\inetpub`, `C:/data`: a drive-letter path at the start of `word`.
bool starts_with_drive_path(std::string_view word) {
  return word.size() >= 3 && ((word[0] >= 'A' && word[0] <= 'Z') || (word[0] >= 'a' && word[0] <= 'z')) &&
         word[1] == ':' && (word[2] == '\\' || word[2] == '/');
}

// The program a command runs, without its directory: `C:\Windows\System32\cmd.exe` -> `cmd.exe`.
std::string program_name(std::string_view word) {
  const std::size_t slash = word.find_last_of("/\\");
  return text::to_lower(slash == std::string_view::npos ? word : word.substr(slash + 1));
}

bool is_windows_program(std::string_view word) {
  const std::string name = program_name(text::trim(word));
  return name == "powershell" || name == "powershell.exe" || name == "cmd" || name == "cmd.exe" ||
         (name.size() > 4 && text::iends_with(name, ".exe"));
}

bool is_windows_image(const ImageReference& image) {
  if (!image.valid) return false;
  const std::string repository = text::to_lower(image.repository);
  if (repository.find("windows") != std::string::npos || repository.find("nanoserver") != std::string::npos) {
    return true;
  }
  // Microsoft's Windows-only images: microsoft/iis, mcr.microsoft.com/dotnet/framework/*.
  return repository == "microsoft/iis" || repository.rfind("dotnet/framework/", 0) == 0;
}

bool first_word_is_windows_program(const ecs::LocatedList<std::string>& words) {
  return words.is_known() && !words->empty() && words->front().is_known() && is_windows_program(words->front().value);
}

// An element that starts with a drive-letter path (`C:\app\server.exe`, `C:/data`); a path further inside a Linux
// shell command (`echo C:/x`) proves nothing.
bool any_drive_path(const ecs::LocatedList<std::string>& words) {
  if (!words.is_known()) return false;
  for (const ecs::Located<std::string>& word : words.value) {
    if (word.is_known() && starts_with_drive_path(text::trim(word.value))) return true;
  }
  return false;
}

bool shows_windows(const ecs::Container& container) {
  if (is_windows_image(container.image_reference)) return true;
  if (first_word_is_windows_program(container.entry_point)) return true;
  if (!container.entry_point.present && first_word_is_windows_program(container.command)) return true;
  if (any_drive_path(container.entry_point) || any_drive_path(container.command)) return true;
  if (container.working_directory.is_known() && starts_with_drive_path(container.working_directory.value)) return true;
  if (container.docker_security_options.is_known()) {
    for (const ecs::Located<std::string>& option : container.docker_security_options.value) {
      // gMSA credential specs exist only for Windows containers in dockerSecurityOptions.
      if (option.is_known() && text::istarts_with(option.value, "credentialspec:")) return true;
    }
  }
  return false;
}

}  // namespace

bool is_windows_task(const ecs::TaskDefinition& task) {
  const ecs::Located<std::string>& family = task.runtime_platform->operating_system_family;
  if (task.runtime_platform.is_known() && family.present) {
    // A written family decides, whatever the containers look like; an unknown one (a placeholder) decides nothing.
    if (family.is_known() && !family.templated) return text::istarts_with(family.value, "WINDOWS");
    return false;
  }
  if (!task.containers.is_known()) return false;
  for (const ecs::Located<ecs::Container>& container : task.containers.value) {
    if (container.is_known() && shows_windows(container.value)) return true;
  }
  return false;
}

Spot content_spot(const ecs::TaskDefinitionFile& file, const ecs::Located<std::string>& value) {
  if (!value.written() || !value.known || value.value.empty()) return value_spot(value);
  return {file.subrange(value, 0, value.value.size()), value.pointer};
}

Finding& add_finding(Report& report, const Spot& spot, std::string message) {
  Finding& finding = report.add(spot.range, std::move(message));
  finding.pointer = spot.pointer;
  return finding;
}

std::size_t report_problems(const ecs::TaskDefinitionFile& file, Report& report, ecs::ProblemKind kind) {
  std::size_t count = 0;
  for (const ecs::ShapeProblem& problem : file.problems) {
    if (problem.kind != kind) continue;
    add_finding(report, {problem.range, problem.pointer}, problem.message);
    ++count;
  }
  return count;
}

bool image_matches(const ecs::Container& container, const std::vector<std::string>& globs) {
  if (globs.empty() || !container.image.is_known() || container.image.templated) return false;
  const ImageReference& image = container.image_reference;
  if (!image.valid) return false;
  std::string written = container.image.value;
  if (image.digest_span.present()) {
    written = written.substr(0, image.digest_span.begin > 0 ? image.digest_span.begin - 1 : 0);  // drop "@sha256:..."
  }
  std::string normalised = image.full_name();
  if (image.has_tag()) normalised += ":" + image.tag;
  return image_globs::accepts(globs, {written, normalised});
}

}  // namespace shipshape::rules::ecs_support
