using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>How a client-side proxy picks an endpoint of the Service.</summary>
[CelRule("!has(self.hashOn) || (has(self.algorithm) && self.algorithm in ['RingHash', 'Maglev'])",
    "hashOn is only allowed with algorithm RingHash or Maglev",
    FieldPath = ".hashOn", Name = "hash-on-only-with-hash-algorithm")]
public sealed record LoadBalancingPolicy
{
    /// <summary>The algorithm. Default: <see cref="LoadBalancingAlgorithm.RoundRobin"/>. Proxyless gRPC clients implement RoundRobin and RingHash only and use RoundRobin for the others.</summary>
    [JsonPropertyName("algorithm")]
    public LoadBalancingAlgorithm? Algorithm { get; init; }

    /// <summary>The request property hashed by RingHash or Maglev. Default: none (a random hash per request).</summary>
    [JsonPropertyName("hashOn")]
    public HashOn? HashOn { get; init; }

    /// <summary>Prefer endpoints in the client's locality; fail over to others when they are unhealthy. Default: true.</summary>
    [JsonPropertyName("localityFailover")]
    public bool? LocalityFailover { get; init; }
}
