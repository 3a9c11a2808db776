namespace Mesh.Meshctl.Proxies;

/// <summary>One operator pod that serves xDS, and the container port of its HTTP endpoint (/debug/xds/*).</summary>
internal sealed record OperatorReplica(string Name, int HttpPort);
