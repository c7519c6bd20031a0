#include <doctest/doctest.h>

#include <string>

#include "parsers/ecs/load.h"
#include "parsers/ecs/model.h"
#include "parsers/ecs/values.h"

using namespace shipshape;
using ecs::InputShape;
using ecs::ProblemKind;

namespace {

struct Loaded {
  SourceFile source;
  ecs::LoadResult result;
  const ecs::TaskDefinitionFile& file() const {
    REQUIRE_MESSAGE(result.file != nullptr,
                    (result.errors.empty() ? std::string("no file") : result.errors[0].message));
    return *result.file;
  }
  // Not SourceFile::slice, which returns a view of a temporary string (reported).
  std::string_view slice(const Range& range) const { return source.text().substr(range.begin.offset, range.size()); }
};

Loaded load(std::string text) {
  Loaded loaded{SourceFile("task.json", std::move(text)), {}};
  loaded.result = ecs::load(loaded.source);
  return loaded;
}

// "kind pointer line:column" for each problem, in order.
std::vector<std::string> problem_list(const ecs::TaskDefinitionFile& file) {
  std::vector<std::string> out;
  for (const auto& problem : file.problems) {
    out.push_back(std::string(ecs::to_string(problem.kind)) + " " + problem.pointer + " " +
                  std::to_string(problem.range.begin.line) + ":" + std::to_string(problem.range.begin.column));
  }
  return out;
}

constexpr std::string_view kRegister = R"({
  "family": "web",
  "taskRoleArn": "arn:aws:iam::123456789012:role/app",
  "executionRoleArn": "",
  "networkMode": "awsvpc",
  "requiresCompatibilities": ["FARGATE"],
  "cpu": "1 vCPU",
  "memory": "2 GB",
  "pidMode": "task",
  "runtimePlatform": {"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"},
  "ephemeralStorage": {"sizeInGiB": 30},
  "volumes": [
    {"name": "data", "efsVolumeConfiguration": {"fileSystemId": "fs-1", "transitEncryption": "ENABLED",
      "authorizationConfig": {"iam": "ENABLED"}}},
    {"name": "sock", "host": {"sourcePath": "/var/run/docker.sock"}},
    {"name": "scratch", "dockerVolumeConfiguration": {"scope": "task", "driver": "local", "labels": {"a": "b"}}}
  ],
  "placementConstraints": [{"type": "memberOf", "expression": "attribute:ecs.os-type == linux"}],
  "tags": [{"key": "team", "value": "core"}],
  "containerDefinitions": [
    {
      "name": "app",
      "image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.2",
      "essential": true,
      "user": "1000:1000",
      "privileged": false,
      "readonlyRootFilesystem": true,
      "cpu": 256, "memory": 512, "memoryReservation": 256,
      "environment": [{"name": "MODE", "value": "prod"}],
      "environmentFiles": [{"value": "arn:aws:s3:::bucket/app.env", "type": "s3"}],
      "secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:ssm:eu-west-1:123456789012:parameter/db"}],
      "linuxParameters": {"capabilities": {"add": ["NET_BIND_SERVICE"], "drop": ["ALL"]}, "initProcessEnabled": true,
                          "devices": [{"hostPath": "/dev/fuse", "permissions": ["read"]}],
                          "tmpfs": [{"containerPath": "/tmp", "size": 64}], "sharedMemorySize": 128},
      "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/web", "awslogs-region": "eu-west-1"},
                           "secretOptions": [{"name": "token", "valueFrom": "arn:aws:secretsmanager:x"}]},
      "mountPoints": [{"sourceVolume": "data", "containerPath": "/data", "readOnly": false}],
      "volumesFrom": [{"sourceContainer": "init", "readOnly": true}],
      "portMappings": [{"containerPort": 8080, "hostPort": 8080, "protocol": "tcp", "appProtocol": "http"}],
      "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"], "interval": 30, "retries": 3},
      "dependsOn": [{"containerName": "init", "condition": "SUCCESS"}],
      "dockerLabels": {"com.example/a~b": "x"},
      "dockerSecurityOptions": ["no-new-privileges"],
      "ulimits": [{"name": "nofile", "softLimit": 1024, "hardLimit": 4096}],
      "systemControls": [{"namespace": "net.core.somaxconn", "value": "1024"}],
      "command": ["serve", "--port", "8080"],
      "entryPoint": ["/entry"],
      "repositoryCredentials": {"credentialsParameter": "arn:aws:secretsmanager:creds"},
      "links": [],
      "hostname": "app",
      "workingDirectory": "/srv",
      "stopTimeout": 30,
      "extraHosts": [{"hostname": "db", "ipAddress": "10.0.0.2"}],
      "firelensConfiguration": {"type": "fluentbit"}
    },
    {"name": "init", "image": "busybox", "essential": false}
  ]
})";

}  // namespace

