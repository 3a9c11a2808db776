using k8s;
using k8s.Models;

namespace Mesh.Operator.Runtime;

/// <summary>Which cache changes wake a reconcile.</summary>
public static class ChangePredicates
{
    /// <summary>
    /// For the controller's own kind: adds, deletes, spec changes (generation), and metadata a reconciler acts on
    /// (labels, annotations, finalizers, deletion). A status-only write, the reconciler's own among them, wakes nothing
    /// (controller-runtime's GenerationChangedPredicate, plus the metadata it would miss). Kinds without a generation
    /// wake on every new resourceVersion.
    /// </summary>
    public static bool PrimaryChanged<T>(T? oldObject, T? newObject)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (oldObject is null || newObject is null)
        {
            return true;
        }

        var o = oldObject.Metadata;
        var n = newObject.Metadata;
        if (o.ResourceVersion == n.ResourceVersion)
        {
            return false;
        }

        if (n.Generation is null)
        {
            return true;
        }

        return o.Generation != n.Generation
            || o.DeletionTimestamp != n.DeletionTimestamp
            || !SameMap(o.Labels, n.Labels)
            || !SameMap(o.Annotations, n.Annotations)
            || !(o.Finalizers ?? []).SequenceEqual(n.Finalizers ?? []);
    }

    /// <summary>For watched kinds: every new version counts.</summary>
    public static bool AnyChange<T>(T? oldObject, T? newObject)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        oldObject is null || newObject is null || oldObject.Metadata.ResourceVersion != newObject.Metadata.ResourceVersion;

    private static bool SameMap(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        return a is null || a.All(kv => b!.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }
}
