namespace Mesh.XdsServer.Server;

/// <summary>A response built for a push and what to record once it is written (the stream's view of what the proxy holds).</summary>
internal sealed record PendingResponse<TResponse>(TResponse Response, string TypeUrl, long StartTimestamp, Action Written);
