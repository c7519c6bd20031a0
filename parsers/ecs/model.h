#pragma once
// The typed ECS task-definition model. Every field is a Located<T>: whether it is written, its value,
// where its key and value are, its JSON Pointer, and whether the value is known.
//
// The field types do not depend on the input format: the JSON front end fills them today, and a
// CloudFormation or Terraform front end can fill the same structures later (PascalCase keys, intrinsic
// functions, `${...}` expressions: those values are present but not `known`). The raw parsed input stays
// reachable through TaskDefinitionFile::json and each Located::node, for fields the model does not name.
//
// Field names follow the ECS API (RegisterTaskDefinition / ContainerDefinition) in snake_case.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/image_reference.h"
#include "parsers/json/document.h"
#include "parsers/source.h"

namespace shipshape::ecs {

// Index of a node in the file's raw source tree (TaskDefinitionFile::json for JSON input).
using SourceNode = std::uint32_t;
inline constexpr SourceNode kNoSourceNode = 0xFFFFFFFFu;

// A value in the file and where it is written.
//
// `present`: the key is written with a usable value. A key written as `null`, and a role ARN written as
// "" (AWS's own examples send `"taskRoleArn": ""`), count as absent, but keep their ranges (`written()`).
// `known`: the value is a literal of the expected type. It is false for template placeholders
// (`"${var}"`, `"$$$ROLE$$$"`, `"{{x}}"`), for intrinsic functions in later formats, and for values of
// the wrong JSON type (those are reported in TaskDefinitionFile::problems). Rules must not fire on
// values that are not known.
// `templated`: a known string that contains a placeholder somewhere, e.g. "repo:${tag}".
template <class T>
struct Located {
  bool present = false;
  bool known = false;
  bool templated = false;
  T value{};
  Range key_range;                  // the key as written, including its quotes; an empty range at the value for array
                                    // elements and the root; empty at the default position when not written
  Range value_range;                // the value as written (for objects: from `{` to `}`)
  std::string pointer;              // RFC 6901 JSON Pointer of the value, e.g. "/containerDefinitions/0/user"
  SourceNode node = kNoSourceNode;  // the raw value (kNoSourceNode when the key is not written)

