using Mesh.Operator.Runtime;

namespace Mesh.Operator.Reconciliation;

/// <summary>The cert-manager.io/v1 kinds the operator reads and writes.</summary>
internal static class CertificateKinds
{
    public static ResourceKind Certificate { get; } = new() { Group = "cert-manager.io", Version = "v1", Plural = "certificates", Kind = "Certificate" };

    public static ResourceKind Issuer { get; } = new() { Group = "cert-manager.io", Version = "v1", Plural = "issuers", Kind = "Issuer" };

    public static ResourceKind ClusterIssuer { get; } = new() { Group = "cert-manager.io", Version = "v1", Plural = "clusterissuers", Kind = "ClusterIssuer", Namespaced = false };
}
