using k8s;
using k8s.Models;

namespace Mesh.Operator.Runtime;

/// <summary>Maps a child to the owners it names (what <see cref="ControllerBuilder{T}.Owns{TChild}"/> uses).</summary>
public static class OwnerMapping
{
    /// <summary>
    /// The keys of the owners of kind <paramref name="ownerKind"/> named as controller in the child's owner references.
    /// Owner references only point within a namespace (or to cluster-scoped owners), so the child's namespace is used.
    /// </summary>
    public static IEnumerable<ObjectKey> ControllerOwners(IKubernetesObject<V1ObjectMeta> child, ResourceKind ownerKind)
    {
        ArgumentNullException.ThrowIfNull(child);
        ArgumentNullException.ThrowIfNull(ownerKind);
        foreach (var owner in child.Metadata.OwnerReferences ?? [])
        {
            if (owner.Controller == true && owner.Kind == ownerKind.Kind && owner.ApiVersion?.Split('/')[0] == ownerKind.ApiVersion.Split('/')[0])
            {
                yield return ObjectKey.Create(ownerKind.Namespaced ? child.Metadata.NamespaceProperty : null, owner.Name);
            }
        }
    }
}
