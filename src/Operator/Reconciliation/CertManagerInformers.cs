using Mesh.Operator.Entities;
using Mesh.Operator.Entities.CertManager;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Reconciliation;

/// <summary>
/// The cert-manager kinds the operator reads, from informers rather than per-reconcile API calls. cert-manager is
/// optional: while its CRDs are absent the informers are synced and empty and <see cref="Informer{T}.Served"/> is false.
/// </summary>
internal sealed record CertManagerInformers(
    Informer<Certificate> Certificates,
    Informer<Issuer> Issuers,
    Informer<ClusterIssuer> ClusterIssuers)
{
    /// <summary>Whether the policy's issuerRef exists; null when it names none or its kind is not served.</summary>
    public bool? IssuerExists(MeshPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Spec.Mtls?.Certificates?.IssuerRef is not { } issuerRef)
        {
            return null;
        }
        if (MeshPolicyDefaults.KindOf(issuerRef) == IssuerKind.ClusterIssuer)
        {
            return ClusterIssuers.Served ? ClusterIssuers.Cache.Get(null, issuerRef.Name) is not null : null;
        }
        return Issuers.Served ? Issuers.Cache.Get(policy.Metadata.NamespaceProperty, issuerRef.Name) is not null : null;
    }

    /// <summary>The policies whose issuerRef names <paramref name="issuer"/> (wakes them when it comes or goes).</summary>
    public static bool References(MeshPolicy policy, string? issuerNamespace, string issuerName, IssuerKind kind) =>
        policy.Spec.Mtls?.Certificates?.IssuerRef is { } issuerRef
        && issuerRef.Name == issuerName
        && MeshPolicyDefaults.KindOf(issuerRef) == kind
        && (kind == IssuerKind.ClusterIssuer || policy.Metadata.NamespaceProperty == issuerNamespace);
}
