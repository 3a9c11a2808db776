using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Injection;

/// <summary>
/// Pods annotated <c>proxy.mesh.dev/mode: proxyless-grpc</c>: no Envoy and no capture; each app container gets the
/// gRPC xDS bootstrap instead. The bootstrap goes in GRPC_XDS_BOOTSTRAP_CONFIG (read by grpc-js-xds and C-core when
/// GRPC_XDS_BOOTSTRAP is unset) so that the kubelet expands the pod's own node id into it from the downward API
/// variables added before it: no init container and no file to write. It holds the node id (the sidecar format, which
/// the xDS server resolves to the pod; the gRPC user agent makes it proxyless), the server listener template (gRFC
/// A36), the file_watcher certificate provider on the workload certificate Secret (mounted like a sidecar's), and the
/// plaintext xDS port (grpc-js-xds knows only insecure and google_default channel credentials).
/// Under a Strict policy the pod also gets the tlsMode label, as sidecars must then originate mTLS to its servers.
/// </summary>
public static class ProxylessInjection
{
    /// <summary>The variable holding the bootstrap JSON.</summary>
    public const string BootstrapConfigVariable = "GRPC_XDS_BOOTSTRAP_CONFIG";

    /// <summary>True when the pod asks for proxyless gRPC.</summary>
    public static bool Requested(V1Pod pod) =>
        pod.Metadata?.Annotations?.TryGetValue(SidecarContract.ProxyModeAnnotation, out var mode) == true && mode == SidecarContract.ProxyModeProxylessGrpc;

    /// <summary>True when some container already carries a gRPC bootstrap (this injection, or the user's own).</summary>
    public static bool IsInjected(V1Pod pod) =>
        (pod.Spec?.Containers ?? []).Any(c => (c.Env ?? []).Any(e => e.Name is BootstrapConfigVariable or "GRPC_XDS_BOOTSTRAP"));

    /// <summary>The bootstrap JSON, with <c>$(POD_IP)</c>, <c>$(POD_NAME)</c> and <c>$(POD_NAMESPACE)</c> for the kubelet to expand.</summary>
    public static string Bootstrap(string controlPlaneNamespace = SidecarContract.ControlPlaneNamespace)
    {
        var certificates = SidecarContract.CertificateDirectory;
        var bootstrap = new JsonObject
        {
            ["xds_servers"] = new JsonArray(new JsonObject
            {
                ["server_uri"] = $"{SidecarContract.XdsHost(controlPlaneNamespace)}:{SidecarContract.XdsPlaintextPort}",
                ["channel_creds"] = new JsonArray(new JsonObject { ["type"] = "insecure" }),
                ["server_features"] = new JsonArray(),
            }),
            // grpc-js-xds needs a locality, even an empty one.
            ["node"] = new JsonObject { ["id"] = SidecarContract.NodeIdFromEnvironment, ["locality"] = new JsonObject() },
            ["server_listener_resource_name_template"] = SidecarContract.ProxylessServerListenerTemplate,
            ["certificate_providers"] = new JsonObject
            {
                // The instance name the translator's proxyless TLS contexts ask for.
                ["default"] = new JsonObject
                {
                    ["plugin_name"] = "file_watcher",
                    ["config"] = new JsonObject
                    {
                        ["certificate_file"] = $"{certificates}/{SidecarContract.CertificateFile}",
                        ["private_key_file"] = $"{certificates}/{SidecarContract.PrivateKeyFile}",
                        ["ca_certificate_file"] = $"{certificates}/{SidecarContract.TrustBundleFile}",
                        ["refresh_interval"] = "600s",
                    },
                },
            },
        };
        return bootstrap.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    /// <summary>Patch operations adding the bootstrap, the downward API variables and the certificate mount to every app container.</summary>
    public static IEnumerable<JsonObject> ContainerOps(JsonObject podJson, V1Pod pod, Func<V1EnvVar, JsonNode> json, Func<V1VolumeMount, JsonNode> mountJson)
    {
        var containers = pod.Spec?.Containers ?? [];
        for (var i = 0; i < containers.Count; i++)
        {
            var env = new List<V1EnvVar>
            {
                FieldEnv("POD_NAME", "metadata.name"),
                FieldEnv("POD_NAMESPACE", "metadata.namespace"),
                FieldEnv("POD_IP", "status.podIP"),
                new() { Name = BootstrapConfigVariable, Value = Bootstrap() },
            };
            var mount = new V1VolumeMount { Name = SidecarContainers.CertificateVolume, MountPath = SidecarContract.CertificateDirectory, ReadOnlyProperty = true };
            var existing = podJson["spec"]?["containers"]?[i];
            foreach (var op in Append(existing?["env"], $"/spec/containers/{i}/env", env.Select(json)))
            {
                yield return op;
            }

            foreach (var op in Append(existing?["volumeMounts"], $"/spec/containers/{i}/volumeMounts", [mountJson(mount)]))
            {
                yield return op;
            }
        }
    }

    private static IEnumerable<JsonObject> Append(JsonNode? existing, string path, IEnumerable<JsonNode> items)
    {
        if (existing is JsonArray)
        {
            foreach (var item in items)
            {
                yield return Op(path + "/-", item);
            }
        }
        else
        {
            yield return Op(path, new JsonArray(items.ToArray()));
        }
    }

    private static JsonObject Op(string path, JsonNode value) => new() { ["op"] = "add", ["path"] = path, ["value"] = value };

    private static V1EnvVar FieldEnv(string name, string path) =>
        new() { Name = name, ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = path } } };
}