TEST_CASE("ecs: register-task-definition input is read into the typed model") {
  const Loaded loaded = load(std::string(kRegister));
  const auto& file = loaded.file();
  CHECK(file.shape == InputShape::register_input);
  CHECK(file.problems.empty());
  const auto& task = file.task.value;
  CHECK(file.task.value_range.begin.offset == 0);
  CHECK(task.family.is("web"));
  CHECK(task.task_role_arn.is("arn:aws:iam::123456789012:role/app"));
  CHECK(task.network_mode.is("awsvpc"));
  REQUIRE(task.requires_compatibilities->size() == 1);
  CHECK(task.requires_compatibilities->at(0).is("FARGATE"));
  CHECK(task.cpu.is("1 vCPU"));
  CHECK(task.cpu_units == 1024);
  CHECK(task.memory_mib == 2048);
  CHECK(task.pid_mode.is("task"));
  CHECK_FALSE(task.ipc_mode.present);
  CHECK(task.runtime_platform->cpu_architecture.is("ARM64"));
  CHECK(task.ephemeral_storage->size_in_gib.is(30));
  REQUIRE(task.volumes->size() == 3);
  const auto& efs = task.volumes->at(0)->efs_volume_configuration;
  CHECK(efs->transit_encryption.is("ENABLED"));
  CHECK(efs->authorization_config->iam.is("ENABLED"));
  CHECK(task.volumes->at(1)->host->source_path.is("/var/run/docker.sock"));
  CHECK(task.volumes->at(2)->docker_volume_configuration->labels->at(0).key == "a");
  CHECK(task.placement_constraints->at(0)->type.is("memberOf"));
  CHECK(task.tags->at(0)->key.is("team"));
  CHECK(task.tags->at(0)->value.pointer == "/tags/0/value");

  REQUIRE(task.containers->size() == 2);
  const auto& app = task.containers->at(0).value;
  CHECK(app.name.is("app"));
  CHECK(app.image_reference.valid);
  CHECK(app.image_reference.is_private_ecr());
  CHECK(app.image_reference.tag == "1.2");
  CHECK(app.essential.is(true));
  CHECK(app.user.is("1000:1000"));
  CHECK(app.privileged.is(false));
  CHECK(app.readonly_root_filesystem.is(true));
  CHECK(app.cpu.is(256));
  CHECK(app.memory.is(512));
  CHECK(app.memory_reservation.is(256));
  CHECK(app.environment->at(0)->name.is("MODE"));
  CHECK(app.environment->at(0)->value.is("prod"));
  CHECK(app.environment_files->at(0)->type.is("s3"));
  CHECK(app.secrets->at(0)->value_from.is("arn:aws:ssm:eu-west-1:123456789012:parameter/db"));
  const auto& linux_parameters = app.linux_parameters.value;
  CHECK(linux_parameters.capabilities->add->at(0).is("NET_BIND_SERVICE"));
  CHECK(linux_parameters.capabilities->drop->at(0).is("ALL"));
  CHECK(linux_parameters.init_process_enabled.is(true));
  CHECK(linux_parameters.devices->at(0)->host_path.is("/dev/fuse"));
  CHECK(linux_parameters.devices->at(0)->permissions->at(0).is("read"));
  CHECK(linux_parameters.tmpfs->at(0)->size.is(64));
  CHECK(linux_parameters.shared_memory_size.is(128));
  CHECK(app.log_configuration->log_driver.is("awslogs"));
  CHECK(app.log_configuration->options->size() == 2);
  CHECK(app.log_configuration->options->at(1).key == "awslogs-region");
  CHECK(app.log_configuration->options->at(1).value.is("eu-west-1"));
  CHECK(app.log_configuration->secret_options->at(0)->name.is("token"));
  CHECK(app.mount_points->at(0)->read_only.is(false));
  CHECK(app.volumes_from->at(0)->source_container.is("init"));
  CHECK(app.port_mappings->at(0)->container_port.is(8080));
  CHECK(app.port_mappings->at(0)->app_protocol.is("http"));
  CHECK(app.health_check->command->size() == 2);
  CHECK(app.health_check->retries.is(3));
  CHECK(app.depends_on->at(0)->condition.is("SUCCESS"));
  CHECK(app.docker_labels->at(0).key == "com.example/a~b");
  CHECK(app.docker_labels->at(0).value.pointer == "/containerDefinitions/0/dockerLabels/com.example~1a~0b");
  CHECK(app.docker_security_options->at(0).is("no-new-privileges"));
  CHECK(app.ulimits->at(0)->hard_limit.is(4096));
  CHECK(app.system_controls->at(0)->namespace_name.is("net.core.somaxconn"));
  CHECK(app.command->size() == 3);
  CHECK(app.entry_point->at(0).is("/entry"));
  CHECK(app.repository_credentials->credentials_parameter.is("arn:aws:secretsmanager:creds"));
  CHECK(app.links.is_known());
  CHECK(app.links->empty());
  CHECK(app.hostname.is("app"));
  CHECK(app.working_directory.is("/srv"));
  CHECK(app.stop_timeout.is(30));
  CHECK(app.extra_hosts->at(0)->ip_address.is("10.0.0.2"));
  CHECK_FALSE(app.interactive.written());
  // A key the model does not name is reachable through the raw JSON.
  CHECK(file.raw(task.containers->at(0))["firelensConfiguration"]["type"].string_or("") == "fluentbit");

  const auto& init = task.containers->at(1).value;
  CHECK(init.essential.is(false));
  CHECK_FALSE(init.user.present);
  CHECK_FALSE(init.user.written());
  CHECK(init.image_reference.repository == "library/busybox");
}

