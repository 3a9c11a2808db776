namespace Mesh.XdsServer.Model;

/// <summary>Local rate limit of a service, enforced by each of its serving sidecars: the limit is per pod.</summary>
public sealed record RateLimitPolicy
{
    /// <summary>Sustained requests per second (required).</summary>
    public required int RequestsPerSecond { get; init; }

    /// <summary>Bucket size. Null = RequestsPerSecond.</summary>
    public int? Burst { get; init; }
}
