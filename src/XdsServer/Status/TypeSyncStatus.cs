namespace Mesh.XdsServer.Status;

/// <summary>One proxy's state for one resource type.</summary>
public sealed record TypeSyncStatus
{
    /// <summary>The resource type URL.</summary>
    public required string TypeUrl { get; init; }

    /// <summary>The summary state.</summary>
    public required SyncState State { get; init; }

    /// <summary>True when the proxy subscribes to every resource of the type.</summary>
    public bool Wildcard { get; init; }

    /// <summary>The resource names the proxy asked for by name (sorted).</summary>
    public IReadOnlyList<string> SubscribedNames { get; init; } = [];

    /// <summary>The version of the last response sent, or null.</summary>
    public string? SentVersion { get; init; }

    /// <summary>The nonce of the last response sent, or null.</summary>
    public string? SentNonce { get; init; }

    /// <summary>The last version the proxy ACKed, or null.</summary>
    public string? AckedVersion { get; init; }

    /// <summary>The labels of the snapshot the ACKed version came from (e.g. mesh.dev/policy-generation), or null.</summary>
    public IReadOnlyDictionary<string, string>? AckedLabels { get; init; }

    /// <summary>
    /// The labels of what the current snapshot holds for this proxy of this type (only the policies whose resources it
    /// subscribes to), or null when there is no snapshot.
    /// </summary>
    public IReadOnlyDictionary<string, string>? CurrentLabels { get; init; }

    /// <summary>When the last ACK arrived, or null.</summary>
    public DateTimeOffset? AckedAt { get; init; }

    /// <summary>The last NACK (kept after later ACKs, for the record), or null.</summary>
    public NackInfo? LastNack { get; init; }

    /// <summary>How many resources the last ACKed response held.</summary>
    public int AckedResourceCount { get; init; }
}
