namespace Mesh.Operator.Entities.CertManager;

/// <summary>Values of <see cref="CertificateSpec.Usages"/> used by Mesh (cert-manager's KeyUsage names).</summary>
public static class CertificateUsages
{
    /// <summary>digital signature.</summary>
    public const string DigitalSignature = "digital signature";

    /// <summary>key encipherment.</summary>
    public const string KeyEncipherment = "key encipherment";

    /// <summary>server auth (TLS server).</summary>
    public const string ServerAuth = "server auth";

    /// <summary>client auth (TLS client).</summary>
    public const string ClientAuth = "client auth";

    /// <summary>The usages of a workload certificate: it serves and calls over mTLS.</summary>
    public static IReadOnlyList<string> Workload { get; } = [DigitalSignature, KeyEncipherment, ServerAuth, ClientAuth];
}
