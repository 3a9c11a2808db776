using System.Text.Json;
using Mesh.XdsServer.Contract;

namespace Mesh.Meshctl.Proxies;

/// <summary>One connected proxy as an operator replica's /debug/xds/proxies reports it.</summary>
internal sealed record ProxyEntry
{
    /// <summary>The operator pod whose xDS server holds the stream.</summary>
    public required string Replica { get; init; }

    public required string NodeId { get; init; }

    /// <summary>"sotw" or "delta".</summary>
    public required string Api { get; init; }

    public required string ConnectedAt { get; init; }

    /// <summary>Per type short name (CDS, LDS, EDS, RDS, SDS): where the proxy stands; a type it never asked for is absent.</summary>
    public required IReadOnlyDictionary<string, TypeEntry> Types { get; init; }

    /// <summary>The pod for a sidecar node id; null for a proxyless client.</summary>
    public PodName? Pod => SidecarNodeId.TryParse(NodeId, out _) is { } id ? new PodName(id.Pod, id.Namespace) : null;

    /// <summary>POD.NAMESPACE for a sidecar, else the node id.</summary>
    public string DisplayName => Pod?.ToString() ?? NodeId;

    /// <summary>The state of a type as istioctl names it: a type never subscribed is NOT SENT.</summary>
    public string StateOf(string type) => Types.TryGetValue(type, out var t) ? t.State : "NOT SENT";

    public static IReadOnlyList<ProxyEntry> Parse(string replica, string json)
    {
        using var doc = JsonDocument.Parse(json);
        var result = new List<ProxyEntry>();
        foreach (var proxy in doc.RootElement.GetProperty("proxies").EnumerateArray())
        {
            var types = new Dictionary<string, TypeEntry>(StringComparer.Ordinal);
            foreach (var type in proxy.GetProperty("types").EnumerateObject())
            {
                types[type.Name] = TypeEntry.Parse(type.Value);
            }
            result.Add(new ProxyEntry
            {
                Replica = replica,
                NodeId = proxy.GetProperty("nodeId").GetString() ?? "",
                Api = Text(proxy, "api") ?? "sotw",
                ConnectedAt = Text(proxy, "connectedAt") ?? "",
                Types = types,
            });
        }
        return result;
    }

    internal static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
