namespace Mesh.XdsServer.Server;

internal enum StreamEventKind
{
    Request,
    SnapshotChanged,
    DebounceElapsed,
    RequestsEnded,

    /// <summary>The stream reached its maximum age: end it so the proxy reconnects (maybe to another replica).</summary>
    MaxAgeReached,

    /// <summary>The host is shutting down: end the stream with UNAVAILABLE so the proxy reconnects to another replica.</summary>
    ServerStopping,

    /// <summary>Reading a request failed with a status that the stream must end with (e.g. a message over the size limit).</summary>
    RequestRejected,
}
