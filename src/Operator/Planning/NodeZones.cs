using k8s;
using k8s.Models;

namespace Mesh.Operator.Planning;

/// <summary>
/// A pod's zone as a mesh takes it: from the endpoint that targets it when the EndpointSlice controller wrote one,
/// else from the topology.kubernetes.io/zone label of the Node it runs on (spec.nodeName), as kube-proxy and Istio read
/// it (pure).
/// </summary>
public static class NodeZones
{
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    /// <summary>Node name -> zone, for the nodes that carry a non-empty zone label.</summary>
    public static IReadOnlyDictionary<string, string> Of(IEnumerable<IMetadata<V1ObjectMeta>> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var zones = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (node.Metadata?.Name is { } name && node.Metadata.Labels?.TryGetValue(ZoneLabel, out var zone) == true && zone is { Length: > 0 })
            {
                zones[name] = zone;
            }
        }

        return zones;
    }

    /// <summary>The endpoint's own zone, else its node's (the endpoint's nodeName, else the pod's), else "".</summary>
    public static string Resolve(string? endpointZone, string? nodeName, IReadOnlyDictionary<string, string> nodeZones)
    {
        ArgumentNullException.ThrowIfNull(nodeZones);
        if (endpointZone is { Length: > 0 })
        {
            return endpointZone;
        }

        return nodeName is { Length: > 0 } && nodeZones.TryGetValue(nodeName, out var zone) ? zone : "";
    }
}
