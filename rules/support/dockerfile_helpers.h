#pragma once
// Helpers shared by the Dockerfile rules: the images a Dockerfile pulls (FROM, COPY --from, RUN --mount from=)
// with exact spans of their parts, the stages whose layers ship, every shell command a RUN runs (its script,
// shells fed by heredocs, `sh -c '...'` strings), RUN cache mounts, and spans over shell commands.

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/dockerfile/document.h"
#include "parsers/image_reference.h"
#include "parsers/shell/script.h"
#include "rules/rule.h"

namespace shipshape::rules::dockerfile_support {

// ---- images ---------------------------------------------------------------------------------------------------

// Where an image reference is written.
enum class ImageSiteKind : std::uint8_t {
  from,        // FROM <image>
  copy_from,   // COPY --from=<image> (ADD has no --from)
  mount_from,  // RUN --mount=...,from=<image>
};

// An external image the build pulls. Stage references, `scratch`, stage indexes and (for COPY/RUN) names that may
// be named build contexts are not images here (see image_sites).
struct ImageSite {
  ImageSiteKind kind = ImageSiteKind::from;
  const dockerfile::Instruction* instruction = nullptr;
  std::string written;   // as written: "${BASE}:1.2"
  std::string expanded;  // as the build sees it, unknown parts kept verbatim: "${BASE}:1.2"
  bool known = true;     // no unknown variable contributed
  // `expanded` parsed, with each unknown part replaced by a neutral name component. Valid when the reference
  // parses. `tag_known`: no unknown part could hide a tag or digest (none after the last '/'); `registry_known`:
  // none could change the registry (`ghcr.io/${NAME}` and `alpine:${TAG}` are known, `${REGISTRY}/app` is not).
  ImageReference reference;
  bool tag_known = true;
  bool registry_known = true;
  // Source ranges of the parts as written (the whole word when a part cannot be located exactly).
  Range range;           // the whole reference as written
  Range name_range;      // registry and repository ("ghcr.io/org/app")
  Range registry_range;  // the registry when written, else the name
  Range tag_range;       // the tag without ':' when written, else an empty range at the name's end
  // Whether the reference is written literally (no variables), so that the part ranges are exact.
  bool literal = true;
};

// Every external image the Dockerfile pulls, in file order: FROM lines that are neither `scratch` nor an earlier
// stage, and `COPY --from` / `RUN --mount from=` values that name neither a stage (by name, case-insensitively,
// or index) nor something that may be a named build context: a bare word without '/', ':' or '@' (`--from=docs`)
// is a stage name or a `--build-context` name far more often than an image, so only values that look like an
// image reference count. ONBUILD triggers are included.
std::vector<ImageSite> image_sites(const dockerfile::Document& document);

// "base image `ubuntu`", "image `ghcr.io/o/tool` of COPY --from", with "(written `${BASE}`)" when variables
// were resolved.
std::string describe_image(const ImageSite& site);

// Whether the glob `patterns` (image_globs::accepts: `!glob` for exceptions) accept the reference written as `familiar_name[:tag]` or `registry/repository[:tag]` ("ubuntu:22.04" and
// "docker.io/library/ubuntu:22.04").
bool image_matches(const ImageReference& reference, const std::vector<std::string>& patterns);

// The reference's name as people write it, with the tag and digest: "ubuntu:22.04", "ghcr.io/o/a@sha256:…".
std::string display_name(const ImageSite& site);

// ---- stages and RUN instructions ---------------------------------------------------------------------------

// The stages whose layers end up in the image that ships: the final stage (or --target) and the stages it is
// built on (FROM <stage>), in that order.
std::vector<const dockerfile::Stage*> shipped_stages(const dockerfile::Document& document);

// The RUN instructions of those stages, with RUN triggers of their ONBUILD instructions, in file order.
std::vector<const dockerfile::Instruction*> shipped_runs(const dockerfile::Document& document);

// Every RUN of the file (ONBUILD RUN triggers included), in file order.
std::vector<const dockerfile::Instruction*> all_runs(const dockerfile::Document& document);

// The `--NAME=VALUE` flags of `run` whose value, expanded, is exactly `value` (`RUN --network=host`,
// `RUN --security=$MODE` with `ARG MODE=insecure`); unknown values never match.
std::vector<const dockerfile::Flag*> flags_set_to(const dockerfile::Document& document,
                                                  const dockerfile::Instruction& run, std::string_view name,
                                                  std::string_view value);

// The targets of the RUN's `--mount=type=cache` and `--mount=type=tmpfs` mounts: expanded, made absolute against
// the WORKDIR in effect, cleaned ("/var/cache/apt"). A target that depends on an unknown value is left out.
std::vector<std::string> cache_mount_targets(const dockerfile::Document& document,
                                             const dockerfile::Instruction& run);

// True when `path` is `directory` or lies below it ("/var/lib/apt" covers "/var/lib/apt/lists").
bool path_within(std::string_view path, std::string_view directory);
// True when removing `removed` (a path whose last component may be a glob, as `rm` gets it from the shell)
// removes `directory` or empties it: "/var/lib/apt" and "/var/lib/apt/lists/*_*" cover "/var/lib/apt/lists",
// "/var/lib/apt/*.bin" does not.
bool removal_covers(std::string_view removed, std::string_view directory);

// A cleaned absolute path: "//a/./b/../c/" -> "/a/c". Relative paths are kept relative.
std::string clean_path(std::string_view path);

// ---- users ---------------------------------------------------------------------------------------------------

// A USER value that means the superuser: `root` or UID 0, with any group (`root:staff`, `0:0`); on Windows also
// `ContainerAdministrator` (any case, as Windows account names are case-insensitive).
bool is_root_user(std::string_view user, bool windows);

// ---- shell commands of a RUN ---------------------------------------------------------------------------------

// Every shell command a RUN runs: its script (shell form, exec form, or the body of `RUN <<EOF`), the scripts of
// heredocs fed to a shell (`RUN bash <<EOF`), and the quoted script of `sh -c '...'` / `bash -c "..."` (when the
// quotes hold no escapes, so positions stay exact). Commands are in source order, duplicates removed. Mentions in
// strings, comments and heredoc data are not commands.
class RunCommands {
 public:
  RunCommands(const dockerfile::Instruction& run, const SourceFile& source);

