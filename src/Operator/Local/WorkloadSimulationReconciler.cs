using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Local;

/// <summary>
/// Local mode only: keeps the simulated Pods and EndpointSlices of one namespace (the key) equal to what
/// <see cref="WorkloadSimulator"/> says. Writes only what differs, so a quiet namespace costs no API calls.
/// </summary>
internal sealed class WorkloadSimulationReconciler(
    KubeApi api,
    ObjectCache<V1Deployment> deployments,
    ObjectCache<V1Job> jobs,
    ObjectCache<V1Service> services,
    ObjectCache<V1Pod> pods,
    ObjectCache<V1EndpointSlice> slices,
    TimeProvider time) : IReconciler
{
    private readonly Lock _nodesGate = new();
    private Task? _nodes;

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        // The simulated pods name their Nodes: register those once, before the first pod.
        Task nodes;
        lock (_nodesGate)
        {
            nodes = _nodes is { IsFaulted: false, IsCanceled: false } registered ? registered : _nodes = RegisterNodesAsync(ct);
        }

        await nodes.ConfigureAwait(false);
        var ns = key.Name;
        var desired = WorkloadSimulator.Simulate(deployments.ListByNamespace(ns), jobs.ListByNamespace(ns), services.ListByNamespace(ns));

        var ownedPods = pods.ListByNamespace(ns).Where(p => p.Metadata.OwnerReferences?.Any(o => o.Kind is "Deployment" or "Job") == true).ToList();
        foreach (var pod in desired.Pods.Where(p => ownedPods.All(o => o.Metadata.Name != p.Metadata.Name)))
        {
            var status = pod.Status;
            pod.Status = null;
            // The stored pod, not the template: admission added the proxy, whose status counts in READY.
            var stored = await IgnoreConflictAsync(() => api.CreateAsync(ResourceKinds.Pod, pod, ct)).ConfigureAwait(false) ?? pod;
            status = SimulatedPodStatus.Of(stored, status ?? new V1PodStatus(), time.GetUtcNow().UtcDateTime);
            var patch = new JsonObject { ["status"] = JsonNode.Parse(KubernetesJson.Serialize(status)) };
            await api.MergePatchAsync<V1Pod>(ResourceKinds.Pod, ObjectKey.Of(pod), patch.ToJsonString(), "status", ct).ConfigureAwait(false);
        }
        foreach (var stale in ownedPods.Where(o => desired.Pods.All(p => p.Metadata.Name != o.Metadata.Name)))
        {
            await DeleteAsync(ResourceKinds.Pod, stale, ct).ConfigureAwait(false);
        }

        var ownedSlices = slices.ListByNamespace(ns)
            .Where(s => Reconciliation.Labels.Of(s, "endpointslice.kubernetes.io/managed-by") == WorkloadSimulator.ManagedBy).ToList();
        foreach (var slice in desired.EndpointSlices)
        {
            var existing = ownedSlices.FirstOrDefault(s => s.Metadata.Name == slice.Metadata.Name);
            if (existing is null)
            {
                await IgnoreConflictAsync(() => api.CreateAsync(ResourceKinds.EndpointSlice, slice, ct)).ConfigureAwait(false);
            }
            else if (KubernetesJson.Serialize(existing.Endpoints) != KubernetesJson.Serialize(slice.Endpoints)
                     || KubernetesJson.Serialize(existing.Ports) != KubernetesJson.Serialize(slice.Ports))
            {
                slice.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
                await api.ReplaceAsync(ResourceKinds.EndpointSlice, slice, ct).ConfigureAwait(false);
            }
        }
        foreach (var stale in ownedSlices.Where(o => desired.EndpointSlices.All(s => s.Metadata.Name != o.Metadata.Name)))
        {
            await DeleteAsync(ResourceKinds.EndpointSlice, stale, ct).ConfigureAwait(false);
        }
        return ReconcileResult.Done;
    }

    /// <summary>Creates the simulated Nodes that are missing and writes their status (Ready, capacity, addresses).</summary>
    private async Task RegisterNodesAsync(CancellationToken ct)
    {
        foreach (var (name, zone) in SimulatedNodes.All)
        {
            var (node, status) = SimulatedNodes.Object(name, zone);
            await IgnoreConflictAsync(() => api.CreateAsync(ResourceKinds.Node, node, ct)).ConfigureAwait(false);
            var patch = new JsonObject { ["status"] = JsonNode.Parse(KubernetesJson.Serialize(status)) };
            await api.MergePatchAsync<V1Node>(ResourceKinds.Node, ObjectKey.Create(null, name), patch.ToJsonString(), "status", ct).ConfigureAwait(false);
        }
    }

    private async Task DeleteAsync<T>(ResourceKind kind, T obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        try
        {
            await api.SendForStringAsync(HttpMethod.Delete, kind.ObjectPath(ObjectKey.Of(obj)), null, null, ct).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Gone already.
        }
    }

    private static async Task<T?> IgnoreConflictAsync<T>(Func<Task<T>> create)
        where T : class
    {
        try
        {
            return await create().ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            // Created by an earlier pass whose event the cache has not seen yet.
            return null;
        }
    }
}
