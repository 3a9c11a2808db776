using k8s.Models;
using Mesh.XdsServer.Model;

namespace Mesh.Operator.Planning;

/// <summary>
/// Reads a Service's endpoints from its EndpointSlices: ready endpoints only (a missing ready condition means ready,
/// as in discovery.k8s.io/v1), labels from the Pod each endpoint targets (subset membership), locality from the zone
/// (the endpoint's, else its Node's: <see cref="NodeZones"/>).
/// </summary>
internal static class EndpointCollector
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    /// <param name="meshedPods">Names of the pods the policy selects: they run a sidecar, so callers use mTLS to them.</param>
    public static IReadOnlyList<ServiceEndpoint> Collect(V1Service service, IEnumerable<V1EndpointSlice> slices,
        IReadOnlyDictionary<string, V1Pod> podsByName, IReadOnlySet<string> meshedPods, IReadOnlyDictionary<string, string>? nodeZones = null)
    {
        nodeZones ??= new Dictionary<string, string>(StringComparer.Ordinal);
        var result = new List<ServiceEndpoint>();
        var servicePorts = service.Spec?.Ports ?? [];
        foreach (var slice in slices.OrderBy(s => s.Metadata.Name, StringComparer.Ordinal))
        {
            var ports = MapPorts(servicePorts, slice.Ports ?? []);
            foreach (var endpoint in slice.Endpoints ?? [])
            {
                if (endpoint.Conditions?.Ready == false || endpoint.Addresses is not { Count: > 0 })
                {
                    continue;
                }
                V1Pod? pod = null;
                if (endpoint.TargetRef is { Kind: "Pod" } target)
                {
                    podsByName.TryGetValue(target.Name, out pod);
                }
                result.Add(new ServiceEndpoint
                {
                    Address = endpoint.Addresses[0],
                    Ports = ports,
                    Zone = NodeZones.Resolve(endpoint.Zone, endpoint.NodeName ?? pod?.Spec?.NodeName, nodeZones),
                    Ready = true,
                    Labels = pod?.Metadata?.Labels is { } labels ? new Dictionary<string, string>(labels) : new Dictionary<string, string>(),
                    PodName = pod?.Metadata?.Name ?? endpoint.TargetRef?.Name ?? "",
                    Meshed = pod is not null && meshedPods.Contains(pod.Metadata.Name),
                });
            }
        }
        return result
            .OrderBy(e => e.Address, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Service port -> endpoint port, matched by port name as the EndpointSlice controller writes them.</summary>
    private static Dictionary<int, int> MapPorts(IList<V1ServicePort> servicePorts, IList<Discoveryv1EndpointPort> slicePorts)
    {
        var map = new Dictionary<int, int>();
        foreach (var servicePort in servicePorts)
        {
            var match = slicePorts.FirstOrDefault(p => (p.Name ?? "") == (servicePort.Name ?? ""));
            if (match?.Port is { } port)
            {
                map[servicePort.Port] = port;
            }
        }
        return map;
    }
}
