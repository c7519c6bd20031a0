#include "parsers/ecs/schema.h"

namespace shipshape::ecs::schema {

namespace {

using V = std::string_view;

// ---- enumerations ----
constexpr V kNetworkModes[] = {"bridge", "host", "awsvpc", "none"};
constexpr V kCompatibilities[] = {"EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"};
constexpr V kPidModes[] = {"host", "task"};
constexpr V kIpcModes[] = {"host", "task", "none"};
constexpr V kStatuses[] = {"ACTIVE", "INACTIVE", "DELETE_IN_PROGRESS"};
constexpr V kProtocols[] = {"tcp", "udp"};
constexpr V kAppProtocols[] = {"http", "http2", "grpc"};
constexpr V kEnvironmentFileTypes[] = {"s3"};
constexpr V kDevicePermissions[] = {"read", "write", "mknod"};
constexpr V kConditions[] = {"START", "COMPLETE", "SUCCESS", "HEALTHY"};
constexpr V kUlimitNames[] = {"core",  "cpu", "data",   "fsize",  "locks",      "memlock", "msgqueue", "nice",
                              "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack"};
constexpr V kLogDrivers[] = {"json-file", "syslog", "journald", "gelf", "fluentd", "awslogs", "splunk", "awsfirelens"};
constexpr V kResourceTypes[] = {"GPU", "InferenceAccelerator"};
constexpr V kFirelensTypes[] = {"fluentd", "fluentbit"};
constexpr V kVersionConsistency[] = {"enabled", "disabled"};
constexpr V kVolumeScopes[] = {"task", "shared"};
constexpr V kEnabledDisabled[] = {"ENABLED", "DISABLED"};
constexpr V kPlacementTypes[] = {"memberOf"};
constexpr V kProxyTypes[] = {"APPMESH"};
constexpr V kCpuArchitectures[] = {"X86_64", "ARM64"};
constexpr V kOsFamilies[] = {"LINUX",
                             "WINDOWS_SERVER_2016_FULL",
                             "WINDOWS_SERVER_2019_FULL",
                             "WINDOWS_SERVER_2019_CORE",
                             "WINDOWS_SERVER_2022_FULL",
                             "WINDOWS_SERVER_2022_CORE",
                             "WINDOWS_SERVER_2025_FULL",
                             "WINDOWS_SERVER_2025_CORE",
                             "WINDOWS_SERVER_2004_CORE",
                             "WINDOWS_SERVER_20H2_CORE"};
constexpr V kAttributeTargetTypes[] = {"container-instance"};

// ---- container-level objects ----
constexpr Field kKeyValuePairFields[] = {{.name = "name"}, {.name = "value"}};
constexpr Object kKeyValuePair{"name/value pair", kKeyValuePairFields};

constexpr Field kSecretFields[] = {{.name = "name", .required = true}, {.name = "valueFrom", .required = true}};
constexpr Object kSecret{"secret", kSecretFields};

constexpr Field kRepositoryCredentialsFields[] = {{.name = "credentialsParameter", .required = true}};
constexpr Object kRepositoryCredentials{"repositoryCredentials", kRepositoryCredentialsFields};

constexpr Field kPortMappingFields[] = {
    {.name = "containerPort", .type = Type::integer},
    {.name = "hostPort", .type = Type::integer},
    {.name = "protocol", .values = kProtocols},
    {.name = "name"},
    {.name = "appProtocol", .values = kAppProtocols},
    {.name = "containerPortRange"},
};
constexpr Object kPortMapping{"port mapping", kPortMappingFields};

constexpr Field kRestartPolicyFields[] = {
    {.name = "enabled", .type = Type::boolean, .required = true},
    {.name = "ignoredExitCodes", .type = Type::integer_list},
    {.name = "restartAttemptPeriod", .type = Type::integer},
};
constexpr Object kRestartPolicy{"restartPolicy", kRestartPolicyFields};

constexpr Field kEnvironmentFileFields[] = {
    {.name = "value", .required = true},
    {.name = "type", .values = kEnvironmentFileTypes, .required = true},
};
constexpr Object kEnvironmentFile{"environment file", kEnvironmentFileFields};

constexpr Field kMountPointFields[] = {
    {.name = "sourceVolume"}, {.name = "containerPath"}, {.name = "readOnly", .type = Type::boolean}};
constexpr Object kMountPoint{"mount point", kMountPointFields};

constexpr Field kVolumeFromFields[] = {{.name = "sourceContainer"}, {.name = "readOnly", .type = Type::boolean}};
constexpr Object kVolumeFrom{"volumesFrom entry", kVolumeFromFields};

constexpr Field kCapabilitiesFields[] = {{.name = "add", .type = Type::string_list},
                                         {.name = "drop", .type = Type::string_list}};
constexpr Object kCapabilities{"capabilities", kCapabilitiesFields};

constexpr Field kDeviceFields[] = {
    {.name = "hostPath", .required = true},
    {.name = "containerPath"},
    {.name = "permissions", .type = Type::string_list, .values = kDevicePermissions},
};
constexpr Object kDevice{"device", kDeviceFields};

constexpr Field kTmpfsFields[] = {
    {.name = "containerPath", .required = true},
    {.name = "size", .type = Type::integer, .required = true},
    {.name = "mountOptions", .type = Type::string_list},
};
constexpr Object kTmpfs{"tmpfs mount", kTmpfsFields};

constexpr Field kLinuxParametersFields[] = {
    {.name = "capabilities", .type = Type::object, .object = &kCapabilities},
    {.name = "devices", .type = Type::object_list, .object = &kDevice},
    {.name = "initProcessEnabled", .type = Type::boolean},
    {.name = "sharedMemorySize", .type = Type::integer},
    {.name = "tmpfs", .type = Type::object_list, .object = &kTmpfs},
    {.name = "maxSwap", .type = Type::integer},
    {.name = "swappiness", .type = Type::integer},
};
constexpr Object kLinuxParameters{"linuxParameters", kLinuxParametersFields};

constexpr Field kDependencyFields[] = {
    {.name = "containerName", .required = true},
    {.name = "condition", .values = kConditions, .required = true},
};
constexpr Object kDependency{"dependsOn entry", kDependencyFields};

constexpr Field kHostEntryFields[] = {{.name = "hostname", .required = true}, {.name = "ipAddress", .required = true}};
constexpr Object kHostEntry{"extraHosts entry", kHostEntryFields};

constexpr Field kUlimitFields[] = {
    {.name = "name", .values = kUlimitNames, .required = true},
    {.name = "softLimit", .type = Type::integer, .required = true},
    {.name = "hardLimit", .type = Type::integer, .required = true},
};
constexpr Object kUlimit{"ulimit", kUlimitFields};

constexpr Field kLogConfigurationFields[] = {
    {.name = "logDriver", .values = kLogDrivers, .required = true},
    {.name = "options", .type = Type::string_map},
    {.name = "secretOptions", .type = Type::object_list, .object = &kSecret},
};
constexpr Object kLogConfiguration{"logConfiguration", kLogConfigurationFields};

constexpr Field kHealthCheckFields[] = {
    {.name = "command", .type = Type::string_list, .required = true},
    {.name = "interval", .type = Type::integer},
    {.name = "timeout", .type = Type::integer},
    {.name = "retries", .type = Type::integer},
    {.name = "startPeriod", .type = Type::integer},
};
constexpr Object kHealthCheck{"healthCheck", kHealthCheckFields};

constexpr Field kSystemControlFields[] = {{.name = "namespace"}, {.name = "value"}};
constexpr Object kSystemControl{"systemControls entry", kSystemControlFields};

constexpr Field kResourceRequirementFields[] = {
    {.name = "value", .required = true},
    {.name = "type", .values = kResourceTypes, .required = true},
};
constexpr Object kResourceRequirement{"resource requirement", kResourceRequirementFields};

constexpr Field kFirelensFields[] = {
    {.name = "type", .values = kFirelensTypes, .required = true},
    {.name = "options", .type = Type::string_map},
};
constexpr Object kFirelens{"firelensConfiguration", kFirelensFields};

constexpr Field kContainerFields[] = {
    {.name = "name", .required = true},
    {.name = "image", .required = true},
    {.name = "repositoryCredentials", .type = Type::object, .object = &kRepositoryCredentials},
    {.name = "cpu", .type = Type::integer},
    {.name = "memory", .type = Type::integer},
    {.name = "memoryReservation", .type = Type::integer},
    {.name = "links", .type = Type::string_list},
    {.name = "portMappings", .type = Type::object_list, .object = &kPortMapping},
    {.name = "essential", .type = Type::boolean},
    {.name = "restartPolicy", .type = Type::object, .object = &kRestartPolicy},
    {.name = "entryPoint", .type = Type::string_list},
    {.name = "command", .type = Type::string_list},
    {.name = "environment", .type = Type::object_list, .object = &kKeyValuePair},
    {.name = "environmentFiles", .type = Type::object_list, .object = &kEnvironmentFile},
    {.name = "mountPoints", .type = Type::object_list, .object = &kMountPoint},
    {.name = "volumesFrom", .type = Type::object_list, .object = &kVolumeFrom},
    {.name = "linuxParameters", .type = Type::object, .object = &kLinuxParameters},
    {.name = "secrets", .type = Type::object_list, .object = &kSecret},
    {.name = "dependsOn", .type = Type::object_list, .object = &kDependency},
    {.name = "startTimeout", .type = Type::integer},
    {.name = "stopTimeout", .type = Type::integer},
    {.name = "versionConsistency", .values = kVersionConsistency},
    {.name = "hostname"},
    {.name = "user"},
    {.name = "workingDirectory"},
    {.name = "disableNetworking", .type = Type::boolean},
    {.name = "privileged", .type = Type::boolean},
    {.name = "readonlyRootFilesystem", .type = Type::boolean},
    {.name = "dnsServers", .type = Type::string_list},
    {.name = "dnsSearchDomains", .type = Type::string_list},
    {.name = "extraHosts", .type = Type::object_list, .object = &kHostEntry},
    {.name = "dockerSecurityOptions", .type = Type::string_list},
    {.name = "interactive", .type = Type::boolean},
    {.name = "pseudoTerminal", .type = Type::boolean},
    {.name = "dockerLabels", .type = Type::string_map},
    {.name = "ulimits", .type = Type::object_list, .object = &kUlimit},
    {.name = "logConfiguration", .type = Type::object, .object = &kLogConfiguration},
    {.name = "healthCheck", .type = Type::object, .object = &kHealthCheck},
    {.name = "systemControls", .type = Type::object_list, .object = &kSystemControl},
    {.name = "resourceRequirements", .type = Type::object_list, .object = &kResourceRequirement},
    {.name = "firelensConfiguration", .type = Type::object, .object = &kFirelens},
    {.name = "credentialSpecs", .type = Type::string_list},
};
constexpr Object kContainer{"container definition", kContainerFields};

// ---- task-level objects ----
constexpr Field kHostVolumeFields[] = {{.name = "sourcePath"}};
constexpr Object kHostVolume{"host", kHostVolumeFields};

constexpr Field kDockerVolumeFields[] = {
    {.name = "scope", .values = kVolumeScopes},
    {.name = "autoprovision", .type = Type::boolean},
    {.name = "driver"},
    {.name = "driverOpts", .type = Type::string_map},
    {.name = "labels", .type = Type::string_map},
};
constexpr Object kDockerVolume{"dockerVolumeConfiguration", kDockerVolumeFields};

constexpr Field kEfsAuthorizationFields[] = {{.name = "accessPointId"}, {.name = "iam", .values = kEnabledDisabled}};
constexpr Object kEfsAuthorization{"authorizationConfig", kEfsAuthorizationFields};

constexpr Field kEfsVolumeFields[] = {
    {.name = "fileSystemId", .required = true},
    {.name = "rootDirectory"},
    {.name = "transitEncryption", .values = kEnabledDisabled},
    {.name = "transitEncryptionPort", .type = Type::integer},
    {.name = "authorizationConfig", .type = Type::object, .object = &kEfsAuthorization},
};
constexpr Object kEfsVolume{"efsVolumeConfiguration", kEfsVolumeFields};

constexpr Field kS3FilesVolumeFields[] = {
    {.name = "fileSystemArn", .required = true},
    {.name = "rootDirectory"},
    {.name = "transitEncryptionPort", .type = Type::integer},
    {.name = "accessPointArn"},
};
constexpr Object kS3FilesVolume{"s3filesVolumeConfiguration", kS3FilesVolumeFields};

constexpr Field kFsxAuthorizationFields[] = {{.name = "credentialsParameter", .required = true},
                                             {.name = "domain", .required = true}};
constexpr Object kFsxAuthorization{"authorizationConfig", kFsxAuthorizationFields};

constexpr Field kFsxVolumeFields[] = {
    {.name = "fileSystemId", .required = true},
    {.name = "rootDirectory", .required = true},
    {.name = "authorizationConfig", .type = Type::object, .object = &kFsxAuthorization, .required = true},
};
constexpr Object kFsxVolume{"fsxWindowsFileServerVolumeConfiguration", kFsxVolumeFields};

constexpr Field kVolumeFields[] = {
    {.name = "name"},
    {.name = "host", .type = Type::object, .object = &kHostVolume},
    {.name = "dockerVolumeConfiguration", .type = Type::object, .object = &kDockerVolume},
    {.name = "efsVolumeConfiguration", .type = Type::object, .object = &kEfsVolume},
    {.name = "s3filesVolumeConfiguration", .type = Type::object, .object = &kS3FilesVolume},
    {.name = "fsxWindowsFileServerVolumeConfiguration", .type = Type::object, .object = &kFsxVolume},
    {.name = "configuredAtLaunch", .type = Type::boolean},
};
constexpr Object kVolume{"volume", kVolumeFields};

constexpr Field kPlacementFields[] = {{.name = "type", .values = kPlacementTypes}, {.name = "expression"}};
constexpr Object kPlacement{"placement constraint", kPlacementFields};

constexpr Field kTagFields[] = {{.name = "key"}, {.name = "value"}};
constexpr Object kTag{"tag", kTagFields};

constexpr Field kProxyFields[] = {
    {.name = "type", .values = kProxyTypes},
    {.name = "containerName", .required = true},
    {.name = "properties", .type = Type::object_list, .object = &kKeyValuePair},
};
constexpr Object kProxy{"proxyConfiguration", kProxyFields};

constexpr Field kInferenceAcceleratorFields[] = {{.name = "deviceName", .required = true},
                                                 {.name = "deviceType", .required = true}};
constexpr Object kInferenceAccelerator{"inference accelerator", kInferenceAcceleratorFields};

constexpr Field kEphemeralStorageFields[] = {{.name = "sizeInGiB", .type = Type::integer, .required = true}};
constexpr Object kEphemeralStorage{"ephemeralStorage", kEphemeralStorageFields};

constexpr Field kRuntimePlatformFields[] = {{.name = "cpuArchitecture", .values = kCpuArchitectures},
                                            {.name = "operatingSystemFamily", .values = kOsFamilies}};
constexpr Object kRuntimePlatform{"runtimePlatform", kRuntimePlatformFields};

constexpr Field kAttributeFields[] = {
    {.name = "name", .required = true},
    {.name = "value"},
    {.name = "targetType", .values = kAttributeTargetTypes},
    {.name = "targetId"},
};
constexpr Object kAttribute{"attribute", kAttributeFields};

constexpr Field kTaskFields[] = {
    {.name = "family", .required = true},
    {.name = "taskRoleArn"},
    {.name = "executionRoleArn"},
    {.name = "networkMode", .values = kNetworkModes},
    {.name = "containerDefinitions", .type = Type::object_list, .object = &kContainer, .required = true},
    {.name = "volumes", .type = Type::object_list, .object = &kVolume},
    {.name = "placementConstraints", .type = Type::object_list, .object = &kPlacement},
    {.name = "requiresCompatibilities", .type = Type::string_list, .values = kCompatibilities},
    {.name = "cpu", .type = Type::task_size},
    {.name = "memory", .type = Type::task_size},
    {.name = "tags", .type = Type::object_list, .object = &kTag},
    {.name = "pidMode", .values = kPidModes},
    {.name = "ipcMode", .values = kIpcModes},
    {.name = "proxyConfiguration", .type = Type::object, .object = &kProxy},
    {.name = "inferenceAccelerators", .type = Type::object_list, .object = &kInferenceAccelerator},
    {.name = "ephemeralStorage", .type = Type::object, .object = &kEphemeralStorage},
    {.name = "runtimePlatform", .type = Type::object, .object = &kRuntimePlatform},
    {.name = "enableFaultInjection", .type = Type::boolean},
    // Returned by DescribeTaskDefinition only.
    {.name = "taskDefinitionArn", .read_only = true},
    {.name = "revision", .type = Type::integer, .read_only = true},
    {.name = "status", .values = kStatuses, .read_only = true},
    {.name = "requiresAttributes", .type = Type::object_list, .object = &kAttribute, .read_only = true},
    {.name = "compatibilities", .type = Type::string_list, .values = kCompatibilities, .read_only = true},
    {.name = "registeredAt", .type = Type::timestamp, .read_only = true},
    {.name = "deregisteredAt", .type = Type::timestamp, .read_only = true},
    {.name = "deleteRequestedAt", .type = Type::timestamp, .read_only = true},
    {.name = "registeredBy", .read_only = true},
};
constexpr Object kTask{"task definition", kTaskFields};

constexpr Field kDescribeFields[] = {
    {.name = "taskDefinition", .type = Type::object, .object = &kTask, .required = true},
    {.name = "tags", .type = Type::object_list, .object = &kTag},
};
constexpr Object kDescribe{"describe-task-definition output", kDescribeFields};

}  // namespace

const Field* Object::find(std::string_view key) const {
  for (const Field& field : fields) {
    if (field.name == key) return &field;
  }
  return nullptr;
}

std::vector<std::string_view> Object::names() const {
  std::vector<std::string_view> result;
  result.reserve(fields.size());
  for (const Field& field : fields) result.push_back(field.name);
  return result;
}

const Object& task_definition() { return kTask; }
const Object& describe_output() { return kDescribe; }
const Object& container_definition() { return kContainer; }

std::string_view describe(Type type) {
  switch (type) {
    case Type::string: return "a string";
    case Type::integer: return "an integer";
    case Type::boolean: return "a boolean (true or false)";
    case Type::timestamp: return "a timestamp (a string or a number)";
    case Type::task_size: return "a string";
    case Type::string_list: return "a list of strings";
    case Type::integer_list: return "a list of integers";
    case Type::string_map: return "an object of string values";
    case Type::object: return "an object";
    case Type::object_list: return "a list of objects";
  }
  return "a value";
}

}  // namespace shipshape::ecs::schema