TEST_CASE("ecs: located fields keep exact key and value ranges and pointers") {
  const Loaded loaded = load(std::string(kRegister));
  const auto& file = loaded.file();
  const auto& app = file.task->containers->at(0);
  CHECK(app.pointer == "/containerDefinitions/0");
  CHECK(loaded.slice(app.value_range).starts_with("{\n      \"name\": \"app\""));
  CHECK(app.key_range.empty());
  const auto& user = app->user;
  CHECK(loaded.slice(user.key_range) == "\"user\"");
  CHECK(loaded.slice(user.value_range) == "\"1000:1000\"");
  CHECK(user.pointer == "/containerDefinitions/0/user");
  CHECK(user.key_range.begin.line == 25);
  CHECK(user.key_range.begin.column == 7);
  CHECK(user.value_range.begin.column == 15);
  const auto& privileged = app->privileged;
  CHECK(loaded.slice(privileged.value_range) == "false");
  const auto& cap = app->linux_parameters->capabilities->drop->at(0);
  CHECK(loaded.slice(cap.value_range) == "\"ALL\"");
  CHECK(cap.pointer == "/containerDefinitions/0/linuxParameters/capabilities/drop/0");
  CHECK(cap.key_range.empty());
  const auto& family = file.task->family;
  CHECK(family.key_range.begin.line == 2);
  CHECK(family.key_range.begin.column == 3);
  // The tag of the image, found through the ImageReference span.
  const auto& image = app->image;
  const Range tag = file.subrange(image, app->image_reference.tag_span.begin, app->image_reference.tag_span.end);
  CHECK(loaded.slice(tag) == "1.2");
}

TEST_CASE("ecs: an empty role ARN counts as absent, placeholders are present but unknown") {
  const Loaded loaded = load(std::string(kRegister));
  const auto& execution = loaded.file().task->execution_role_arn;
  CHECK_FALSE(execution.present);
  CHECK(execution.written());
  CHECK(loaded.slice(execution.value_range) == "\"\"");

  const Loaded templated = load(R"({"family": "f", "taskRoleArn": "$$$TASK_ROLE$$$", "executionRoleArn": "${exec_role}",
"networkMode": "$$$NETWORK_MODE$$$", "cpu": "$$$$CPUSHARE$$$$",
"containerDefinitions": [{"name": "a", "image": "123.dkr.ecr.$$$TEST_REGION$$$.amazonaws.com/x:1", "privileged": "${priv}",
"memory": "{{ memory }}"}]})");
  const auto& file = templated.file();
  CHECK(file.problems.empty());  // placeholders stand for any type
  const auto& task = file.task.value;
  CHECK(task.task_role_arn.present);
  CHECK_FALSE(task.task_role_arn.known);
  CHECK(task.task_role_arn.value == "$$$TASK_ROLE$$$");  // the text is still there
  CHECK_FALSE(task.execution_role_arn.known);
  CHECK_FALSE(task.network_mode.known);
  CHECK_FALSE(task.network_mode.is("awsvpc"));
  CHECK_FALSE(task.cpu.known);
  CHECK_FALSE(task.cpu_units);
  const auto& container = task.containers->at(0).value;
  CHECK(container.image.known);
  CHECK(container.image.templated);
  CHECK_FALSE(container.image_reference.valid);  // not parsed: the registry is a placeholder
  CHECK(container.privileged.present);
  CHECK_FALSE(container.privileged.known);
  CHECK_FALSE(container.memory.known);
}

