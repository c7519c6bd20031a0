#pragma once
// Reports for the output-format tests, built by hand from SourceFiles and test-local rules, so that the tests
// do not depend on the real rules (which change) or on the parsers.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lint/fingerprint.h"
#include "lint/output/output.h"
#include "lint/report.h"

namespace shipshape::testing::output_fixture {

inline constexpr std::string_view kBestPractice[] = {"best-practice", "reproducibility"};
inline constexpr std::string_view kSecurityTags[] = {"security", "containers"};
inline constexpr std::string_view kStyleTags[] = {"style"};

inline const rules::RuleInfo kLatestTag{
    .id = "XT0001",
    .name = "latest_tag",
    .severity = rules::Severity::warning,
    .title = "Base image uses the latest tag",
    .rationale = "The `latest` tag moves. Builds stop being reproducible when the base image changes under them.",
    .fix = "Pin a version tag, or better a digest: `FROM ubuntu:24.04@sha256:...`.",
    .tags = kBestPractice,
    .example_bad = "FROM ubuntu:latest\n",
    .example_good = "FROM ubuntu:24.04\n",
    .see_also = "hadolint DL3007",
};

inline const rules::RuleInfo kContinuation{
    .id = "XT0002",
    .name = "long_run_chain",
    .severity = rules::Severity::note,
    .title = "RUN chains commands over several lines",
    .rationale = "Long chains are hard to review.",
    .fix = "Split the chain.",
    .tags = kStyleTags,
};

inline const rules::RuleInfo kRootUser{
    .id = "XT0003",
    .name = "root_user",
    .severity = rules::Severity::error,
    .title = "The container runs as root",
    .rationale = "A process running as root inside a container is one kernel bug away from root on the host.",
    .fix = "Add `USER 10001` after the last instruction that needs root.",
    .tags = kSecurityTags,
    .security_severity = "8.5",
};

inline const rules::RuleInfo kPrivileged{
    .id = "XT0101",
    .name = "privileged_container",
    .severity = rules::Severity::error,
    .title = "A container runs privileged",
    .rationale = "A privileged container has every capability and all host devices.",
    .fix = "Remove `privileged` and grant the capabilities the container needs.",
    .tags = kSecurityTags,
    .security_severity = "9.5",
};

inline std::vector<const rules::RuleInfo*> fixture_rules() { return {&kLatestTag, &kContinuation, &kRootUser, &kPrivileged}; }

// The range of the `occurrence`-th (0-based) `needle` in the source.
inline Range find_range(const SourceFile& source, std::string_view needle, int occurrence = 0) {
  std::size_t at = source.text().find(needle);
  for (int i = 0; i < occurrence && at != std::string_view::npos; ++i) at = source.text().find(needle, at + 1);
  if (at == std::string_view::npos) return {};
  return source.range(static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + needle.size()));
}

inline rules::Finding make_finding(const rules::RuleInfo& rule, Range range, std::string message) {
  rules::Finding finding;
  finding.rule = &rule;
  finding.severity = rule.severity;
  finding.range = range;
  finding.message = std::move(message);
  return finding;
}

inline lint::FileReport file_with_source(std::string path, std::string text, lint::FileType type) {
  lint::FileReport file;
  file.path = path;
  file.fs_path = path;
  file.type = type;
  file.source = std::make_shared<const SourceFile>(std::move(path), std::move(text));
  return file;
}

inline constexpr std::string_view kDockerfileText =
    "# syntax=docker/dockerfile:1\n"
    "FROM ubuntu:latest AS b\xC3\xBCild\n"
    "RUN echo \"h\xC3\xA9llo \xF0\x9F\x99\x82\" && \\\n"
    "    apt-get install -y curl\n"
    "USER root\n";

inline constexpr std::string_view kTaskDefinitionText =
    "{\n"
    "  \"family\": \"web\",\n"
    "  \"containerDefinitions\": [\n"
    "    {\"name\": \"app\", \"image\": \"nginx:1.27\", \"privileged\": true}\n"
    "  ]\n"
    "}\n";

