// The ECS front end on every task definition of the shared corpus (124 files from amazon-ecs-agent,
// aws-containers-task-definitions and amazon-cloudwatch-container-insights): everything loads, and the
// fields rules depend on most equal what nlohmann_json reads from the same file.

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "parsers/ecs/load.h"
#include "parsers/ecs/model.h"
#include "tests/support/support.h"

namespace {

using namespace shipshape;
namespace testing = shipshape::testing;

struct CorpusFile {
  std::string name;  // path relative to the corpus's ecs/ folder
  SourceFile source;
};

std::vector<CorpusFile> ecs_corpus() {
  const auto root = testing::corpus_dir() / "ecs";
  std::vector<CorpusFile> files;
  for (const auto& path : testing::files_under(root)) {
    files.push_back(
        {path.lexically_relative(root).generic_string(), SourceFile(path.string(), testing::read_file(path))});
  }
  REQUIRE(files.size() == 124);
  return files;
}

// Our string field against nlohmann's member `key` of `object`: same presence, same text, and the
// recorded ranges and pointer lead back to it.
void check_string_field(const ecs::Located<std::string>& field, const nlohmann::json& object, const char* key,
                        const ecs::TaskDefinitionFile& file, const nlohmann::json& whole,
                        bool empty_is_absent = false) {
  INFO(key);
  if (!object.contains(key)) {
    CHECK_FALSE(field.written());
    CHECK_FALSE(field.present);
    return;
  }
  const nlohmann::json& expected = object.at(key);
  REQUIRE(field.written());
  REQUIRE(expected.is_string());
  CHECK(field.value == expected.get<std::string>());
  CHECK(field.present == !(empty_is_absent && field.value.empty()));
  CHECK(file.json.slice(field.key_range) == fmt::format("\"{}\"", key));
  CHECK(nlohmann::json::parse(file.json.slice(field.value_range)) == expected);
  CHECK(whole.at(nlohmann::json::json_pointer(field.pointer)) == expected);
}

}  // namespace

TEST_CASE("ecs corpus: every file loads, and names, images, users and roles equal nlohmann_json's") {
  std::size_t containers = 0;
  std::size_t images = 0;
  std::size_t written_roles = 0;
  std::size_t known_roles = 0;
  for (const auto& corpus_file : ecs_corpus()) {
    INFO(corpus_file.name);
    CHECK(ecs::looks_like_task_definition(corpus_file.source.text()));
    const ecs::LoadResult loaded = ecs::load(corpus_file.source);
    REQUIRE(loaded.errors.empty());
    REQUIRE(loaded.file != nullptr);
    const ecs::TaskDefinitionFile& file = *loaded.file;
    CHECK(file.shape == ecs::InputShape::register_input);
    const nlohmann::json expected = nlohmann::json::parse(corpus_file.source.text());

    const ecs::TaskDefinition& task = file.task.value;
    check_string_field(task.family, expected, "family", file, expected);
    check_string_field(task.task_role_arn, expected, "taskRoleArn", file, expected, true);
    check_string_field(task.execution_role_arn, expected, "executionRoleArn", file, expected, true);
    written_roles += task.task_role_arn.written() + task.execution_role_arn.written();
    known_roles += task.task_role_arn.is_known() + task.execution_role_arn.is_known();

    const nlohmann::json& definitions = expected.at("containerDefinitions");
    REQUIRE(task.containers->size() == definitions.size());
    for (std::size_t i = 0; i < definitions.size(); ++i) {
      INFO("container " << i);
      const auto& container = task.containers->at(i);
      CHECK(container.pointer == "/containerDefinitions/" + std::to_string(i));
      CHECK(nlohmann::json::parse(file.json.slice(container.value_range)) == definitions[i]);
      check_string_field(container->name, definitions[i], "name", file, expected);
      check_string_field(container->image, definitions[i], "image", file, expected);
      check_string_field(container->user, definitions[i], "user", file, expected);
      if (container->image.is_known() && !container->image.templated) {
        CHECK_MESSAGE(container->image_reference.valid, container->image_reference.error);
        ++images;
      }
      ++containers;
    }
  }
  CHECK(containers == 169);
  CHECK(images == 164);  // five images are whole placeholders ("$$$$IMAGE$$$$", "{{demo-app-image}}")
  CHECK(written_roles == 42);
  CHECK(known_roles == 0);  // every role ARN in the corpus is a placeholder ("$$$TASK_ROLE$$$", "{{task-role-arn}}")
}

TEST_CASE("ecs corpus: shape problems found in the corpus are exactly the known ones") {
  std::vector<std::string> found;
  for (const auto& corpus_file : ecs_corpus()) {
    const ecs::LoadResult loaded = ecs::load(corpus_file.source);
    REQUIRE(loaded.file != nullptr);
    for (const auto& problem : loaded.file->problems) {
      found.push_back(corpus_file.name + " " + std::string(ecs::to_string(problem.kind)) + " " + problem.pointer + " " +
                      std::to_string(problem.range.begin.line) + ":" + std::to_string(problem.range.begin.column));
    }
  }
  const std::string agent = "aws__amazon-ecs-agent/agent__functional_tests__testdata__taskdefinitions__";
  // `ulimits: null` is rejected by the AWS CLI's parameter validation; `portBindings` and `inferenceDevices`
  // are not ContainerDefinition members.
  CHECK(found ==
        std::vector<std::string>{
            "aws-samples__aws-containers-task-definitions/wildfly__wildfly_fargate.json wrong_type "
            "/containerDefinitions/0/ulimits 25:20",
            agent + "nginx-awsvpc__task-definition.json unknown_key /containerDefinitions/0/portBindings 7:5",
            agent + "nginx-port-5180__task-definition.json unknown_key /containerDefinitions/0/portBindings 6:5",
            agent + "nginx__task-definition.json unknown_key /containerDefinitions/0/portBindings 6:5",
            agent + "security-opt-nonewprivileges__task-definition.json unknown_key "
                    "/containerDefinitions/0/portBindings 6:5",
            agent + "task-elastic-inference__task-definition.json unknown_key "
                    "/containerDefinitions/0/inferenceDevices 8:7",
        });
}

TEST_CASE("ecs corpus: loading the whole corpus is fast") {
  const std::vector<CorpusFile> files = ecs_corpus();
  std::size_t bytes = 0;
  for (const auto& file : files) bytes += file.source.size();
  double best_ms = 1e9;
  for (int round = 0; round < 3; ++round) {
    const auto start = std::chrono::steady_clock::now();
    std::size_t loaded = 0;
    for (const auto& file : files) loaded += ecs::load(file.source).file != nullptr;
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    best_ms = std::min(best_ms, ms);
    CHECK(loaded == files.size());
  }
  MESSAGE("loaded " << files.size() << " task definitions (" << bytes << " bytes) in " << best_ms << " ms");
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__) && !defined(SHIPSHAPE_SANITIZED)
  CHECK(best_ms < 100.0);  // about 2 ms in Release; sanitizer builds are far slower
#endif
}
