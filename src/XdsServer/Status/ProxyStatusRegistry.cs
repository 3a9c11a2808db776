using System.Collections.Concurrent;

namespace Mesh.XdsServer.Status;

/// <summary>The open ADS streams, for status reporting and the debug endpoints; raises an event on every change.</summary>
public sealed class ProxyStatusRegistry : IProxyStatusSource
{
    private readonly ConcurrentDictionary<string, IProxyStream> _streams = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private Action<ProxyEvent>[] _listeners = [];

    public IReadOnlyList<ProxyStatus> GetProxies() =>
        _streams.Values.Select(s => s.Status).OrderBy(s => s.NodeId, StringComparer.Ordinal).ThenBy(s => s.ConnectedAt).ToArray();

    public ProxyStatus? GetProxy(string nodeId) => FindStream(nodeId)?.Status;

    /// <summary>How many streams are open.</summary>
    public int Count => _streams.Count;

    /// <summary>
    /// Calls <paramref name="listener"/> for every connect, ACK, NACK and disconnect until disposed. Listeners run on the
    /// stream's loop: they must be quick and must not throw (write to a channel, say).
    /// </summary>
    public IDisposable Subscribe(Action<ProxyEvent> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (_gate)
        {
            _listeners = [.. _listeners, listener];
        }

        return new Subscription(this, listener);
    }

    internal IProxyStream? FindStream(string nodeId) =>
        _streams.Values.Where(s => s.NodeId == nodeId).MaxBy(s => s.Status.ConnectedAt);

    internal IDisposable Register(IProxyStream stream)
    {
        _streams[stream.StreamId] = stream;
        Notify(stream, ProxyEventKind.Connected);
        return new Registration(this, stream);
    }

    internal void Notify(IProxyStream stream, ProxyEventKind kind)
    {
        var listeners = Volatile.Read(ref _listeners);
        if (listeners.Length == 0)
        {
            return;
        }

        var status = stream.Status;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in status.CurrentLabels ?? new Dictionary<string, string>())
        {
            labels[key] = value;
        }

        foreach (var type in status.Types)
        {
            foreach (var (key, value) in (type.AckedLabels ?? new Dictionary<string, string>()).Concat(type.LastNack?.RejectedLabels ?? new Dictionary<string, string>()))
            {
                labels.TryAdd(key, value);
            }
        }

        var change = new ProxyEvent { Kind = kind, NodeId = status.NodeId, Key = status.Key, Labels = labels };
        foreach (var listener in listeners)
        {
            listener(change);
        }
    }

    private void Unsubscribe(Action<ProxyEvent> listener)
    {
        lock (_gate)
        {
            _listeners = _listeners.Where(l => l != listener).ToArray();
        }
    }

    private sealed class Registration(ProxyStatusRegistry registry, IProxyStream stream) : IDisposable
    {
        public void Dispose()
        {
            if (registry._streams.TryRemove(stream.StreamId, out _))
            {
                registry.Notify(stream, ProxyEventKind.Disconnected);
            }
        }
    }

    private sealed class Subscription(ProxyStatusRegistry registry, Action<ProxyEvent> listener) : IDisposable
    {
        public void Dispose() => registry.Unsubscribe(listener);
    }
}
