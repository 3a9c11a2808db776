namespace Mesh.XdsServer.Status;

/// <summary>One connected proxy's xDS stream, as the operator and the debug endpoint see it.</summary>
public sealed record ProxyStatus
{
    /// <summary>The node id from the stream's first request.</summary>
    public required string NodeId { get; init; }

    /// <summary>The snapshot cache key the node maps to.</summary>
    public required string Key { get; init; }

    /// <summary>A server-assigned id of the stream (a proxy that reconnects gets a new one).</summary>
    public required string StreamId { get; init; }

    /// <summary>True for DeltaAggregatedResources, false for state of the world.</summary>
    public bool Delta { get; init; }

    /// <summary>When the stream opened.</summary>
    public required DateTimeOffset ConnectedAt { get; init; }

    /// <summary>Labels of the snapshot currently in the cache for <see cref="Key"/>, or null when there is none.</summary>
    public IReadOnlyDictionary<string, string>? CurrentLabels { get; init; }

    /// <summary>True when every subscribed type is <see cref="SyncState.Synced"/> with the current snapshot.</summary>
    public bool Synced { get; init; }

    /// <summary>Per subscribed type, in push order.</summary>
    public IReadOnlyList<TypeSyncStatus> Types { get; init; } = [];

    /// <summary>The most recent NACK's message on any type, or null.</summary>
    public string? LastError { get; init; }
}
