using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities.CertManager;

/// <summary>cert-manager's SecretKeySelector: a Secret and optionally a key in it.</summary>
public sealed record SecretKeySelector
{
    /// <summary>The Secret name. Required.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The key in the Secret; defaulted per use.</summary>
    [JsonPropertyName("key")]
    public string? Key { get; init; }
}
