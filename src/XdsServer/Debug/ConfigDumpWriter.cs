using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Status;

namespace Mesh.XdsServer.Debug;

/// <summary>
/// Writes what a proxy ACKed in the shape of Envoy's /config_dump (envoy.admin.v3.*ConfigDump), so the output reads
/// like `istioctl proxy-config` and tools that know that shape can consume it.
/// </summary>
internal static class ConfigDumpWriter
{
    private static readonly JsonFormatter Formatter =
        new(JsonFormatter.Settings.Default.WithTypeRegistry(EnvoyTypeRegistry.Instance));

    public static void Write(Utf8JsonWriter json, ProxyStatus status, IReadOnlyList<AckedTypeConfig> config)
    {
        json.WriteStartObject();
        json.WriteString("node_id", status.NodeId);
        json.WriteString("key", status.Key);
        json.WriteStartArray("configs");
        foreach (var type in config)
        {
            WriteType(json, type);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteType(Utf8JsonWriter json, AckedTypeConfig type)
    {
        var (dumpType, listName, itemName) = type.TypeUrl switch
        {
            TypeUrls.Cluster => ("ClustersConfigDump", "dynamic_active_clusters", "cluster"),
            TypeUrls.Endpoint => ("EndpointsConfigDump", "dynamic_endpoint_configs", "endpoint_config"),
            TypeUrls.Listener => ("ListenersConfigDump", "dynamic_listeners", "listener"),
            TypeUrls.Route => ("RoutesConfigDump", "dynamic_route_configs", "route_config"),
            _ => ("SecretsConfigDump", "dynamic_active_secrets", "secret"),
        };

        json.WriteStartObject();
        json.WriteString("@type", "type.googleapis.com/envoy.admin.v3." + dumpType);
        json.WriteString("version_info", type.Version);
        json.WriteStartArray(listName);
        foreach (var resource in type.Resources)
        {
            json.WriteStartObject();
            json.WriteString("name", resource.Name);
            json.WriteString("version_info", resource.Version);
            json.WritePropertyName(itemName);
            json.WriteRawValue(Formatter.Format(Any.Pack(SecretRedactor.Redact(resource.Message))));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
