using Mesh.Operator.Entities.CertManager;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Reconciliation;

/// <summary>The cert-manager.io/v1 kinds the operator reads and writes.</summary>
internal static class CertificateKinds
{
    public static ResourceKind Certificate { get; } = Of(Entities.CertManager.Certificate.KubePluralName, Entities.CertManager.Certificate.KubeKind);

    public static ResourceKind Issuer { get; } = Of(Entities.CertManager.Issuer.KubePluralName, Entities.CertManager.Issuer.KubeKind);

    public static ResourceKind ClusterIssuer { get; } =
        Of(Entities.CertManager.ClusterIssuer.KubePluralName, Entities.CertManager.ClusterIssuer.KubeKind) with { Namespaced = false };

    private static ResourceKind Of(string plural, string kind) =>
        new() { Group = Entities.CertManager.Certificate.KubeGroup, Version = Entities.CertManager.Certificate.KubeApiVersion, Plural = plural, Kind = kind };
}
