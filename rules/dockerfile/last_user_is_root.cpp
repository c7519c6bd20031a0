// DL3002: the image that ships runs as root because the last USER of its stage (or of the stage it is built on)
// is root.
#include "parsers/dockerfile/document.h"
#include "rules/rule.h"
#include "rules/support/dockerfile_helpers.h"

namespace shipshape::rules::dockerfile_rules {

namespace {

constexpr std::string_view kTags[] = {"security"};

// "stage `builder`", or "stage" for an unnamed one ("the final stage").
std::string stage_label(const dockerfile::Stage& stage) {
  return stage.name.empty() ? std::string("stage") : fmt::format("stage `{}`", stage.name);
}

void check(const dockerfile::Document& document, Report& report) {
  if (document.stages().empty()) return;
  const dockerfile::Stage& final_stage = document.final_stage();
  const dockerfile::Setting user = document.user_at_end(final_stage);
  if (user.source == nullptr || !user.known) return;  // no USER (DF101), or a value only the build knows
  const dockerfile::Stage* owner = document.stage_of(*user.source);
  const bool windows = owner != nullptr ? owner->windows : final_stage.windows;
  if (!dockerfile_support::is_root_user(user.value, windows)) return;
  const dockerfile::Word* argument = user.source->single_argument();
  if (argument == nullptr) return;
  const std::string resolved =
      argument->text == user.value ? std::string() : fmt::format(" (`{}` resolves to `{}`)", argument->text, user.value);
  const std::string where =
      owner != nullptr && owner != &final_stage
          ? fmt::format("the final {} inherits USER `{}`{} from {}", stage_label(final_stage), user.value, resolved,
                        stage_label(*owner))
          : fmt::format("the last USER of the final {} is `{}`{}", stage_label(final_stage), user.value, resolved);
  report.at(argument->range, "the image runs as root: {}", where);
}

}  // namespace

extern const DockerfileRule last_user_is_root{
    .info =
        {
            .id = "DL3002",
            .name = "last_user_is_root",
            .severity = Severity::warning,
            .title = "The image runs as root",
            .rationale = R"(The last `USER` of the stage that ships decides who the container's main process runs
as. When that user is `root` (or UID `0`, whatever the group), a compromised process owns the whole container:
it can rewrite binaries, read every file and use every capability the runtime grants, which makes escaping to
the host much easier. Switching to root for installation steps is fine; the image should switch back to an
unprivileged user before it ends.

Only the stage that ships is judged: the last stage, or the one `--target` names. Earlier build stages do not
reach the image, except through `FROM <stage>`, whose last `USER` the next stage inherits. Variables are
resolved as the build resolves them (`USER ${APP_USER}` with `ARG APP_USER=root` is root); a value only the
build knows (an `ARG` without default, or a variable set by the base image) is not reported. On Windows
stages, `ContainerAdministrator` counts as root.)",
            .fix = R"(End the final stage with an unprivileged user, preferably a numeric UID so that Kubernetes'
`runAsNonRoot` can verify it:

```dockerfile
RUN useradd --system --uid 10001 app
USER 10001
```)",
            .tags = kTags,
            .security_severity = "7.0",
            .example_bad = R"(FROM debian:12.5
RUN useradd --uid 10001 app
USER root
CMD ["app"]
)",
            .example_good = R"(FROM debian:12.5
RUN useradd --uid 10001 app
USER 10001
CMD ["app"]
)",
            .see_also = "hadolint DL3002, Trivy DS-0002 (AVD-DS-0002), Checkov CKV_DOCKER_8",
        },
    .check = check,
};

}  // namespace shipshape::rules::dockerfile_rules