  const std::vector<const shell::Command*>& commands() const { return commands_; }
  // Every command whose unwrapped program is one of `programs`, in order.
  std::vector<shell::CommandView> find(std::initializer_list<std::string_view> programs) const;
  // Some command that starts after `command` starts satisfies `predicate`.
  template <class Predicate>
  bool any_after(const shell::Command& command, Predicate&& predicate) const {
    for (const shell::Command* c : commands_) {
      if (c->range.begin.offset > command.range.begin.offset && predicate(*c)) return true;
    }
    return false;
  }
  template <class Predicate>
  bool any_before(const shell::Command& command, Predicate&& predicate) const {
    for (const shell::Command* c : commands_) {
      if (c->range.begin.offset < command.range.begin.offset && predicate(*c)) return true;
    }
    return false;
  }
  template <class Predicate>
  bool any(Predicate&& predicate) const {
    for (const shell::Command* c : commands_) {
      if (predicate(*c)) return true;
    }
    return false;
  }

 private:
  void add_script(const shell::Script& script, const SourceFile& source, int depth);
  std::vector<std::unique_ptr<shell::Script>> owned_;  // parsed `sh -c` strings
  std::vector<const shell::Command*> commands_;
};

// The commands of `run` (one of all_runs(document)), computed once per document and shared by every rule that
// asks.
const RunCommands& run_commands(const dockerfile::Document& document, const dockerfile::Instruction& run);

// The range from the program's name to `last` (its subcommand, say): `apt-get update` in `sudo apt-get -y update`.
// Just the program's name when `last` is null.
Range command_span(const shell::CommandView& view, const shell::Word* last = nullptr);

// The static value of a word with a leading `~` or `$HOME`/`${HOME}` replaced by `home`; nullopt when dynamic
// otherwise.
std::optional<std::string> path_value(const shell::Word& word, std::string_view home);

// `rm` (or `find ... -delete` / `find ... -exec rm`) removes a path that satisfies `matches` (given the operand
// with `~`/`$HOME` replaced by `home` and a trailing "/", "/*" or "/." dropped).
template <class Matches>
bool removes(const shell::Command& command, std::string_view home, Matches&& matches);

// The home directory a RUN's commands use: HOME when an ENV or ARG of the Dockerfile sets it, else the home of the
// user it runs as ("/root" for root or an unknown user, "/home/<name>" otherwise).
std::string home_of(const dockerfile::Document& document, const dockerfile::Instruction& run);

// ---- spans in words --------------------------------------------------------------------------------------------

// The source range of bytes [begin, end) of a Dockerfile word written on one line without escapes (its text is
// its source); the whole word's range otherwise.
Range sub_range(const SourceFile& source, const dockerfile::Word& word, std::size_t begin, std::size_t end);

// ---- implementation of the template ----------------------------------------------------------------------------

namespace detail {
std::optional<std::string> removal_target(const shell::Word& word, std::string_view home);
bool find_deletes(const shell::CommandView& find);
}  // namespace detail

template <class Matches>
bool removes(const shell::Command& command, std::string_view home, Matches&& matches) {
  const shell::CommandView view = command.unwrapped();
  if (view.is("rm")) {
    for (const shell::Word* operand : view.args().operands()) {
      if (const auto target = detail::removal_target(*operand, home); target && matches(std::string_view(*target))) {
        return true;
      }
    }
    return false;
  }
  if (view.is("find") && detail::find_deletes(view)) {
    // find PATH... EXPRESSION: the paths come before the first word starting with '-', '(' or '!'.
    for (const shell::Word& word : view.arguments()) {
      if (!word.value || word.value->empty() || word.value->front() == '-' || word.value->front() == '(' ||
          word.value->front() == '!') {
        break;
      }
      if (const auto target = detail::removal_target(word, home); target && matches(std::string_view(*target))) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace shipshape::rules::dockerfile_support
