// ECS001: a key the ECS API does not define at its place. RegisterTaskDefinition rejects unknown keys, and a
// misspelt optional key (`readOnlyRootFilesystem`) that a tool in between drops silently leaves the setting off.
#include <fmt/format.h>

#include "parsers/ecs/model.h"
#include "rules/rule.h"
#include "rules/support/ecs_helpers.h"

namespace shipshape::rules::ecs_rules {

namespace {

constexpr std::string_view kTags[] = {"correctness", "schema"};

void check(const ecs::TaskDefinitionFile& file, Report& report) {
  for (const ecs::ShapeProblem& problem : file.problems) {
    if (problem.kind != ecs::ProblemKind::unknown_key) continue;
    Finding& finding = ecs_support::add_finding(report, {problem.range, problem.pointer}, problem.message);
    if (problem.suggestion.empty()) continue;
    // Offer the rename only when it cannot create a duplicate key.
    const json::NodeId member = file.json.find(problem.pointer);
    if (member == json::kNoNode) continue;
    const json::NodeId object = file.json.parent(member);
    if (object == json::kNoNode || file.json.member(object, problem.suggestion) != json::kNoNode) continue;
    finding.fix = Fix{fmt::format("rename `{}` to `{}`", file.json.key(member), problem.suggestion),
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