TEST_CASE("ecs: describe-task-definition output is unwrapped and read-only fields are accepted") {
  const Loaded loaded = load(R"({
  "taskDefinition": {
    "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3",
    "family": "web",
    "revision": 3,
    "status": "ACTIVE",
    "compatibilities": ["EC2", "FARGATE"],
    "requiresAttributes": [{"name": "com.amazonaws.ecs.capability.logging-driver.awslogs"}],
    "registeredAt": "2024-01-02T03:04:05.678000+00:00",
    "registeredBy": "arn:aws:iam::123456789012:user/me",
    "containerDefinitions": [{"name": "web", "image": "nginx:1.25", "user": "root"}]
  },
  "tags": [{"key": "env", "value": "prod"}]
})");
  const auto& file = loaded.file();
  CHECK(file.shape == InputShape::describe_output);
  CHECK(problem_list(file).empty());
  CHECK(file.task.pointer == "/taskDefinition");
  CHECK(loaded.slice(file.task.key_range) == "\"taskDefinition\"");
  CHECK(file.task->family.is("web"));
  CHECK(file.task->family.pointer == "/taskDefinition/family");
  const auto& user = file.task->containers->at(0)->user;
  CHECK(user.is("root"));
  CHECK(user.pointer == "/taskDefinition/containerDefinitions/0/user");
  CHECK(file.task->tags->at(0)->value.is("prod"));
  CHECK(file.task->tags.pointer == "/tags");
}

TEST_CASE("ecs: read-only describe fields in register input are problems") {
  const Loaded loaded = load(R"({"family": "web", "revision": 3, "status": "ACTIVE", "registeredAt": 1700000000,
"containerDefinitions": [{"name": "a", "image": "b"}], "taskDefinitionArn": "arn"})");
  const auto& file = loaded.file();
  CHECK(problem_list(file) == std::vector<std::string>{"read_only_key /revision 1:19", "read_only_key /status 1:34",
                                                       "read_only_key /registeredAt 1:54",
                                                       "read_only_key /taskDefinitionArn 2:56"});
  CHECK(file.problems[0].message ==
        "`revision` is returned by DescribeTaskDefinition but is not accepted by RegisterTaskDefinition; remove it "
        "before "
        "registering");
  CHECK(loaded.slice(file.problems[0].range) == "\"revision\"");
}

TEST_CASE("ecs: a bare array of container definitions (Terraform's container_definitions file)") {
  const Loaded loaded = load(R"([
  {"name": "first", "image": "service-first", "cpu": 10, "memory": 512, "essential": true,
   "portMappings": [{"containerPort": 80, "hostPort": 80}], "user": null},
  {"name": "second", "image": "service-second", "cpu": 10, "memory": 256, "essential": true}
])");
  const auto& file = loaded.file();
  CHECK(file.shape == InputShape::container_list);
  CHECK(file.problems.empty());  // null is how Terraform modules leave a field out
  CHECK(file.task.value_range.begin.offset == 0);
  CHECK(loaded.slice(file.task.value_range).front() == '[');
  CHECK_FALSE(file.task->family.written());
  CHECK(file.task->containers.pointer.empty());
  REQUIRE(file.task->containers->size() == 2);
  const auto& first = file.task->containers->at(0);
  CHECK(first.pointer == "/0");
  CHECK(first->port_mappings->at(0)->host_port.is(80));
  CHECK(first->user.written());
  CHECK_FALSE(first->user.present);
  CHECK(file.task->containers->at(1)->memory.is(256));
}

TEST_CASE("ecs: files that are not task definitions are errors with a position") {
  const auto error = [](std::string text) {
    const Loaded loaded = load(std::move(text));
    CHECK(loaded.result.file == nullptr);
    REQUIRE(loaded.result.errors.size() == 1);
    const auto& diagnostic = loaded.result.errors[0];
    return std::to_string(diagnostic.range.begin.line) + ":" + std::to_string(diagnostic.range.begin.column) + ": " +
           diagnostic.message + (diagnostic.hint.empty() ? "" : " (" + diagnostic.hint + ")");
  };
  CHECK(error(R"({"name": "app", "version": "1.0.0", "dependencies": {}})") ==
        "1:1: not an ECS task definition: the object has no `containerDefinitions` and no `taskDefinition`");
  CHECK(error(R"({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}})") ==
        "1:1: not an ECS task definition: the object has no `containerDefinitions` and no `taskDefinition` (this looks "
        "like a CloudFormation template, which is not read as a task definition yet)");
  CHECK(error(R"( {"Family": "x", "ContainerDefinitions": []})") ==
        "1:2: not an ECS task definition: the object has no `containerDefinitions` and no `taskDefinition` "
        "(task-definition keys are camelCase: write `containerDefinitions`)");
  CHECK(
      error(R"([{"name": "Cat", "image": "cat.png", "width": 100}])") ==
      "1:1: not an ECS task definition: the array does not hold container definitions (a container definition list is "
      "an array of objects with `name`, `image` and other container keys)");
  CHECK(
      error("[]") ==
      "1:1: not an ECS task definition: the array does not hold container definitions (a container definition list is "
      "an array of objects with `name`, `image` and other container keys)");
  CHECK(error("\n\"text\"") == "2:1: not an ECS task definition: the file holds a string, not an object or an array");
  // Invalid JSON: the parser's diagnostic.
  CHECK(error("{\"family\": \"x\",\n \"containerDefinitions\": [],\n}") ==
        "2:28: trailing comma before `}` (remove the comma)");
}

