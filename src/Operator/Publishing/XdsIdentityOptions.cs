namespace Mesh.Operator.Publishing;

/// <summary>Who the operator is on the mTLS xDS port (its server certificate's SPIFFE id and names).</summary>
public sealed record XdsIdentityOptions
{
    /// <summary>Trust domain of the operator's SPIFFE id. Default <c>cluster.local</c>.</summary>
    public string TrustDomain { get; init; } = "cluster.local";

    /// <summary>The operator's ServiceAccount. Default <c>mesh-operator</c> (config/rbac).</summary>
    public string ServiceAccount { get; init; } = "mesh-operator";

    /// <summary>More DNS names for the server certificate (local mode adds <c>localhost</c>). Default none.</summary>
    public IReadOnlyList<string> ExtraDnsNames { get; init; } = [];
}
