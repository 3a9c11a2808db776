namespace Mesh.Operator.Entities;

/// <summary>Labels and annotations the operator puts on what it generates, and the pod label users put on members.</summary>
public static class MeshLabels
{
    /// <summary>The standard managed-by label key.</summary>
    public const string ManagedBy = "app.kubernetes.io/managed-by";

    /// <summary>The managed-by value on everything the operator generates; its selectors find them by it.</summary>
    public const string ManagedByValue = "mesh-operator";

    /// <summary>The name of the MeshPolicy (in the object's namespace) that generated an object.</summary>
    public const string Policy = "mesh.dev/policy";

    /// <summary>The conventional pod label users select members by (<c>mesh.dev/member: "true"</c>).</summary>
    public const string Member = "mesh.dev/member";

    /// <summary>The finalizer on a MeshPolicy: removed after what the policy generated is deleted.</summary>
    public const string Finalizer = "mesh.dev/cleanup";

    /// <summary>The field manager name for server-side apply.</summary>
    public const string FieldManager = "mesh-operator";

    /// <summary>The labels every generated object carries.</summary>
    /// <param name="policyName">The generating MeshPolicy's name.</param>
    public static IReadOnlyDictionary<string, string> ForPolicy(string policyName)
    {
        ArgumentException.ThrowIfNullOrEmpty(policyName);
        return new Dictionary<string, string>(2, StringComparer.Ordinal)
        {
            [ManagedBy] = ManagedByValue,
            [Policy] = policyName,
        };
    }
}
