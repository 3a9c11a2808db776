using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>A cert-manager issuer (cmmeta.ObjectReference).</summary>
public sealed record IssuerReference
{
    /// <summary>The Issuer or ClusterIssuer name. Required.</summary>
    [JsonPropertyName("name")]
    [Length(Min = 1, Max = 253)]
    public required string Name { get; init; }

    /// <summary>Issuer (in the policy's namespace) or ClusterIssuer. Default: <see cref="IssuerKind.Issuer"/>.</summary>
    [JsonPropertyName("kind")]
    [SchemaDefault("Issuer")]
    public IssuerKind? Kind { get; init; }

    /// <summary>The issuer's API group. Default: <c>cert-manager.io</c>.</summary>
    [JsonPropertyName("group")]
    [SchemaDefault("cert-manager.io")]
    [Length(Max = 253)]
    public string? Group { get; init; }
}
