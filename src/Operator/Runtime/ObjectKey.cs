using k8s;
using k8s.Models;

namespace Mesh.Operator.Runtime;

/// <summary>Identifies one object of a kind: what the work queue holds and what a reconciler receives.</summary>
/// <param name="Namespace">The namespace, or null for a cluster-scoped object.</param>
/// <param name="Name">The object's name.</param>
public readonly record struct ObjectKey(string? Namespace, string Name)
{
    public static ObjectKey Of(IMetadata<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return new ObjectKey(NormalizeNamespace(obj.Metadata?.NamespaceProperty), obj.Metadata?.Name ?? "");
    }

    public static ObjectKey Create(string? @namespace, string name) => new(NormalizeNamespace(@namespace), name);

    public override string ToString() => Namespace is null ? Name : $"{Namespace}/{Name}";

    private static string? NormalizeNamespace(string? ns) => string.IsNullOrEmpty(ns) ? null : ns;
}
