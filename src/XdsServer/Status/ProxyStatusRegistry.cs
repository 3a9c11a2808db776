using System.Collections.Concurrent;

namespace Mesh.XdsServer.Status;

/// <summary>The open ADS streams, for status reporting and the debug endpoints.</summary>
public sealed class ProxyStatusRegistry : IProxyStatusSource
{
    private readonly ConcurrentDictionary<string, IProxyStream> _streams = new(StringComparer.Ordinal);

    public IReadOnlyList<ProxyStatus> GetProxies() =>
        _streams.Values.Select(s => s.Status).OrderBy(s => s.NodeId, StringComparer.Ordinal).ThenBy(s => s.ConnectedAt).ToArray();

    public ProxyStatus? GetProxy(string nodeId) => FindStream(nodeId)?.Status;

    /// <summary>How many streams are open.</summary>
    public int Count => _streams.Count;

    internal IProxyStream? FindStream(string nodeId) =>
        _streams.Values.Where(s => s.NodeId == nodeId).MaxBy(s => s.Status.ConnectedAt);

    internal IDisposable Register(IProxyStream stream)
    {
        _streams[stream.StreamId] = stream;
        return new Registration(this, stream.StreamId);
    }

    private sealed class Registration(ProxyStatusRegistry registry, string streamId) : IDisposable
    {
        public void Dispose() => registry._streams.TryRemove(streamId, out _);
    }
}
