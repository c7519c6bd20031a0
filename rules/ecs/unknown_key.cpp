// ECS001: a key the ECS API does not define at its place. RegisterTaskDefinition rejects unknown keys, and a
// misspelt optional key (`readOnlyRootFilesystem`) that a tool in between drops silently leaves the setting off.
#include <fmt/format.h>

#include <map>
#include <string>
#include <utility>

#include "parsers/ecs/model.h"
#include "rules/rule.h"
#include "rules/support/ecs_helpers.h"

namespace shipshape::rules::ecs_rules {

namespace {

constexpr std::string_view kTags[] = {"correctness", "schema"};

// The last reference token of a JSON Pointer, unescaped (`~1` is `/`, `~0` is `~`).
std::string last_token(std::string_view pointer) {
  const std::size_t slash = pointer.rfind('/');
  const std::string_view raw = slash == std::string_view::npos ? pointer : pointer.substr(slash + 1);
  std::string token;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '~' && i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
      token += raw[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      token += raw[i];
    }
  }
  return token;
}

void check(const ecs::TaskDefinitionFile& file, Report& report) {
  // Whether an object already has a key, cached: an object with many misspelt keys is looked up once per suggestion.
  std::map<std::pair<json::NodeId, std::string>, bool> has_key;
  for (const ecs::ShapeProblem& problem : file.problems) {
    if (problem.kind != ecs::ProblemKind::unknown_key) continue;
    Finding& finding = ecs_support::add_finding(report, {problem.range, problem.pointer}, problem.message);
    if (problem.suggestion.empty()) continue;
    // Offer the rename only when it cannot create a duplicate key.
    const std::size_t slash = problem.pointer.rfind('/');
    if (slash == std::string::npos) continue;
    const json::NodeId object = file.json.find(std::string_view(problem.pointer).substr(0, slash));
    if (object == json::kNoNode) continue;
    const auto [entry, inserted] = has_key.try_emplace({object, problem.suggestion}, false);
    if (inserted) entry->second = file.json.member(object, problem.suggestion) != json::kNoNode;
    if (entry->second) continue;
    finding.fix = Fix{fmt::format("rename `{}` to `{}`", last_token(problem.pointer), problem.suggestion),
                      {Edit{problem.range, fmt::format("\"{}\"", problem.suggestion)}}};
  }
}

}  // namespace

extern const EcsRule unknown_key{
    .info =
        {
            .id = "ECS001",
            .name = "unknown_key",
            .severity = Severity::warning,
            .title = "Key the ECS API does not define here",
            .rationale = R"(`aws ecs register-task-definition` validates its input against the ECS API model and
refuses a key it does not know (`Unknown parameter in containerDefinitions[0]: "readOnlyRootFilesystem"`), so a
misspelt key breaks the deployment. Worse, tools that build the request themselves (SDKs with lenient decoders,
Terraform's `container_definitions`, templating steps) often drop unknown keys silently: the setting the author
meant to turn on, often a security one such as `readonlyRootFilesystem`, is simply off, and nothing says so.

shipshape knows every key of RegisterTaskDefinition and of the container definition (the ECS API, version
2014-11-13) and reports the ones it does not know, with the closest known key when it looks like a typo. Keys are
case-sensitive: `ReadonlyRootFilesystem` is CloudFormation's spelling, not the API's. Keys inside free-form maps
(`dockerLabels`, `logConfiguration.options`, `driverOpts`) are not checked.)",
            .fix = R"(Use the key the API defines at that place, with its exact case:

```json
{"name": "web", "image": "nginx:1.27", "readonlyRootFilesystem": true}
```

When the key belongs to another format (CloudFormation's PascalCase, Terraform's snake_case), convert the file
to the API's camelCase keys.)",
            .tags = kTags,
            .example_bad = R"({
  "family": "web",
  "containerDefinitions": [
    {"name": "web", "image": "nginx:1.27", "readOnlyRootFilesystem": true}
  ]
}
)",
            .example_good = R"({
  "family": "web",
  "containerDefinitions": [
    {"name": "web", "image": "nginx:1.27", "readonlyRootFilesystem": true}
  ]
}
)",
            .see_also = "AWS CLI parameter validation (`Unknown parameter`)",
        },
    .check = check,
};

}  // namespace shipshape::rules::ecs_rules
