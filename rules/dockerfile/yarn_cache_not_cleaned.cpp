// DL3060: `yarn install` without `yarn cache clean` afterwards in the same RUN, in a stage that ships.
#include "parsers/dockerfile/document.h"
#include "rules/rule.h"
#include "rules/support/package_managers.h"

namespace shipshape::rules::dockerfile_rules {

namespace {

constexpr std::string_view kTags[] = {"image-size", "best-practice"};

// `yarn`, `yarn install`, `yarn add x`, `yarn global add x` fill the cache; `yarn --version` and scripts do not.
bool yarn_fills_cache(const dockerfile_support::ManagerCommand& yarn) {
  if (yarn.subcommand == nullptr) {
    return !yarn.args.has_dynamic() && !yarn.args.has_option("--version", "-v", "--help", "-h");
  }
  if (yarn.subcommand->is("install") || yarn.subcommand->is("add")) return true;
  if (yarn.subcommand->is("global")) {
    const std::span<const shell::Word* const> rest = yarn.args.operands_after_subcommand();
    return !rest.empty() && rest.front()->is("add");
  }
  return false;
}

void check(const dockerfile::Document& document, Report& report) {
  static const dockerfile_support::CacheCleanup kRule{
      .programs = {"yarn", "yarnpkg"},
      .syntax = &dockerfile_support::yarn_syntax(),
      .fills_cache = yarn_fills_cache,
      .clean_programs = {"yarn", "yarnpkg"},
      .clean_commands = {{"cache", "clean"}},
      .cache_dirs = {"/usr/local/share/.cache/yarn", "~/.cache/yarn", "~/.yarn/berry/cache"},
      .remedy = "`yarn cache clean`",
      .leaves = "its package cache",
  };
  dockerfile_support::check_cache_cleanup(document, report, kRule);
}

}  // namespace

extern const DockerfileRule yarn_cache_not_cleaned{
    .info =
        {
            .id = "DL3060",
            .name = "yarn_cache_not_cleaned",
            .severity = Severity::note,
            .title = "yarn cache not cleaned in the same RUN",
            .rationale = R"(`yarn install` (also plain `yarn`, `yarn add` and `yarn global add`) keeps a copy of every
package it downloads in its global cache (`/usr/local/share/.cache/yarn` for root, `~/.cache/yarn` otherwise),
often as large as `node_modules` itself. The running application never reads it. Each RUN is a layer, so the cache
has to be removed by the RUN that filled it.

Only the stages that ship are checked (the final stage or `--target`, and the stages it is built `FROM`): in the
common pattern of installing in a builder stage and copying `node_modules` out, the cache never reaches the image.
`yarn cache clean` and `rm -rf` of the cache directory after the install count, as does a cache or tmpfs mount over
it.)",
            .fix = R"(Clean in the same RUN, or install in a builder stage:

```dockerfile
RUN yarn install --frozen-lockfile && yarn cache clean
```)",
            .tags = kTags,
            .example_bad = R"(FROM node:20.12-bookworm-slim
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile
)",
            .example_good = R"(FROM node:20.12-bookworm-slim
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile && yarn cache clean
)",
            .see_also = "hadolint DL3060",
            .reads_run = [](std::string_view run_text) { return mentions(run_text, "yarn"); },
        },
    .check = check,
};

}  // namespace shipshape::rules::dockerfile_rules
