using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>What the operator observed about a <see cref="MeshPolicy"/>. Written only by the operator, through the status subresource.</summary>
public sealed record MeshPolicyStatus
{
    /// <summary>The metadata.generation this status describes.</summary>
    [JsonPropertyName("observedGeneration")]
    [Minimum(0)]
    public long? ObservedGeneration { get; init; }

    /// <summary>Conditions keyed by type (<see cref="ConditionTypes"/>); Ready summarizes the others.</summary>
    [JsonPropertyName("conditions")]
    [Length(Max = 16)]
    [ListMap("type")]
    public IList<Condition>? Conditions { get; init; }

    /// <summary>Pods selected, injected and running the current sidecar template.</summary>
    [JsonPropertyName("workloads")]
    public WorkloadsStatus? Workloads { get; init; }

    /// <summary>Connected proxies and their answers to the current configuration.</summary>
    [JsonPropertyName("proxies")]
    public ProxiesStatus? Proxies { get; init; }

    /// <summary>The most recent configuration a proxy rejected (NACK), or null when none did.</summary>
    [JsonPropertyName("lastRejection")]
    public ProxyRejection? LastRejection { get; init; }
}
