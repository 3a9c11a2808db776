namespace Mesh.XdsServer.Model;

/// <summary>How a client picks an endpoint.</summary>
public enum LoadBalancingAlgorithm
{
    /// <summary>Round robin (the default).</summary>
    RoundRobin,
    /// <summary>Least request (power of two choices). Not implemented by proxyless gRPC clients.</summary>
    LeastRequest,
    /// <summary>Random.</summary>
    Random,
    /// <summary>Consistent hashing on a ring; needs <see cref="LoadBalancingPolicy.HashOn"/>.</summary>
    RingHash,
    /// <summary>Maglev consistent hashing; needs HashOn. Not implemented by proxyless gRPC clients.</summary>
    Maglev,
}
