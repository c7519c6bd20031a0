// DF101: the stage that ships never sets USER (nor inherits one through FROM <stage>), so the container runs as
// the base image's default user, which is root for nearly every image.
#include "parsers/dockerfile/document.h"
#include "rules/rule.h"
#include "rules/support/dockerfile_helpers.h"
#include "rules/support/image_globs.h"

namespace shipshape::rules::dockerfile_rules {

namespace {

constexpr std::string_view kTags[] = {"security"};

constexpr RuleOption kOptions[] = {image_globs::kNonRootImagesOption};

// "stage `builder`", or "stage" for an unnamed one ("the final stage").
std::string stage_label(const dockerfile::Stage& stage) {
  return stage.name.empty() ? std::string("stage") : fmt::format("stage `{}`", stage.name);
}

// Whether a stage of `chain` (the final stage and the stages it is built on) sets CMD or ENTRYPOINT. An image
// built on `scratch` without either holds files only: the stages that `docker build --output` exports.
bool runs_a_program(const dockerfile::Document& document, const std::vector<const dockerfile::Stage*>& chain) {
  for (const dockerfile::Stage* stage : chain) {
    for (const dockerfile::Instruction& inst : document.instructions_of(*stage)) {
      if (inst.is(dockerfile::InstructionKind::cmd) || inst.is(dockerfile::InstructionKind::entrypoint)) return true;
    }
  }
  return false;
}

void check(const dockerfile::Document& document, Report& report) {
  if (document.stages().empty()) return;
  const dockerfile::Stage& final_stage = document.final_stage();
  if (document.user_at_end(final_stage).source != nullptr) return;  // some USER is in effect (DL3002 judges it)
  if (final_stage.base_word == nullptr) return;
  const std::vector<const dockerfile::Stage*> chain = document.chain(final_stage);
  const dockerfile::Stage& root = *chain.back();
  const std::string subject = chain.size() > 1
                                  ? fmt::format("neither the final {} nor the stages it is built on set USER",
                                                stage_label(final_stage))
                                  : fmt::format("the final {} never sets USER", stage_label(final_stage));
  if (root.scratch) {
    if (!runs_a_program(document, chain)) return;  // a `docker build --output` stage: files, not a container
    report.at(final_stage.base_word->range, "{}, and an image built on `scratch` runs as root", subject);
    return;
  }
  if (root.image.valid &&
      dockerfile_support::image_matches(root.image, report.options().string_list("non-root-images"))) {
    return;
  }
  const std::string base = root.base.ok() ? root.base.text : root.base_word->text;
  report.at(final_stage.base_word->range, "{}, so the container runs as the default user of `{}`, {}", subject, base,
            root.windows ? "ContainerAdministrator for most Windows images" : "root for most images");
}

}  // namespace

extern const DockerfileRule no_user_in_final_stage{
    .info =
        {
            .id = "DF101",
            .name = "no_user_in_final_stage",
            .severity = Severity::warning,
            .title = "The final stage never sets USER",
            .rationale = R"(Without a `USER` instruction the container runs as whatever user the base image
declares, and nearly every base image (Debian, Ubuntu, Alpine, the language images, `scratch`) declares none,
which means root. A process running as root inside the container can modify the image's files, use every
capability granted to the container, and is one kernel or runtime bug away from root on the host.

Only the stage that ships is judged (the last stage, or `--target`), together with the stages it is built on
through `FROM <stage>`: a `USER` in any of them is inherited, and `DL3002` checks its value. A stage built on
`scratch` is reported too: an image with no user database still runs as UID 0 unless `USER` says otherwise, and
a numeric `USER 65532` works there without `/etc/passwd`. The exception is a final stage on `scratch` with
neither `CMD` nor `ENTRYPOINT` (here or in the stages it is built on): that is how build outputs are exported with
`docker build --output`, files that never run as a container.

Base images known to run as an unprivileged user need no `USER`; the `non-root-images` option lists them. The
default covers the distroless `nonroot` tags (`gcr.io/distroless/static-debian12:nonroot`, `...:debug-nonroot`),
Chainguard's `static` image, the .NET chiseled and distroless images (`mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled`,
`...-azurelinux3.0-distroless`, which end with `USER $APP_UID`), and the Windows Nano Server images from version
1709 on (which run as `ContainerUser`; Nano Server 2016, `sac2016` and `10.0.14393.*`, ran as
`ContainerAdministrator`, and the list says so with `!` exceptions). Other Chainguard images are not listed as a whole, because several of them (`wolfi-base`, `go`,
`clang`, ...) run as root, and the other .NET images run as root although they create an `app` user.)",
            .fix = R"(Add an unprivileged user and switch to it at the end of the final stage:

```dockerfile
FROM debian:12.5
RUN useradd --system --uid 10001 app
USER 10001
```

On `scratch` or distroless images, use a numeric UID (`USER 65532:65532`). When a base image runs as non-root
already, add it to the `non-root-images` option.)",
            .tags = kTags,
            .security_severity = "6.0",
            .options = kOptions,
            .example_bad = R"(FROM python:3.12-slim
COPY app.py /app/
CMD ["python", "/app/app.py"]
)",
            .example_good = R"(FROM python:3.12-slim
RUN useradd --system --uid 10001 app
COPY app.py /app/
USER 10001
CMD ["python", "/app/app.py"]
)",
            .see_also = "Trivy DS-0002 (\"Specify at least 1 USER command\"), Checkov CKV_DOCKER_3",
        },
    .check = check,
};

}  // namespace shipshape::rules::dockerfile_rules
