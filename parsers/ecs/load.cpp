#include "parsers/ecs/load.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "parsers/ecs/detect.h"
#include "parsers/ecs/model.h"
#include "parsers/ecs/schema.h"
#include "parsers/ecs/values.h"
#include "parsers/json/parse.h"
#include "parsers/text.h"

namespace shipshape::ecs {

std::string_view to_string(InputShape shape) {
  switch (shape) {
    case InputShape::register_input: return "register-task-definition input";
    case InputShape::describe_output: return "describe-task-definition output";
    case InputShape::container_list: return "container definition list";
  }
  return "task definition";
}

std::string_view to_string(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::wrong_type: return "wrong_type";
    case ProblemKind::unknown_key: return "unknown_key";
    case ProblemKind::duplicate_key: return "duplicate_key";
    case ProblemKind::read_only_key: return "read_only_key";
    case ProblemKind::invalid_value: return "invalid_value";
    case ProblemKind::missing_key: return "missing_key";
  }
  return "problem";
}

Range TaskDefinitionFile::subrange(const Located<std::string>& field, std::size_t begin, std::size_t end) const {
  if (!field.written() || json.kind(field.node) != json::Kind::string) return field.value_range;
  return json.string_subrange(field.node, begin, end);
}

namespace {

using json::Kind;
using json::kNoNode;
using json::NodeId;

// Where a finding about a key missing from `object` points: the object's key, or else its opening `{`.
Range anchor_range(const json::Document& doc, NodeId object) {
  if (doc.is_member(object)) return doc.key_range(object);
  const Range whole = doc.range(object);
  return doc.range(whole.begin.offset, std::min(whole.begin.offset + 1, whole.end.offset));
}

// Containers beyond this many are not modelled: ECS accepts at most 10 per task definition, and a
// bound keeps a huge generated array from costing gigabytes.
constexpr std::uint32_t kMaxModelledContainers = 1000;

std::string_view found(Kind kind) {
  switch (kind) {
    case Kind::null: return "null";
    case Kind::boolean: return "a boolean";
    case Kind::number: return "a number";
    case Kind::string: return "a string";
    case Kind::array: return "an array";
    case Kind::object: return "an object";
  }
  return "a value";
}

std::string join(std::span<const std::string_view> values) {
  std::string out;
  for (const std::string_view value : values) {
    if (!out.empty()) out += ", ";
    out += value;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Shape validation against the schema: types, unknown and read-only keys, enumerations, required keys,
// duplicates. An explicit stack walks nested objects.

class Validator {
 public:
  Validator(const json::Document& doc, InputShape shape, std::vector<ShapeProblem>& problems)
      : doc_(doc), shape_(shape), problems_(problems) {}

  void validate_object(NodeId object, const schema::Object& schema) {
    pending_.push_back({object, &schema});
    while (!pending_.empty()) {
      const auto [node, object_schema] = pending_.back();
      pending_.pop_back();
      check_object(node, *object_schema);
    }
  }

  void validate_elements(NodeId array, const schema::Object& schema, std::uint32_t limit) {
    const std::uint32_t count = std::min(doc_.size(array), limit);
    for (std::uint32_t i = 0; i < count; ++i) {
      const NodeId element = doc_.child(array, i);
      if (doc_.kind(element) == Kind::object) {
        validate_object(element, schema);
      } else {
        add(ProblemKind::wrong_type, element,
            fmt::format("each {} must be an object, not {}", schema.description, found(doc_.kind(element))));
      }
    }
  }

  void report_duplicates() {
    for (const auto& duplicate : doc_.duplicate_keys()) {
      const Position first = doc_.key_range(duplicate.first).begin;
      problems_.push_back(
          {ProblemKind::duplicate_key,
           doc_.key_range(duplicate.duplicate),
           doc_.pointer(duplicate.duplicate),
           fmt::format("duplicate key `{}`: it is also written at line {}, column {}; the last one is used",
                       doc_.key(duplicate.duplicate), first.line, first.column),
           {}});
    }
  }

 private:
  void add(ProblemKind kind, NodeId node, std::string message, std::string suggestion = {}, bool at_key = false) {
    problems_.push_back({kind, at_key ? doc_.key_range(node) : doc_.range(node), doc_.pointer(node), std::move(message),
                         std::move(suggestion)});
  }

  bool whole_placeholder(NodeId node) const {
    return doc_.kind(node) == Kind::string && find_placeholder(doc_.string(node)) == Placeholder::whole;
  }

  void check_object(NodeId object, const schema::Object& schema) {
    const std::uint32_t count = doc_.size(object);
    for (std::uint32_t i = 0; i < count; ++i) {
      const NodeId value = doc_.child(object, i);
      const std::string_view key = doc_.key(value);
      const schema::Field* field = schema.find(key);
      if (field == nullptr) {
        const std::string_view suggestion = text::closest_match(key, schema.names());
        std::string message = fmt::format("unknown key `{}` in the {}", key, schema.description);
        if (!suggestion.empty()) message += fmt::format("; did you mean `{}`?", suggestion);
        add(ProblemKind::unknown_key, value, std::move(message), std::string(suggestion), true);
        continue;
      }
      if (field->read_only && shape_ == InputShape::register_input) {
        add(ProblemKind::read_only_key, value,
            fmt::format("`{}` is returned by DescribeTaskDefinition but is not accepted by RegisterTaskDefinition; "
                        "remove it before registering",
                        key),
            {}, true);
        continue;
      }
      check_value(value, *field);
    }
    for (const schema::Field& field : schema.fields) {
      if (!field.required) continue;
      if (field.read_only && shape_ == InputShape::register_input) continue;
      if (doc_.member(object, field.name) != kNoNode) continue;
      problems_.push_back({ProblemKind::missing_key,
                           anchor_range(doc_, object),
                           doc_.pointer(object),
                           fmt::format("the {} has no `{}`, which is required", schema.description, field.name),
                           {}});
    }
  }

  // How a message names the value being checked: "`privileged`", "each element of `command`", ...
  struct Subject {
    enum Role : std::uint8_t { value, element, map_value } role;
    std::string_view key;
  };
  static std::string describe(const Subject& subject) {
    switch (subject.role) {
      case Subject::element: return fmt::format("each element of `{}`", subject.key);
      case Subject::map_value: return fmt::format("each value in `{}`", subject.key);
      case Subject::value: break;
    }
    return fmt::format("`{}`", subject.key);
  }

  void check_scalar(NodeId value, schema::Type type, std::span<const std::string_view> values, const Subject& subject) {
    const Kind kind = doc_.kind(value);
    if (whole_placeholder(value)) return;
    bool ok = false;
    switch (type) {
      case schema::Type::string:
      case schema::Type::task_size: ok = kind == Kind::string; break;
      case schema::Type::timestamp: ok = kind == Kind::string || kind == Kind::number; break;
      case schema::Type::boolean: ok = kind == Kind::boolean; break;
      case schema::Type::integer:
        if (kind == Kind::number && !doc_.integer(value)) {
          add(ProblemKind::wrong_type, value,
              fmt::format("{} must be an integer, not a fractional or out-of-range number", describe(subject)));
          return;
        }
        ok = kind == Kind::number;
        break;
      default: break;
    }
    if (!ok) {
      std::string suggestion;
      std::string message =
          fmt::format("{} must be {}, not {}", describe(subject), schema::describe(type), found(kind));
      if (type == schema::Type::task_size && kind == Kind::number) {
        message += "; RegisterTaskDefinition takes the task size as a string";
        suggestion = fmt::format("\"{}\"", doc_.number_text(value));
      } else if (type == schema::Type::boolean && kind == Kind::string) {
        const std::string_view text = doc_.string(value);
        if (text == "true" || text == "false") suggestion = std::string(text);
      } else if (type == schema::Type::integer && kind == Kind::string) {
        message += "; write the number without quotes";
      }
      add(ProblemKind::wrong_type, value, std::move(message), std::move(suggestion));
      return;
    }
    if (!values.empty() && kind == Kind::string) {
      const std::string_view text = doc_.string(value);
      if (std::find(values.begin(), values.end(), text) == values.end()) {
        const std::vector<std::string_view> candidates(values.begin(), values.end());
        add(ProblemKind::invalid_value, value, fmt::format("{} must be one of: {}", describe(subject), join(values)),
            std::string(text::closest_match(text, candidates)));
      }
    }
  }

  void check_value(NodeId value, const schema::Field& field) {
    const Kind kind = doc_.kind(value);
    if (kind == Kind::null) {
      // Terraform drops null attributes from container_definitions; the AWS CLI rejects them.
      if (shape_ != InputShape::container_list) {
        add(ProblemKind::wrong_type, value,
            fmt::format("`{}` is null; the API expects {}: remove the key or give it a value", field.name,
                        schema::describe(field.type)));
      }
      return;
    }
    if (whole_placeholder(value)) return;
    switch (field.type) {
      case schema::Type::string:
      case schema::Type::integer:
      case schema::Type::boolean:
      case schema::Type::timestamp:
      case schema::Type::task_size: check_scalar(value, field.type, field.values, {Subject::value, field.name}); return;
      case schema::Type::string_list:
      case schema::Type::integer_list: {
        if (kind != Kind::array) break;
        const schema::Type element_type =
            field.type == schema::Type::string_list ? schema::Type::string : schema::Type::integer;
        for (std::uint32_t i = 0; i < doc_.size(value); ++i) {
          check_scalar(doc_.child(value, i), element_type, field.values, {Subject::element, field.name});
        }
        return;
      }
      case schema::Type::string_map: {
        if (kind != Kind::object) break;
        for (std::uint32_t i = 0; i < doc_.size(value); ++i) {
          check_scalar(doc_.child(value, i), schema::Type::string, {}, {Subject::map_value, field.name});
        }
        return;
      }
      case schema::Type::object:
        if (kind != Kind::object) break;
        pending_.push_back({value, field.object});
        return;
      case schema::Type::object_list:
        if (kind != Kind::array) break;
        for (std::uint32_t i = 0; i < doc_.size(value); ++i) {
          const NodeId element = doc_.child(value, i);
          if (doc_.kind(element) == Kind::object) {
            pending_.push_back({element, field.object});
          } else if (!whole_placeholder(element)) {
            add(ProblemKind::wrong_type, element,
                fmt::format("each element of `{}` must be an object, not {}", field.name, found(doc_.kind(element))));
          }
        }
        return;
    }
    add(ProblemKind::wrong_type, value,
        fmt::format("`{}` must be {}, not {}", field.name, schema::describe(field.type), found(kind)));
  }

  const json::Document& doc_;
  InputShape shape_;
  std::vector<ShapeProblem>& problems_;
  std::vector<std::pair<NodeId, const schema::Object*>> pending_;
};

// ---------------------------------------------------------------------------------------------------
// Reading the typed model. Types were validated above; here a value of the wrong type is simply present
// and not known. The model's nesting is fixed, so plain calls are fine here.

class Reader {
 public:
  explicit Reader(const json::Document& doc) : doc_(doc) {}

  template <class T>
  Located<T> locate(NodeId node) const {
    Located<T> out;
    if (node == kNoNode) return out;
    out.node = node;
    out.key_range = doc_.key_range(node);
    out.value_range = doc_.range(node);
    out.pointer = doc_.pointer(node);
    out.present = doc_.kind(node) != Kind::null;
    return out;
  }

  NodeId member(NodeId object, std::string_view key) const {
    return object == kNoNode ? kNoNode : doc_.member(object, key);
  }

  Located<std::string> string_value(NodeId node) const {
    Located<std::string> out = locate<std::string>(node);
    if (!out.present || doc_.kind(node) != Kind::string) return out;
    out.value = doc_.string(node);
    const Placeholder placeholder = find_placeholder(out.value);
    out.known = placeholder != Placeholder::whole;
    out.templated = placeholder != Placeholder::none;
    return out;
  }
  Located<std::string> string(NodeId object, std::string_view key) const { return string_value(member(object, key)); }

  // A role ARN: "" counts as absent.
  Located<std::string> role(NodeId object, std::string_view key) const {
    Located<std::string> out = string(object, key);
    if (out.known && out.value.empty()) {
      out.present = false;
      out.known = false;
    }
    return out;
  }

  Located<bool> boolean(NodeId object, std::string_view key) const {
    const NodeId node = member(object, key);
    Located<bool> out = locate<bool>(node);
    if (out.present && doc_.kind(node) == Kind::boolean) {
      out.value = doc_.boolean(node);
      out.known = true;
    }
    return out;
  }

  Located<std::int64_t> integer_value(NodeId node) const {
    Located<std::int64_t> out = locate<std::int64_t>(node);
    if (out.present && doc_.kind(node) == Kind::number) {
      if (const auto value = doc_.integer(node)) {
        out.value = *value;
        out.known = true;
      }
    }
    return out;
  }
  Located<std::int64_t> integer(NodeId object, std::string_view key) const {
    return integer_value(member(object, key));
  }

  LocatedList<std::string> strings(NodeId object, std::string_view key) const {
    const NodeId node = member(object, key);
    LocatedList<std::string> out = locate<std::vector<Located<std::string>>>(node);
    if (!out.present || doc_.kind(node) != Kind::array) return out;
    out.known = true;
    out.value.reserve(doc_.size(node));
    for (std::uint32_t i = 0; i < doc_.size(node); ++i) out.value.push_back(string_value(doc_.child(node, i)));
    return out;
  }

  StringMap map(NodeId object, std::string_view key) const {
    const NodeId node = member(object, key);
    StringMap out = locate<std::vector<MapEntry>>(node);
    if (!out.present || doc_.kind(node) != Kind::object) return out;
    out.known = true;
    out.value.reserve(doc_.size(node));
    for (std::uint32_t i = 0; i < doc_.size(node); ++i) {
      const NodeId entry = doc_.child(node, i);
      out.value.push_back(MapEntry{std::string(doc_.key(entry)), string_value(entry)});
    }
    return out;
  }

  template <class T, class Read>
  Located<T> object(NodeId parent, std::string_view key, Read read) const {
    return object_value<T>(member(parent, key), read);
  }

  template <class T, class Read>
  Located<T> object_value(NodeId node, Read read) const {
    Located<T> out = locate<T>(node);
    if (out.present && doc_.kind(node) == Kind::object) {
      out.value = read(node);
      out.known = true;
    }
    return out;
  }

  template <class T, class Read>
  LocatedList<T> objects(NodeId parent, std::string_view key, Read read) const {
    return objects_value<T>(member(parent, key), read);
  }

  template <class T, class Read>
  LocatedList<T> objects_value(NodeId node, Read read, std::uint32_t limit = 0xFFFFFFFFu) const {
    LocatedList<T> out = locate<std::vector<Located<T>>>(node);
    if (!out.present || doc_.kind(node) != Kind::array) return out;
    out.known = true;
    const std::uint32_t count = std::min(doc_.size(node), limit);
    out.value.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) out.value.push_back(object_value<T>(doc_.child(node, i), read));
    return out;
  }

  // ---- the model ----

  Secret secret(NodeId node) const { return {string(node, "name"), string(node, "valueFrom")}; }

  KernelCapabilities capabilities(NodeId node) const { return {strings(node, "add"), strings(node, "drop")}; }

  LinuxParameters linux_parameters(NodeId node) const {
    LinuxParameters out;
    out.capabilities = object<KernelCapabilities>(node, "capabilities", [&](NodeId n) { return capabilities(n); });
    out.devices = objects<Device>(node, "devices", [&](NodeId n) {
      return Device{string(n, "hostPath"), string(n, "containerPath"), strings(n, "permissions")};
    });
    out.init_process_enabled = boolean(node, "initProcessEnabled");
    out.shared_memory_size = integer(node, "sharedMemorySize");
    out.tmpfs = objects<Tmpfs>(node, "tmpfs", [&](NodeId n) {
      return Tmpfs{string(n, "containerPath"), integer(n, "size"), strings(n, "mountOptions")};
    });
    out.max_swap = integer(node, "maxSwap");
    out.swappiness = integer(node, "swappiness");
    return out;
  }

  LogConfiguration log_configuration(NodeId node) const {
    return {string(node, "logDriver"), map(node, "options"),
            objects<Secret>(node, "secretOptions", [&](NodeId n) { return secret(n); })};
  }

  HealthCheck health_check(NodeId node) const {
    return {strings(node, "command"), integer(node, "interval"), integer(node, "timeout"), integer(node, "retries"),
            integer(node, "startPeriod")};
  }

  Container container(NodeId node) const {
    Container c;
    c.name = string(node, "name");
    c.image = string(node, "image");
    if (c.image.is_known() && !c.image.templated) c.image_reference = parse_image_reference(c.image.value);
    c.essential = boolean(node, "essential");
    c.user = string(node, "user");
    c.privileged = boolean(node, "privileged");
    c.readonly_root_filesystem = boolean(node, "readonlyRootFilesystem");
    c.environment = objects<KeyValuePair>(node, "environment", [&](NodeId n) {
      return KeyValuePair{string(n, "name"), string(n, "value")};
    });
    c.environment_files = objects<EnvironmentFile>(node, "environmentFiles", [&](NodeId n) {
      return EnvironmentFile{string(n, "value"), string(n, "type")};
    });
    c.secrets = objects<Secret>(node, "secrets", [&](NodeId n) { return secret(n); });
    c.linux_parameters =
        object<LinuxParameters>(node, "linuxParameters", [&](NodeId n) { return linux_parameters(n); });
    c.log_configuration =
        object<LogConfiguration>(node, "logConfiguration", [&](NodeId n) { return log_configuration(n); });
    c.mount_points = objects<MountPoint>(node, "mountPoints", [&](NodeId n) {
      return MountPoint{string(n, "sourceVolume"), string(n, "containerPath"), boolean(n, "readOnly")};
    });
    c.volumes_from = objects<VolumeFrom>(node, "volumesFrom", [&](NodeId n) {
      return VolumeFrom{string(n, "sourceContainer"), boolean(n, "readOnly")};
    });
    c.port_mappings = objects<PortMapping>(node, "portMappings", [&](NodeId n) {
      return PortMapping{integer(n, "containerPort"), integer(n, "hostPort"),   string(n, "protocol"),
                         string(n, "name"),           string(n, "appProtocol"), string(n, "containerPortRange")};
    });
    c.health_check = object<HealthCheck>(node, "healthCheck", [&](NodeId n) { return health_check(n); });
    c.depends_on = objects<ContainerDependency>(node, "dependsOn", [&](NodeId n) {
      return ContainerDependency{string(n, "containerName"), string(n, "condition")};
    });
    c.docker_labels = map(node, "dockerLabels");
    c.docker_security_options = strings(node, "dockerSecurityOptions");
    c.ulimits = objects<Ulimit>(node, "ulimits", [&](NodeId n) {
      return Ulimit{string(n, "name"), integer(n, "softLimit"), integer(n, "hardLimit")};
    });
    c.system_controls = objects<SystemControl>(node, "systemControls", [&](NodeId n) {
      return SystemControl{string(n, "namespace"), string(n, "value")};
    });
    c.cpu = integer(node, "cpu");
    c.memory = integer(node, "memory");
    c.memory_reservation = integer(node, "memoryReservation");
    c.command = strings(node, "command");
    c.entry_point = strings(node, "entryPoint");
    c.repository_credentials = object<RepositoryCredentials>(node, "repositoryCredentials", [&](NodeId n) {
      return RepositoryCredentials{string(n, "credentialsParameter")};
    });
    c.links = strings(node, "links");
    c.hostname = string(node, "hostname");
    c.working_directory = string(node, "workingDirectory");
    c.disable_networking = boolean(node, "disableNetworking");
    c.interactive = boolean(node, "interactive");
    c.pseudo_terminal = boolean(node, "pseudoTerminal");
    c.dns_servers = strings(node, "dnsServers");
    c.dns_search_domains = strings(node, "dnsSearchDomains");
    c.extra_hosts = objects<HostEntry>(node, "extraHosts", [&](NodeId n) {
      return HostEntry{string(n, "hostname"), string(n, "ipAddress")};
    });
    c.start_timeout = integer(node, "startTimeout");
    c.stop_timeout = integer(node, "stopTimeout");
    c.version_consistency = string(node, "versionConsistency");
    return c;
  }

  Volume volume(NodeId node) const {
    Volume v;
    v.name = string(node, "name");
    v.host = object<HostVolume>(node, "host", [&](NodeId n) { return HostVolume{string(n, "sourcePath")}; });
    v.docker_volume_configuration = object<DockerVolumeConfiguration>(node, "dockerVolumeConfiguration", [&](NodeId n) {
      return DockerVolumeConfiguration{string(n, "scope"), boolean(n, "autoprovision"), string(n, "driver"),
                                       map(n, "driverOpts"), map(n, "labels")};
    });
    v.efs_volume_configuration = object<EfsVolumeConfiguration>(node, "efsVolumeConfiguration", [&](NodeId n) {
      return EfsVolumeConfiguration{string(n, "fileSystemId"), string(n, "rootDirectory"),
                                    string(n, "transitEncryption"), integer(n, "transitEncryptionPort"),
                                    object<EfsAuthorizationConfig>(n, "authorizationConfig", [&](NodeId a) {
                                      return EfsAuthorizationConfig{string(a, "accessPointId"), string(a, "iam")};
                                    })};
    });
    v.configured_at_launch = boolean(node, "configuredAtLaunch");
    return v;
  }

  // `task` is the task object (kNoNode for a container list); `containers` the container array.
  TaskDefinition task(NodeId task, NodeId containers, NodeId tags) const {
    TaskDefinition t;
    t.family = string(task, "family");
    t.task_role_arn = role(task, "taskRoleArn");
    t.execution_role_arn = role(task, "executionRoleArn");
    t.network_mode = string(task, "networkMode");
    t.requires_compatibilities = strings(task, "requiresCompatibilities");
    t.cpu = size(task, "cpu");
    t.memory = size(task, "memory");
    if (t.cpu.is_known()) t.cpu_units = parse_task_cpu(t.cpu.value);
    if (t.memory.is_known()) t.memory_mib = parse_task_memory(t.memory.value);
    t.pid_mode = string(task, "pidMode");
    t.ipc_mode = string(task, "ipcMode");
    t.volumes = objects<Volume>(task, "volumes", [&](NodeId n) { return volume(n); });
    t.runtime_platform = object<RuntimePlatform>(task, "runtimePlatform", [&](NodeId n) {
      return RuntimePlatform{string(n, "cpuArchitecture"), string(n, "operatingSystemFamily")};
    });
    t.ephemeral_storage = object<EphemeralStorage>(task, "ephemeralStorage",
                                                   [&](NodeId n) { return EphemeralStorage{integer(n, "sizeInGiB")}; });
    t.placement_constraints = objects<PlacementConstraint>(task, "placementConstraints", [&](NodeId n) {
      return PlacementConstraint{string(n, "type"), string(n, "expression")};
    });
    t.tags = objects_value<Tag>(tags, [&](NodeId n) { return Tag{string(n, "key"), string(n, "value")}; });
    t.enable_fault_injection = boolean(task, "enableFaultInjection");
    t.containers = objects_value<Container>(
        containers, [&](NodeId n) { return container(n); }, kMaxModelledContainers);
    return t;
  }

 private:
  // Task cpu/memory: a string; a number is kept as its text but not known (the API wants a string).
  Located<std::string> size(NodeId object, std::string_view key) const {
    const NodeId node = member(object, key);
    Located<std::string> out = string_value(node);
    if (out.present && doc_.kind(node) == Kind::number) out.value = doc_.number_text(node);
    return out;
  }

  const json::Document& doc_;
};

// ---------------------------------------------------------------------------------------------------
// Which shape is this file?

struct Detected {
  InputShape shape = InputShape::register_input;
  NodeId task = kNoNode;        // the task object (none for a container list)
  NodeId containers = kNoNode;  // the container array
  NodeId tags = kNoNode;        // the tag list
  std::string error;            // set when this is not a task definition
  std::string hint;
};

Detected detect(const json::Document& doc) {
  Detected out;
  const NodeId root = doc.root_id();
  const Kind kind = doc.kind(root);
  if (kind == Kind::object) {
    if (doc.member(root, "containerDefinitions") != kNoNode) {
      out.shape = InputShape::register_input;
      out.task = root;
      out.containers = doc.member(root, "containerDefinitions");
      out.tags = doc.member(root, "tags");
      return out;
    }
    const NodeId wrapped = doc.member(root, "taskDefinition");
    if (wrapped != kNoNode && doc.kind(wrapped) == Kind::object) {
      out.shape = InputShape::describe_output;
      out.task = wrapped;
      out.containers = doc.member(wrapped, "containerDefinitions");
      out.tags = doc.member(root, "tags");
      if (out.tags == kNoNode) out.tags = doc.member(wrapped, "tags");
      return out;
    }
    out.error = "not an ECS task definition: the object has no `containerDefinitions` and no `taskDefinition`";
    if (doc.member(root, "Resources") != kNoNode || doc.member(root, "AWSTemplateFormatVersion") != kNoNode) {
      out.hint = "this looks like a CloudFormation template, which is not read as a task definition yet";
    } else if (doc.member(root, "ContainerDefinitions") != kNoNode) {
      out.hint = "task-definition keys are camelCase: write `containerDefinitions`";
    } else if (doc.member(root, "family") != kNoNode) {
      out.hint = "RegisterTaskDefinition requires `containerDefinitions`";
    }
    return out;
  }
  if (kind == Kind::array) {
    const NodeId first = doc.child(root, 0);
    if (first != kNoNode && doc.kind(first) == Kind::object) {
      std::vector<std::string_view> keys;
      for (std::uint32_t i = 0; i < doc.size(first); ++i) keys.push_back(doc.key(doc.child(first, i)));
      if (container_keys_look_valid(keys)) {
        out.shape = InputShape::container_list;
        out.containers = root;
        return out;
      }
    }
    out.error = "not an ECS task definition: the array does not hold container definitions";
    out.hint = "a container definition list is an array of objects with `name`, `image` and other container keys";
    return out;
  }
  out.error = fmt::format("not an ECS task definition: the file holds {}, not an object or an array", found(kind));
  return out;
}

void sort_problems(std::vector<ShapeProblem>& problems) {
  std::stable_sort(problems.begin(), problems.end(), [](const ShapeProblem& a, const ShapeProblem& b) {
    return a.range.begin.offset < b.range.begin.offset;
  });
}

}  // namespace

Range TaskDefinitionFile::anchor_of(SourceNode node) const {
  if (node == kNoSourceNode || json.empty()) return {};
  return anchor_range(json, node);
}

LoadResult load(const SourceFile& source) {
  LoadResult result;
  json::ParseResult parsed = json::parse(source.text());
  if (!parsed.ok()) {
    result.errors = std::move(parsed.errors);
    return result;
  }
  const Detected detected = detect(parsed.document);
  if (!detected.error.empty()) {
    const Range root = parsed.document.range(parsed.document.root_id());
    result.errors.push_back(
        Diagnostic{parsed.document.range(root.begin.offset, std::min(root.begin.offset + 1, root.end.offset)),
                   detected.error, detected.hint});
    return result;
  }

  auto file = std::make_unique<TaskDefinitionFile>();
  file->path = source.path();
  file->shape = detected.shape;
  file->json = std::move(parsed.document);
  const json::Document& doc = file->json;

  Validator validator(doc, detected.shape, file->problems);
  switch (detected.shape) {
    case InputShape::register_input: validator.validate_object(doc.root_id(), schema::task_definition()); break;
    case InputShape::describe_output: validator.validate_object(doc.root_id(), schema::describe_output()); break;
    case InputShape::container_list:
      validator.validate_elements(doc.root_id(), schema::container_definition(), kMaxModelledContainers);
      break;
  }
  validator.report_duplicates();
  if (detected.containers != kNoNode && doc.kind(detected.containers) == Kind::array &&
      doc.size(detected.containers) > kMaxModelledContainers) {
    const NodeId extra = doc.child(detected.containers, kMaxModelledContainers);
    file->problems.push_back({ProblemKind::invalid_value,
                              doc.range(extra),
                              doc.pointer(extra),
                              fmt::format("more than {} container definitions (ECS accepts at most 10 per task "
                                          "definition); the ones from here on are not modelled, so rules skip them",
                                          kMaxModelledContainers),
                              {}});
  }

  Reader reader(doc);
  const NodeId task_node = detected.task != kNoNode ? detected.task : doc.root_id();
  file->task = reader.locate<TaskDefinition>(task_node);
  file->task.known = true;
  file->task.value = reader.task(detected.task, detected.containers, detected.tags);
  TaskDefinition& task = file->task.value;
  if (task.cpu.is_known() && !task.cpu.templated && !task.cpu_units && doc.kind(task.cpu.node) == Kind::string) {
    file->problems.push_back({ProblemKind::invalid_value,
                              task.cpu.value_range,
                              task.cpu.pointer,
                              "task `cpu` must be CPU units such as \"1024\" or vCPUs such as \"1 vCPU\"",
                              {}});
  }
  if (task.memory.is_known() && !task.memory.templated && !task.memory_mib &&
      doc.kind(task.memory.node) == Kind::string) {
    file->problems.push_back({ProblemKind::invalid_value,
                              task.memory.value_range,
                              task.memory.pointer,
                              "task `memory` must be MiB such as \"2048\" or GB such as \"2 GB\"",
                              {}});
  }
  sort_problems(file->problems);
  result.file = std::move(file);
  return result;
}

}  // namespace shipshape::ecs
