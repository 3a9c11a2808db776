using Mesh.Operator.Entities;

namespace Mesh.Operator.Publishing;

/// <summary>What one replica's proxies say about one policy's published generation (written to the replica's Lease).</summary>
public sealed record ReplicaProxySummary
{
    /// <summary>The generation the counts are about.</summary>
    public long Generation { get; init; }

    public int Connected { get; init; }

    public int Acked { get; init; }

    public int Nacked { get; init; }

    /// <summary>The first rejection on this replica, or null.</summary>
    public ProxyRejection? Rejection { get; init; }
}