// The report every golden file renders: findings with non-ASCII text and columns, a multi-line finding, an
// empty range, a suppressed finding, a task-definition finding with a pointer, a clean file, a parse error,
// an unreadable file and an input error. Messages hold characters each format must escape.
inline lint::LintReport golden_report() {
  lint::LintReport report;
  report.input_errors.push_back({"missing/Dockerfile", "no such file or directory"});

  lint::FileReport broken = file_with_source("broken.Dockerfile", "FROM alpine\nRUN <<EOF\necho hi\n",
                                             lint::FileType::dockerfile);
  broken.errors.push_back(Diagnostic{find_range(*broken.source, "<<EOF"),
                                     "unterminated heredoc: no line `EOF` before the end of the file",
                                     "end the heredoc with a line that holds only `EOF`"});
  report.files.push_back(std::move(broken));

  report.files.push_back(file_with_source("clean/Dockerfile", "FROM alpine:3.20\n", lint::FileType::dockerfile));

  lint::FileReport docker = file_with_source("docker/Dockerfile", std::string(kDockerfileText),
                                             lint::FileType::dockerfile);
  const SourceFile& source = *docker.source;
  // In position order, as the engine sorts them.
  rules::Finding suppressed = make_finding(kLatestTag, find_range(source, "ubuntu"), "suppressed for the test");
  suppressed.suppressed = true;
  suppressed.suppression = "# shipshape ignore=XT0001";
  docker.findings.push_back(std::move(suppressed));
  docker.findings.push_back(make_finding(
      kLatestTag, find_range(source, "latest"),
      "base image \"ubuntu:latest\" uses the mutable tag <latest> & may change, 100% of the time"));
  const Range chain_begin = find_range(source, "echo");
  const Range chain_end = find_range(source, "curl");
  docker.findings.push_back(make_finding(kContinuation, Range{chain_begin.begin, chain_end.end},
                                         "this RUN chains 2 commands over 2 lines"));
  docker.findings.push_back(make_finding(kContinuation, find_range(source, "\xF0\x9F\x99\x82"),
                                         "the emoji \xF0\x9F\x99\x82 in \"h\xC3\xA9llo\" is not ASCII"));
  const Range root = find_range(source, "root");
  docker.findings.push_back(make_finding(kRootUser, root, "the last USER is root"));
  docker.findings.push_back(
      make_finding(kContinuation, Range{root.end, root.end}, "an empty range at the end of the line"));
  report.files.push_back(std::move(docker));

  lint::FileReport task = file_with_source("ecs/task.json", std::string(kTaskDefinitionText), lint::FileType::ecs);
  rules::Finding privileged = make_finding(kPrivileged, find_range(*task.source, "true"),
                                           "container \"app\" runs privileged");
  privileged.pointer = "/containerDefinitions/0/privileged";
  task.findings.push_back(std::move(privileged));
  report.files.push_back(std::move(task));

  lint::FileReport locked;
  locked.path = "locked/Dockerfile";
  locked.fs_path = "locked/Dockerfile";
  locked.type = lint::FileType::dockerfile;
  locked.errors.push_back(Diagnostic{{}, "cannot read file: permission denied", {}});
  report.files.push_back(std::move(locked));

  // Fixed fingerprints: the renderers pass them through, and the goldens should not change with the engine's
  // fingerprint algorithm.
  for (lint::FileReport& file : report.files) {
    for (std::size_t i = 0; i < file.findings.size(); ++i) {
      file.findings[i].fingerprint = lint::hash_hex(file.path + "#" + std::to_string(i));
    }
  }
  return report;
}

// Options with a fixed, fictional working directory, so that output does not depend on the machine.
inline lint::output::RenderOptions golden_options() {
  lint::output::RenderOptions options;
  options.working_directory = "/shipshape-golden/repo";
  options.sarif_rules = fixture_rules();
  return options;
}

}  // namespace shipshape::testing::output_fixture
