namespace Mesh.XdsServer.Server;

internal enum StreamEventKind
{
    Request,
    SnapshotChanged,
    DebounceElapsed,
    RequestsEnded,
}