  bool written() const { return node != kNoSourceNode; }  // the key appears in the file (even as null / "")
  bool is_known() const { return present && known; }      // present with a literal value
  const T* operator->() const { return &value; }
  const T& operator*() const { return value; }
  // True when the value is known and equals `other`.
  template <class U>
  bool is(const U& other) const {
    return is_known() && value == other;
  }
};

// A list; each element keeps its own location. (For lists of objects, the element's value_range is
// the object.)
template <class T>
using LocatedList = Located<std::vector<Located<T>>>;

// One entry of a string-to-string map (dockerLabels, logConfiguration.options, driverOpts, ...). The
// value's key_range is the entry's key.
struct MapEntry {
  std::string key;
  Located<std::string> value;
};
using StringMap = Located<std::vector<MapEntry>>;

// ---- container-level structures ----

struct KeyValuePair {  // environment, proxy properties
  Located<std::string> name;
  Located<std::string> value;
};

struct Secret {  // secrets, logConfiguration.secretOptions
  Located<std::string> name;
  Located<std::string> value_from;
};

struct EnvironmentFile {
  Located<std::string> value;  // S3 object ARN
  Located<std::string> type;   // "s3"
};

struct MountPoint {
  Located<std::string> source_volume;
  Located<std::string> container_path;
  Located<bool> read_only;
};

struct VolumeFrom {
  Located<std::string> source_container;
  Located<bool> read_only;
};

struct PortMapping {
  Located<std::int64_t> container_port;
  Located<std::int64_t> host_port;
  Located<std::string> protocol;  // tcp, udp
  Located<std::string> name;
  Located<std::string> app_protocol;          // http, http2, grpc
  Located<std::string> container_port_range;  // "8000-8010"
};

struct KernelCapabilities {
  LocatedList<std::string> add;
  LocatedList<std::string> drop;
};

struct Device {
  Located<std::string> host_path;
  Located<std::string> container_path;
  LocatedList<std::string> permissions;  // read, write, mknod
};

struct Tmpfs {
  Located<std::string> container_path;
  Located<std::int64_t> size;  // MiB
  LocatedList<std::string> mount_options;
};

struct LinuxParameters {
  Located<KernelCapabilities> capabilities;
  LocatedList<Device> devices;
  Located<bool> init_process_enabled;
  Located<std::int64_t> shared_memory_size;
  LocatedList<Tmpfs> tmpfs;
  Located<std::int64_t> max_swap;
  Located<std::int64_t> swappiness;
};

struct LogConfiguration {
  Located<std::string> log_driver;  // awslogs, splunk, awsfirelens, json-file, ...
  StringMap options;
  LocatedList<Secret> secret_options;
};

struct HealthCheck {
  LocatedList<std::string> command;  // ["CMD-SHELL", "..."] or ["CMD", ...]
  Located<std::int64_t> interval;
  Located<std::int64_t> timeout;
  Located<std::int64_t> retries;
  Located<std::int64_t> start_period;
};

struct ContainerDependency {
  Located<std::string> container_name;
  Located<std::string> condition;  // START, COMPLETE, SUCCESS, HEALTHY
};

struct Ulimit {
  Located<std::string> name;
  Located<std::int64_t> soft_limit;
  Located<std::int64_t> hard_limit;
};

struct SystemControl {
  Located<std::string> namespace_name;  // `namespace` in the API
  Located<std::string> value;
};

struct RepositoryCredentials {
  Located<std::string> credentials_parameter;
};

struct HostEntry {  // extraHosts
  Located<std::string> hostname;
  Located<std::string> ip_address;
};

struct Container {
  Located<std::string> name;
  Located<std::string> image;
  // `image` parsed as a Docker reference; `valid` is false when the image is absent, unknown, templated
  // or malformed. Spans index the decoded image string (see TaskDefinitionFile::subrange).
  ImageReference image_reference;
  Located<bool> essential;  // the API default is true when absent
  Located<std::string> user;
  Located<bool> privileged;
  Located<bool> readonly_root_filesystem;
  LocatedList<KeyValuePair> environment;
  LocatedList<EnvironmentFile> environment_files;
  LocatedList<Secret> secrets;
  Located<LinuxParameters> linux_parameters;
  Located<LogConfiguration> log_configuration;
  LocatedList<MountPoint> mount_points;
  LocatedList<VolumeFrom> volumes_from;
  LocatedList<PortMapping> port_mappings;
  Located<HealthCheck> health_check;
  LocatedList<ContainerDependency> depends_on;
  StringMap docker_labels;
  LocatedList<std::string> docker_security_options;
  LocatedList<Ulimit> ulimits;
  LocatedList<SystemControl> system_controls;
  Located<std::int64_t> cpu;
  Located<std::int64_t> memory;              // MiB, hard limit
  Located<std::int64_t> memory_reservation;  // MiB, soft limit
  LocatedList<std::string> command;
  LocatedList<std::string> entry_point;
  Located<RepositoryCredentials> repository_credentials;
  LocatedList<std::string> links;
  Located<std::string> hostname;
  Located<std::string> working_directory;
  Located<bool> disable_networking;
  Located<bool> interactive;
  Located<bool> pseudo_terminal;
  LocatedList<std::string> dns_servers;
  LocatedList<std::string> dns_search_domains;
  LocatedList<HostEntry> extra_hosts;
  Located<std::int64_t> start_timeout;
  Located<std::int64_t> stop_timeout;
  Located<std::string> version_consistency;  // enabled, disabled
};

// ---- task-level structures ----

struct HostVolume {
  Located<std::string> source_path;
};

struct DockerVolumeConfiguration {
  Located<std::string> scope;  // task, shared
  Located<bool> autoprovision;
  Located<std::string> driver;
  StringMap driver_opts;
  StringMap labels;
};

struct EfsAuthorizationConfig {
  Located<std::string> access_point_id;
  Located<std::string> iam;  // ENABLED, DISABLED
};

struct EfsVolumeConfiguration {
  Located<std::string> file_system_id;
  Located<std::string> root_directory;
  Located<std::string> transit_encryption;  // ENABLED, DISABLED
  Located<std::int64_t> transit_encryption_port;
  Located<EfsAuthorizationConfig> authorization_config;
};

struct Volume {
  Located<std::string> name;
  Located<HostVolume> host;
  Located<DockerVolumeConfiguration> docker_volume_configuration;
  Located<EfsVolumeConfiguration> efs_volume_configuration;
  Located<bool> configured_at_launch;
};

struct RuntimePlatform {
  Located<std::string> cpu_architecture;         // X86_64, ARM64
  Located<std::string> operating_system_family;  // LINUX, WINDOWS_SERVER_2019_FULL, ...
};

struct EphemeralStorage {
  Located<std::int64_t> size_in_gib;
};

struct PlacementConstraint {
  Located<std::string> type;  // memberOf
  Located<std::string> expression;
};

struct Tag {
  Located<std::string> key;
  Located<std::string> value;
};

struct TaskDefinition {
  Located<std::string> family;
  Located<std::string> task_role_arn;                 // "" counts as absent
  Located<std::string> execution_role_arn;            // "" counts as absent
  Located<std::string> network_mode;                  // bridge (the default), host, awsvpc, none
  LocatedList<std::string> requires_compatibilities;  // EC2, FARGATE, EXTERNAL, MANAGED_INSTANCES
  // Task size as written: CPU units ("1024") or vCPUs ("1 vCPU"), MiB ("2048") or GB ("2 GB").
  Located<std::string> cpu;
  Located<std::string> memory;
  std::optional<std::int64_t> cpu_units;   // `cpu` in CPU units, when known and well formed
  std::optional<std::int64_t> memory_mib;  // `memory` in MiB, when known and well formed
  Located<std::string> pid_mode;           // host, task
  Located<std::string> ipc_mode;           // host, task, none
  LocatedList<Volume> volumes;
  Located<RuntimePlatform> runtime_platform;
  Located<EphemeralStorage> ephemeral_storage;
  LocatedList<PlacementConstraint> placement_constraints;
  // Tags of the task definition: `tags` at the top level, or beside `taskDefinition` in describe output.
  LocatedList<Tag> tags;
  Located<bool> enable_fault_injection;
  LocatedList<Container> containers;  // `containerDefinitions`, or the whole file for a bare container list
};

// Which kind of file was read.
enum class InputShape : std::uint8_t {
  register_input,  // `aws ecs register-task-definition --cli-input-json` input: {"family", "containerDefinitions", ...}
  describe_output,  // `aws ecs describe-task-definition` output: {"taskDefinition": {...}, "tags": [...]}
  container_list,   // a bare JSON array of container definitions (Terraform's container_definitions file)
};
std::string_view to_string(InputShape shape);

enum class ProblemKind : std::uint8_t {
  wrong_type,     // a value of the wrong JSON type ("privileged": "yes")
  unknown_key,    // a key the API does not define at this place; `suggestion` may name the intended one
  duplicate_key,  // a key written twice in one object (the last one wins)
  read_only_key,  // a describe-only field (revision, status, ...) in register-task-definition input
  invalid_value,  // a value outside the API's enumeration or format (values are never quoted)
  missing_key,    // a key the API requires at this place; `range` is the object's anchor
};
std::string_view to_string(ProblemKind kind);

// A problem with the file's shape. Messages never contain values (they may be secrets), only keys and
// the names of types.
struct ShapeProblem {
  ProblemKind kind;
  Range range;          // the offending key (unknown/duplicate/read-only) or value (type/value), or the
                        // anchor of the object that lacks a key (its key, or its `{`)
  std::string pointer;  // JSON Pointer of the offending member or object
  std::string message;
  std::string suggestion;  // a replacement key or value, when there is a likely one
};

struct TaskDefinitionFile {
  std::string path;
  InputShape shape = InputShape::register_input;
  // The task definition. Its value_range is the task object (the root object, the `taskDefinition`
  // object, or the whole array for a container list, which has no task-level fields).
  Located<TaskDefinition> task;
  std::vector<ShapeProblem> problems;  // in source order
  json::Document json;                 // the parsed file; Located::node indexes it

  // The raw value of a located field (absent when not written), for keys the model does not name.
  template <class T>
  json::Value raw(const Located<T>& field) const {
    return json::Value(&json, field.node);
  }
  // The source range of decoded bytes [begin, end) of a string field (e.g. an ImageReference span),
  // accounting for escapes.
  Range subrange(const Located<std::string>& field, std::size_t begin, std::size_t end) const;
  // Where a finding about a key missing from `object` should point: the object's key when it has one,
  // otherwise its opening `{`.
  template <class T>
  Range anchor(const Located<T>& object) const {
    return anchor_of(object.node);
  }
  Range anchor_of(SourceNode node) const;
};

}  // namespace shipshape::ecs
