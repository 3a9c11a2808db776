using System.Text.Json.Nodes;
using System.Threading.Channels;
using Mesh.LocalCluster.Resources;

namespace Mesh.LocalCluster.Watching;

/// <summary>One open watch stream: a filter evaluated under the store gate and a queue drained by the HTTP writer.</summary>
internal sealed class WatchSubscription(ResourceTypeKey type, string? ns, Func<JsonObject, bool> matches) : IDisposable
{
    private readonly Channel<WatchItem> _queue = Channel.CreateUnbounded<WatchItem>(
        new UnboundedChannelOptions { SingleReader = true });

    private readonly CancellationTokenSource _dropped = new();

    public ResourceTypeKey Type { get; } = type;

    public string? Namespace { get; } = ns;

    public ChannelReader<WatchItem> Reader => _queue.Reader;

    /// <summary>Cancelled when a fault drops this stream.</summary>
    public CancellationToken Dropped => _dropped.Token;

    public bool Matches(WatchEvent e) =>
        e.Type == Type && (Namespace is null || string.Equals(e.Stored.Namespace, Namespace, StringComparison.Ordinal))
        && matches(e.Stored.Object);

    public void Enqueue(WatchItem item) => _queue.Writer.TryWrite(item);

    public void Drop()
    {
        try
        {
            _dropped.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already closed by its writer.
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _dropped.Dispose();
    }
}
