namespace Mesh.XdsServer.Status;

/// <summary>What the operator reads to report, per generation, how many proxies ACKed or NACKed the config.</summary>
public interface IProxyStatusSource
{
    /// <summary>Every open stream's status.</summary>
    IReadOnlyList<ProxyStatus> GetProxies();

    /// <summary>The status of the most recent open stream of <paramref name="nodeId"/>, or null if it is not connected.</summary>
    ProxyStatus? GetProxy(string nodeId);
}