TEST_CASE("ecs: detection by content is cheap and rejects other JSON") {
  using ecs::looks_like_task_definition;
  CHECK(looks_like_task_definition(kRegister));
  CHECK(looks_like_task_definition("\xEF\xBB\xBF  {\"containerDefinitions\": []}"));
  CHECK(looks_like_task_definition(R"({"taskDefinition": {"family": "x", "containerDefinitions": [{}]}, "tags": []})"));
  CHECK(looks_like_task_definition(R"({"family": "a \"containerDefinitions\" b", "x": {"y": [1, {"z": "}"}]},
    "containerDefinitions" : [ ]})"));
  CHECK(looks_like_task_definition(R"([{"name": "app", "image": "nginx"}])"));
  CHECK(looks_like_task_definition(
      R"([{"name": "a", "image": "b", "essential": true, "readOnlyRootFilesystem": true}])"));
  CHECK(looks_like_task_definition(
      R"([ {"image": "b", "portMappings": [{"containerPort": 80}], "name": "a"}, {"x": 1} ])"));

  CHECK_FALSE(
      looks_like_task_definition(R"({"name": "x", "version": "1.0.0", "scripts": {"test": "jest"}})"));  // package.json
  CHECK_FALSE(
      looks_like_task_definition(R"({"compilerOptions": {"strict": true}, "include": ["src"]})"));  // tsconfig.json
  CHECK_FALSE(looks_like_task_definition(R"([{"id": 1, "name": "a"}, {"id": 2, "name": "b"}])"));
  CHECK_FALSE(looks_like_task_definition(R"([{"name": "Cat", "image": "cat.png", "width": 100}])"));
  CHECK_FALSE(looks_like_task_definition(
      R"([{"name": "web", "image": "nginx", "command": ["nginx"], "ports": [{"containerPort": 80}], "env": []}])"));  // Kubernetes
  CHECK_FALSE(looks_like_task_definition("[]"));
  CHECK_FALSE(looks_like_task_definition("[1, 2]"));
  CHECK_FALSE(looks_like_task_definition(""));
  CHECK_FALSE(looks_like_task_definition("FROM ubuntu\nRUN echo {\"containerDefinitions\": []}"));
  CHECK_FALSE(looks_like_task_definition(
      R"({"Resources": {"T": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"ContainerDefinitions": []}}}})"));
  CHECK_FALSE(looks_like_task_definition(R"({"description": "has \"containerDefinitions\": [ inside a string"})"));
  CHECK_FALSE(looks_like_task_definition(R"({"services": {"web": {"containerDefinitions": []}}})"));  // too deep
  CHECK_FALSE(looks_like_task_definition(R"({"containerDefinitions": "see file"})"));
  CHECK_FALSE(looks_like_task_definition(R"({"taskDefinition": "arn:aws:ecs:x", "containerDefinitions_": []})"));
  CHECK_FALSE(looks_like_task_definition("{\"containerDefinitions\""));  // truncated: the loader reports it
}

TEST_CASE("ecs: values of the wrong JSON type are problems naming the expected type") {
  const Loaded loaded = load(R"({"family": "f", "cpu": true, "memory": 512,
"containerDefinitions": [{"name": "a", "image": "b", "privileged": "yes", "essential": "true", "memory": "512",
"cpu": 1.5, "command": ["run", 7], "environment": {"A": "b"}, "dockerLabels": {"k": 1}, "user": 0,
"linuxParameters": []}]})");
  const auto& file = loaded.file();
  CHECK(problem_list(file) == std::vector<std::string>{
                                  "wrong_type /cpu 1:24",
                                  "wrong_type /memory 1:40",
                                  "wrong_type /containerDefinitions/0/privileged 2:68",
                                  "wrong_type /containerDefinitions/0/essential 2:88",
                                  "wrong_type /containerDefinitions/0/memory 2:106",
                                  "wrong_type /containerDefinitions/0/cpu 3:8",
                                  "wrong_type /containerDefinitions/0/command/1 3:32",
                                  "wrong_type /containerDefinitions/0/environment 3:51",
                                  "wrong_type /containerDefinitions/0/dockerLabels/k 3:85",
                                  "wrong_type /containerDefinitions/0/user 3:97",
                                  "wrong_type /containerDefinitions/0/linuxParameters 4:20",
                              });
  const auto message = [&](std::size_t i) { return file.problems.at(i).message; };
  CHECK(message(0) == "`cpu` must be a string, not a boolean");
  CHECK(message(1) ==
        "`memory` must be a string, not a number; RegisterTaskDefinition takes the task size as a string");
  CHECK(file.problems[1].suggestion == "\"512\"");
  CHECK(message(2) == "`privileged` must be a boolean (true or false), not a string");
  CHECK(file.problems[2].suggestion.empty());
  CHECK(message(3) == "`essential` must be a boolean (true or false), not a string");
  CHECK(file.problems[3].suggestion == "true");
  CHECK(message(4) == "`memory` must be an integer, not a string; write the number without quotes");
  CHECK(message(5) == "`cpu` must be an integer, not a fractional or out-of-range number");
  CHECK(message(6) == "each element of `command` must be a string, not a number");
  CHECK(message(7) == "`environment` must be a list of objects, not an object");
  CHECK(message(8) == "each value in `dockerLabels` must be a string, not a number");
  CHECK(message(9) == "`user` must be a string, not a number");
  CHECK(message(10) == "`linuxParameters` must be an object, not an array");
  CHECK(loaded.slice(file.problems[2].range) == "\"yes\"");

  // The model keeps them present but not known, so rules do not act on them.
  const auto& task = file.task.value;
  CHECK(task.cpu.present);
  CHECK_FALSE(task.cpu.known);
  CHECK(task.memory.value == "512");
  CHECK_FALSE(task.memory.known);
  CHECK_FALSE(task.memory_mib);
  const auto& container = task.containers->at(0).value;
  CHECK(container.privileged.present);
  CHECK_FALSE(container.privileged.known);
  CHECK_FALSE(container.privileged.is(true));
  CHECK_FALSE(container.memory.known);
  CHECK_FALSE(container.cpu.known);
  CHECK(container.command->at(0).is("run"));
  CHECK_FALSE(container.command->at(1).known);
  CHECK_FALSE(container.environment.known);
  CHECK_FALSE(container.linux_parameters.known);
}

