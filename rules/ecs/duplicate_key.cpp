// ECS003: a key written twice in one object. JSON parsers keep the last one silently, so the first value, often
// the one a reviewer reads, is not the one ECS receives.
#include "parsers/ecs/model.h"
#include "rules/rule.h"
#include "rules/support/ecs_helpers.h"

namespace shipshape::rules::ecs_rules {

namespace {

constexpr std::string_view kTags[] = {"correctness", "schema"};

void check(const ecs::TaskDefinitionFile& file, Report& report) {
  ecs_support::report_problems(file, report, ecs::ProblemKind::duplicate_key);
}

}  // namespace

extern const EcsRule duplicate_key{
    .info =
        {
            .id = "ECS003",
            .name = "duplicate_key",
            .severity = Severity::warning,
            .title = "Key written twice in one object",
            .rationale = R"(JSON does not forbid a key written twice in one object, and the parsers that read task
definitions (Python's `json` module in the AWS CLI, JavaScript's `JSON.parse`, Go's `encoding/json`) keep the last
value without a word. A reviewer who reads the first one, for instance `"readonlyRootFilesystem": true` near the
top of a long container definition, approves a setting that a later `"readonlyRootFilesystem": false` overrides.
Duplicates usually come from merges and copy-paste, and they hide exactly the kind of change a review should
catch.

The finding is reported at every later occurrence, and its message says where the first one is.)",
            .fix = R"(Keep one occurrence of the key, with the value you mean:

```json
{"name": "web", "image": "nginx:1.27", "readonlyRootFilesystem": true}
```)",
            .tags = kTags,
            .example_bad = R"({
  "family": "web",
  "containerDefinitions": [
    {"name": "web", "image": "nginx:1.27", "readonlyRootFilesystem": true, "readonlyRootFilesystem": false}
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
        },
    .check = check,
};

}  // namespace shipshape::rules::ecs_rules
