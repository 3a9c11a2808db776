using Grpc.Core;
using k8s.Models;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests.Chaos;

/// <summary>
/// A sidecar's xDS connection as Envoy keeps it: one ADS stream on the mTLS port; when the server ends it, a new one
/// with the certificate and bundle the mounted Secret holds at that moment (Envoy's xDS TLS context reads the same
/// files). A stream that ends with anything but OK (the server's maximum-age close), or a reconnect that is not
/// served, is recorded as a failure.
/// </summary>
internal sealed class ReconnectingSidecar(string address, string nodeId, TimeProvider clock) : IAsyncDisposable
{
    private const string ListenerType = "type.googleapis.com/envoy.config.listener.v3.Listener";
    private AdsTestClient? _current;
    private MeshIdentity? _identity;

    public AdsTestClient Current => _current ?? throw new InvalidOperationException("not connected");

    /// <summary>Streams opened so far.</summary>
    public int Streams { get; private set; }

    public List<string> Failures { get; } = [];

    /// <summary>Reconnects with <paramref name="secret"/>'s certificate when the stream has ended (or was never opened).</summary>
    public async Task EnsureConnectedAsync(V1Secret secret)
    {
        if (_current is not null)
        {
            if (!_current.Ended.Task.IsCompleted)
            {
                return;
            }

            var ended = await _current.Ended.Task;
            if (ended.StatusCode != StatusCode.OK)
            {
                Failures.Add($"stream {Streams} ended with {ended.StatusCode}: {ended.Detail}");
            }

            await _current.DisposeAsync();
            _identity?.Dispose();
        }

        _identity = MeshIdentity.From(secret);
        _current = new AdsTestClient(address, nodeId, _identity.XdsChannel(clock));
        Streams++;
        await _current.SubscribeAsync(ListenerType);
        try
        {
            var listeners = await _current.ReceiveAsync(ListenerType);
            await _current.AckAsync(listeners);
        }
        catch (Exception e) when (e is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
        {
            var status = _current.Ended.Task.IsCompleted ? await _current.Ended.Task : default;
            Failures.Add($"stream {Streams} (leaf of {_identity.Issuer}) got no listeners: {status.StatusCode} {status.Detail}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_current is not null)
        {
            await _current.DisposeAsync();
        }

        _identity?.Dispose();
    }
}
