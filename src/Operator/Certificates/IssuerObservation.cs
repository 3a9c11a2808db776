using Mesh.Operator.Entities.CertManager;

namespace Mesh.Operator.Certificates;

/// <summary>What the reconciler saw of cert-manager and of the issuer the policy names.</summary>
public sealed record IssuerObservation
{
    /// <summary>False when the API server does not serve cert-manager.io/v1 (cert-manager is not installed).</summary>
    public bool CertManagerInstalled { get; init; } = true;

    /// <summary>Whether the Issuer/ClusterIssuer exists; null when it was not looked up (e.g. RBAC forbids it).</summary>
    public bool? Found { get; init; }

    /// <summary>Its status when found.</summary>
    public IssuerStatus? Status { get; init; }
}
