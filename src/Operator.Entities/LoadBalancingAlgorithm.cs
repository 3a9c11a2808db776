using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities;

/// <summary>A load balancing algorithm (Envoy's lb_policy).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LoadBalancingAlgorithm>))]
public enum LoadBalancingAlgorithm
{
    /// <summary>Each endpoint in turn. The default.</summary>
    RoundRobin,

    /// <summary>The endpoint with fewer active requests of two picked at random.</summary>
    LeastRequest,

    /// <summary>A random endpoint.</summary>
    Random,

    /// <summary>Consistent hashing on a ring (Ketama); see <see cref="LoadBalancingPolicy.HashOn"/>.</summary>
    RingHash,

    /// <summary>Consistent hashing with Maglev tables; see <see cref="LoadBalancingPolicy.HashOn"/>.</summary>
    Maglev,
}
