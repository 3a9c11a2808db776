using Mesh.Operator.Certificates;
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
    /// <summary>What is known of cert-manager and of the policy's issuerRef: whether it exists and its status.</summary>
    public IssuerObservation Observe(MeshPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!Certificates.Served)
        {
            return new IssuerObservation { CertManagerInstalled = false };
        }
        if (policy.Spec.Mtls?.Certificates?.IssuerRef is not { } issuerRef)
        {
            return new IssuerObservation();
        }
        return MeshPolicyDefaults.KindOf(issuerRef) == IssuerKind.ClusterIssuer
            ? Lookup(ClusterIssuers, null, issuerRef.Name)
            : Lookup(Issuers, policy.Metadata.NamespaceProperty, issuerRef.Name);
    }

    /// <summary>Unknown (not Found=false) while the kind is not served: nothing could be looked up.</summary>
    private static IssuerObservation Lookup<T>(Informer<T> informer, string? ns, string name)
        where T : IssuerResource
    {
        if (!informer.Served)
        {
            return new IssuerObservation();
        }
        var issuer = informer.Cache.Get(ns, name);
        return new IssuerObservation { Found = issuer is not null, Status = issuer?.Status };
    }

    /// <summary>The policies whose issuerRef names <paramref name="issuer"/> (wakes them when it comes or goes).</summary>
    public static bool References(MeshPolicy policy, string? issuerNamespace, string issuerName, IssuerKind kind) =>
        policy.Spec.Mtls?.Certificates?.IssuerRef is { } issuerRef
        && issuerRef.Name == issuerName
        && MeshPolicyDefaults.KindOf(issuerRef) == kind
        && (kind == IssuerKind.ClusterIssuer || policy.Metadata.NamespaceProperty == issuerNamespace);
}
