using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities;

/// <summary>Whether authorization is also compiled into Kubernetes NetworkPolicies, as a second line below the proxies.</summary>
public sealed record NetworkPolicySpec
{
    /// <summary>Enforce or Disabled. Default: <see cref="NetworkPolicyMode.Enforce"/>.</summary>
    [JsonPropertyName("mode")]
    public NetworkPolicyMode? Mode { get; init; }
}
