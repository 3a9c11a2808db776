namespace Mesh.XdsServer.Model;

/// <summary>Load balancing of a service.</summary>
public sealed record LoadBalancingPolicy
{
    /// <summary>Algorithm. Default RoundRobin.</summary>
    public LoadBalancingAlgorithm Algorithm { get; init; } = LoadBalancingAlgorithm.RoundRobin;

    /// <summary>What RingHash/Maglev hash on. Null = nothing (every request lands anywhere on the ring).</summary>
    public HashOn? HashOn { get; init; }

    /// <summary>Prefer endpoints in the client's zone, then region, then anywhere (EDS priorities).
    /// Applied only with outlier detection, which is what moves traffic away from a failing locality. Default false.</summary>
    public bool LocalityFailover { get; init; }
}
