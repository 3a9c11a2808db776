using k8s.Models;
using Mesh.Operator.Planning;
using Mesh.XdsServer.Model;

namespace Mesh.Operator.Publishing;

/// <summary>
/// Builds the workload index of one namespace for the xDS server (pure): every live pod with its IP, labels,
/// ServiceAccount and zone. The zone comes from the EndpointSlice endpoints that target the pod (the
/// EndpointSlice controller copies it from the pod's Node), else from the pod's Node itself (a pod no Service selects
/// has no endpoint; <see cref="NodeZones"/>).
/// </summary>
public static class WorkloadIndexBuilder
{
    public static IReadOnlyList<Workload> Build(NamespaceState state, string policyName, IReadOnlyCollection<string> selectedPods)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(selectedPods);
        var zones = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var slice in state.EndpointSlices)
        {
            foreach (var endpoint in slice.Endpoints ?? [])
            {
                if (endpoint.TargetRef is { Kind: "Pod", Name: { } pod } && endpoint.Zone is { Length: > 0 } zone)
                {
                    zones.TryAdd(pod, zone);
                }
            }
        }

        var selected = selectedPods as IReadOnlySet<string> ?? selectedPods.ToHashSet(StringComparer.Ordinal);
        return state.Pods
            .Where(p => p.Metadata.DeletionTimestamp is null)
            .OrderBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .Select(p => new Workload
            {
                Name = p.Metadata.Name,
                Namespace = state.Namespace,
                Ip = p.Status?.PodIP ?? "",
                Labels = p.Metadata.Labels is { } labels ? new Dictionary<string, string>(labels) : new Dictionary<string, string>(),
                ServiceAccount = p.Spec?.ServiceAccountName is { Length: > 0 } sa ? sa : "default",
                Locality = NodeZones.Resolve(zones.GetValueOrDefault(p.Metadata.Name), p.Spec?.NodeName, state.NodeZones) is { Length: > 0 } zone
                    ? new Locality { Zone = zone }
                    : Locality.None,
                Policy = selected.Contains(p.Metadata.Name) ? policyName : null,
            })
            .ToList();
    }
}
