using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities.CertManager;

/// <summary>cert-manager's IssuerSpec (shared by Issuer and ClusterIssuer), minimal: the issuer types Mesh recognizes.</summary>
public sealed record IssuerSpec
{
    /// <summary>Sign with a CA key pair from a Secret.</summary>
    [JsonPropertyName("ca")]
    public CaIssuer? Ca { get; init; }

    /// <summary>Self-sign each certificate (useful only to bootstrap a CA).</summary>
    [JsonPropertyName("selfSigned")]
    public SelfSignedIssuer? SelfSigned { get; init; }

    /// <summary>An ACME server (cannot issue SPIFFE URI certificates; Mesh reports it as unsuitable).</summary>
    [JsonPropertyName("acme")]
    public AcmeIssuer? Acme { get; init; }
}