TEST_CASE("ecs: null is a problem in register input, not in a container list") {
  const Loaded loaded =
      load(R"({"family": "f", "containerDefinitions": [{"name": "a", "image": "b", "ulimits": null}]})");
  CHECK(problem_list(loaded.file()) == std::vector<std::string>{"wrong_type /containerDefinitions/0/ulimits 1:81"});
  CHECK(loaded.file().problems[0].message ==
        "`ulimits` is null; the API expects a list of objects: remove the key or give it a value");
  const auto& ulimits = loaded.file().task->containers->at(0)->ulimits;
  CHECK_FALSE(ulimits.present);
  CHECK(ulimits.written());
}

TEST_CASE("ecs: unknown keys are problems with a did-you-mean suggestion at every level") {
  const Loaded loaded = load(R"({"family": "f", "taskRoleARN": "r", "networkmode": "host",
"containerDefinitions": [{"name": "a", "image": "b", "readOnlyRootFilesystem": true, "portBindings": [],
"logConfiguration": {"logdriver": "awslogs"}, "linuxParameters": {"capabilities": {"Add": ["SYS_ADMIN"]}},
"Image": "c", "mountPoints": [{"sourceVolume": "v", "containerPath": "/x", "readonly": true}]}],
"volumes": [{"name": "v", "efsVolumeConfiguration": {"filesystemId": "fs-1"}}]})");
  const auto& file = loaded.file();
  CHECK(problem_list(file) == std::vector<std::string>{
                                  "unknown_key /taskRoleARN 1:17",
                                  "unknown_key /networkmode 1:37",
                                  "unknown_key /containerDefinitions/0/readOnlyRootFilesystem 2:54",
                                  "unknown_key /containerDefinitions/0/portBindings 2:86",
                                  "missing_key /containerDefinitions/0/logConfiguration 3:1",
                                  "unknown_key /containerDefinitions/0/logConfiguration/logdriver 3:22",
                                  "unknown_key /containerDefinitions/0/linuxParameters/capabilities/Add 3:84",
                                  "unknown_key /containerDefinitions/0/Image 4:1",
                                  "unknown_key /containerDefinitions/0/mountPoints/0/readonly 4:76",
                                  "missing_key /volumes/0/efsVolumeConfiguration 5:27",
                                  "unknown_key /volumes/0/efsVolumeConfiguration/filesystemId 5:54",
                              });
  const auto& p = file.problems;
  CHECK(p[0].message == "unknown key `taskRoleARN` in the task definition; did you mean `taskRoleArn`?");
  CHECK(p[0].suggestion == "taskRoleArn");
  CHECK(p[1].suggestion == "networkMode");
  CHECK(p[2].message ==
        "unknown key `readOnlyRootFilesystem` in the container definition; did you mean `readonlyRootFilesystem`?");
  CHECK(p[2].suggestion == "readonlyRootFilesystem");
  CHECK(loaded.slice(p[2].range) == "\"readOnlyRootFilesystem\"");
  CHECK(p[3].message == "unknown key `portBindings` in the container definition");
  CHECK(p[3].suggestion.empty());
  CHECK(p[4].message == "the logConfiguration has no `logDriver`, which is required");
  CHECK(loaded.slice(p[4].range) == "\"logConfiguration\"");
  CHECK(p[5].suggestion == "logDriver");
  CHECK(p[6].suggestion == "add");
  CHECK(p[7].suggestion == "image");
  CHECK(p[8].suggestion == "readOnly");
  CHECK(p[9].message == "the efsVolumeConfiguration has no `fileSystemId`, which is required");
  CHECK(p[10].suggestion == "fileSystemId");
  // The misspelled fields are absent from the model.
  const auto& container = file.task->containers->at(0).value;
  CHECK_FALSE(container.readonly_root_filesystem.written());
  CHECK(container.image.is("b"));
  CHECK_FALSE(file.task->task_role_arn.written());
}

