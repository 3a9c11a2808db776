using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>Mutual TLS between meshed workloads, with SPIFFE identities <c>spiffe://&lt;trustDomain&gt;/ns/&lt;namespace&gt;/sa/&lt;serviceAccount&gt;</c>.</summary>
public sealed record MtlsSpec
{
    /// <summary>Whether inbound plaintext is accepted. Default: <see cref="MtlsMode.Permissive"/>.</summary>
    [JsonPropertyName("mode")]
    public MtlsMode? Mode { get; init; }

    /// <summary>The SPIFFE trust domain. Default: <c>cluster.local</c>.</summary>
    [JsonPropertyName("trustDomain")]
    [Length(Min = 1, Max = 253)]
    [Pattern("^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$")]
    public string? TrustDomain { get; init; }

    /// <summary>Where workload certificates come from. Default: built-in CA, 24h certificates renewed 12h before expiry.</summary>
    [JsonPropertyName("certificates")]
    public CertificatesSpec? Certificates { get; init; }
}
