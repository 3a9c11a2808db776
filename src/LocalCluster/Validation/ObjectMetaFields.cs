namespace Mesh.LocalCluster.Validation;

/// <summary>The fields of meta/v1 ObjectMeta: everything else under metadata is dropped when decoding, as unknown.</summary>
internal static class ObjectMetaFields
{
    public static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers",
        "managedFields",
    };
}