TEST_CASE("ecs: missing required keys point at the object that should hold them") {
  const Loaded loaded = load(R"({"containerDefinitions": [
  {"name": "a"},
  {"image": "b", "secrets": [{"name": "S"}], "healthCheck": {"interval": 5}}
]})");
  const auto& file = loaded.file();
  CHECK(problem_list(file) == std::vector<std::string>{
                                  "missing_key  1:1",
                                  "missing_key /containerDefinitions/0 2:3",
                                  "missing_key /containerDefinitions/1 3:3",
                                  "missing_key /containerDefinitions/1/secrets/0 3:30",
                                  "missing_key /containerDefinitions/1/healthCheck 3:46",
                              });
  CHECK(file.problems[0].message == "the task definition has no `family`, which is required");
  CHECK(file.problems[1].message == "the container definition has no `image`, which is required");
  CHECK(file.problems[2].message == "the container definition has no `name`, which is required");
  CHECK(file.problems[3].message == "the secret has no `valueFrom`, which is required");
  CHECK(file.problems[4].message == "the healthCheck has no `command`, which is required");
  CHECK(loaded.slice(file.problems[1].range) == "{");
  CHECK(loaded.slice(file.problems[4].range) == "\"healthCheck\"");
  // The model gives the same anchors to rules that report a missing key.
  const auto& first = file.task->containers->at(0);
  CHECK(file.anchor(first) == file.problems[1].range);
  CHECK(file.anchor(first->health_check).empty());  // absent: nothing to point at
  CHECK(file.anchor(file.task->containers->at(1)->health_check) == file.problems[4].range);
  CHECK(file.anchor(file.task) == file.problems[0].range);
  CHECK(loaded.slice(first.value_range) == "{\"name\": \"a\"}");
}

TEST_CASE("ecs: duplicate keys are problems and the last value is used") {
  const Loaded loaded = load(R"({"family": "f", "containerDefinitions": [{"name": "a", "image": "old",
  "image": "new", "environment": [{"name": "X", "value": "1", "value": "2"}]}]})");
  const auto& file = loaded.file();
  CHECK(problem_list(file) ==
        std::vector<std::string>{"duplicate_key /containerDefinitions/0/image 2:3",
                                 "duplicate_key /containerDefinitions/0/environment/0/value 2:63"});
  CHECK(file.problems[0].message ==
        "duplicate key `image`: it is also written at line 1, column 56; the last one is used");
  const auto& container = file.task->containers->at(0).value;
  CHECK(container.image.is("new"));
  CHECK(container.image.key_range.begin.line == 2);
  CHECK(container.environment->at(0)->value.is("2"));
}

TEST_CASE("ecs: enumerations are checked, with the closest allowed value as suggestion") {
  const Loaded loaded =
      load(R"({"family": "f", "networkMode": "AWSVPC", "requiresCompatibilities": ["FARGATE", "fargte"],
"containerDefinitions": [{"name": "a", "image": "b", "logConfiguration": {"logDriver": "cloudwatch"},
"portMappings": [{"containerPort": 80, "protocol": "TCP"}]}]})");
  const auto& file = loaded.file();
  CHECK(problem_list(file) == std::vector<std::string>{
                                  "invalid_value /networkMode 1:32",
                                  "invalid_value /requiresCompatibilities/1 1:81",
                                  "invalid_value /containerDefinitions/0/logConfiguration/logDriver 2:88",
                                  "invalid_value /containerDefinitions/0/portMappings/0/protocol 3:52",
                              });
  CHECK(file.problems[0].message == "`networkMode` must be one of: bridge, host, awsvpc, none");
  CHECK(file.problems[0].suggestion == "awsvpc");
  CHECK(file.problems[1].message ==
        "each element of `requiresCompatibilities` must be one of: EC2, FARGATE, EXTERNAL, MANAGED_INSTANCES");
  CHECK(file.problems[1].suggestion == "FARGATE");
  CHECK(file.problems[2].suggestion.empty());
  CHECK(file.problems[3].suggestion == "tcp");
}

