namespace Mesh.XdsServer.Server;

internal enum StreamEventKind
{
    Request,
    SnapshotChanged,
    DebounceElapsed,
    RequestsEnded,

    /// <summary>Reading a request failed with a status that the stream must end with (e.g. a message over the size limit).</summary>
    RequestRejected,
}
