namespace Mesh.XdsServer.Status;

/// <summary>An open ADS stream as the registry sees it; everything returned is an immutable snapshot, safe from any thread.</summary>
internal interface IProxyStream
{
    string StreamId { get; }

    string NodeId { get; }

    ProxyStatus Status { get; }

    /// <summary>Per type, the resources of the last ACKed response (what the proxy runs).</summary>
    IReadOnlyList<AckedTypeConfig> AckedConfig { get; }
}