TEST_CASE("ecs: problem messages never quote values") {
  const std::string secret = "hunter2-Sup3rS3cret";
  std::string text = R"({"family": "f", "networkMode": "SECRET", "cpu": "SECRET", "memory": "SECRET",
"containerDefinitions": [{"name": "a", "image": "b", "privileged": "SECRET", "memory": "SECRET",
"environment": [{"name": "P", "value": ["SECRET"]}], "logConfiguration": {"logDriver": "SECRET", "options": {"t": {"v": "SECRET"}}},
"dockerLabels": {"x": ["SECRET"]}, "command": [{"a": "SECRET"}]}]})";
  for (std::size_t at; (at = text.find("SECRET")) != std::string::npos;) text.replace(at, 6, secret);
  const Loaded loaded = load(text);
  const auto& file = loaded.file();
  CHECK(file.problems.size() == 10);
  for (const auto& problem : file.problems) {
    CHECK(problem.message.find("hunter2") == std::string::npos);
    CHECK(problem.suggestion.find("hunter2") == std::string::npos);
  }
}

TEST_CASE("ecs: task cpu and memory follow the API's units") {
  CHECK(ecs::parse_task_cpu("1024") == 1024);
  CHECK(ecs::parse_task_cpu("1 vCPU") == 1024);
  CHECK(ecs::parse_task_cpu("2vcpu") == 2048);
  CHECK(ecs::parse_task_cpu(".25 vCPU") == 256);
  CHECK(ecs::parse_task_cpu("0.5 VCPU") == 512);
  CHECK(ecs::parse_task_cpu(" 256 ") == 256);
  CHECK_FALSE(ecs::parse_task_cpu("1 GB"));
  CHECK_FALSE(ecs::parse_task_cpu("0"));
  CHECK_FALSE(ecs::parse_task_cpu("-1"));
  CHECK_FALSE(ecs::parse_task_cpu("lots"));
  CHECK_FALSE(ecs::parse_task_cpu(""));
  CHECK_FALSE(ecs::parse_task_cpu("0.0001 vCPU"));  // not a whole number of units
  CHECK(ecs::parse_task_memory("2 GB") == 2048);
  CHECK(ecs::parse_task_memory("1GB") == 1024);
  CHECK(ecs::parse_task_memory("0.5 gb") == 512);
  CHECK(ecs::parse_task_memory("512") == 512);
  CHECK_FALSE(ecs::parse_task_memory("512 MiB"));
  CHECK_FALSE(ecs::parse_task_memory("99999999999999999999"));

  const Loaded loaded = load(
      R"({"family": "f", "cpu": "a lot", "memory": "4 GB", "containerDefinitions": [{"name": "a", "image": "b"}]})");
  CHECK(problem_list(loaded.file()) == std::vector<std::string>{"invalid_value /cpu 1:24"});
  CHECK(loaded.file().problems[0].message ==
        "task `cpu` must be CPU units such as \"1024\" or vCPUs such as \"1 vCPU\"");
  CHECK_FALSE(loaded.file().task->cpu_units);
  CHECK(loaded.file().task->memory_mib == 4096);
}

TEST_CASE("ecs: placeholders are recognised whole or inside a value") {
  using ecs::find_placeholder;
  using ecs::Placeholder;
  CHECK(find_placeholder("${var.role}") == Placeholder::whole);
  CHECK(find_placeholder(" $$$TASK_ROLE$$$ ") == Placeholder::whole);
  CHECK(find_placeholder("$$$$IMAGE$$$$") == Placeholder::whole);
  CHECK(find_placeholder("{{ .Values.image }}") == Placeholder::whole);
  CHECK(find_placeholder("repo:${tag}") == Placeholder::partial);
  CHECK(find_placeholder("123.dkr.ecr.$$$TEST_REGION$$$.amazonaws.com/x") == Placeholder::partial);
  CHECK(find_placeholder("${a}${b}") == Placeholder::partial);
  CHECK(find_placeholder("plain") == Placeholder::none);
  CHECK(find_placeholder("$HOME") == Placeholder::none);
  CHECK(find_placeholder("${}") == Placeholder::none);
  CHECK(find_placeholder("cost: $$$") == Placeholder::none);
  CHECK(find_placeholder("{not a template}") == Placeholder::none);
  CHECK(find_placeholder("") == Placeholder::none);
}

TEST_CASE("ecs: huge container lists are bounded") {
  std::string text = "[";
  for (int i = 0; i < 1500; ++i) text += R"({"name": "c", "image": "nginx", "essential": true},)";
  text.back() = ']';
  const Loaded loaded = load(text);
  const auto& file = loaded.file();
  CHECK(file.task->containers->size() == 1000);
  REQUIRE(file.problems.size() == 1);
  CHECK(file.problems[0].pointer == "/1000");
  CHECK(file.problems[0].kind == ProblemKind::invalid_value);
}
