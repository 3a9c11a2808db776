namespace Mesh.Operator.Runtime;

/// <summary>Where a kind lives in the API: enough to build its REST paths without discovery.</summary>
public sealed record ResourceKind
{
    /// <summary>API group; empty for the core group (Services, Pods, Events ...).</summary>
    public required string Group { get; init; }

    /// <summary>API version, for example <c>v1</c> or <c>v1alpha1</c>.</summary>
    public required string Version { get; init; }

    /// <summary>Lowercase plural resource name used in paths, for example <c>meshpolicies</c>.</summary>
    public required string Plural { get; init; }

    /// <summary>The kind, for example <c>MeshPolicy</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>True for namespaced kinds.</summary>
    public bool Namespaced { get; init; } = true;

    /// <summary>
    /// The label selector an informer of this kind lists and watches with; null informs every object. A kind the
    /// operator must read only where it wrote it (Secrets) carries its own label here, so that nobody else's objects
    /// enter its cache (RBAC cannot restrict list/watch by label; this keeps them out of memory at least).
    /// </summary>
    public string? InformerLabelSelector { get; init; }

    /// <summary><c>group/version</c>, or just the version for the core group.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The collection path: all namespaces when <paramref name="namespace"/> is null.</summary>
    public string CollectionPath(string? @namespace = null)
    {
        var root = Group.Length == 0 ? $"api/{Version}" : $"apis/{Group}/{Version}";
        return Namespaced && @namespace is not null
            ? $"{root}/namespaces/{Uri.EscapeDataString(@namespace)}/{Plural}"
            : $"{root}/{Plural}";
    }

    /// <summary>The path of one object.</summary>
    public string ObjectPath(ObjectKey key) => $"{CollectionPath(key.Namespace)}/{Uri.EscapeDataString(key.Name)}";

    public override string ToString() => $"{Plural}.{(Group.Length == 0 ? "core" : Group)}/{Version}";
}
