using k8s;
using k8s.Models;

namespace Mesh.Operator.Reconciliation;

/// <summary>Reads one label of an object (labels may be absent altogether).</summary>
internal static class Labels
{
    public static string? Of(IKubernetesObject<V1ObjectMeta> obj, string key) =>
        obj.Metadata?.Labels is { } labels && labels.TryGetValue(key, out var value) ? value : null;
}
