using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Service.Discovery.V3;
using Grpc.Core;
using Grpc.Net.Client;
using Mesh.XdsServer.Snapshots;

namespace Mesh.Benchmarks.EndToEnd;

/// <summary>
/// A simulated sidecar on the operator's mTLS xDS port with its workload certificate: delta or SotW ADS, subscribed to
/// CDS and LDS (wildcard), EDS (every outbound cluster) and RDS ("8080"), ACKing every response and reconnecting when
/// the stream ends (an operator restart). Counts responses per type and notes when each marker address (an endpoint
/// change of the harness) first arrives in an EDS response (delta: decoded; SotW: found in the bytes).
/// </summary>
internal sealed class E2eSidecar : IAsyncDisposable
{
    public static readonly string[] Types = [TypeUrls.Cluster, TypeUrls.Endpoint, TypeUrls.Listener, TypeUrls.Route];
    private readonly GrpcChannel _channel;
    private readonly string _nodeId;
    private readonly IReadOnlyList<string> _edsNames;
    private readonly bool _delta;
    private readonly CancellationTokenSource _stop = new();
    private readonly long[] _responses = new long[4];
    private readonly long[] _lastAck = new long[4];
    private readonly bool[] _acked = new bool[4];
    private Task? _loop;

    public E2eSidecar(Uri server, string nodeId, X509Certificate2 certificate, X509Certificate2Collection roots, IReadOnlyList<string> edsNames, bool delta)
    {
        _nodeId = nodeId;
        _edsNames = edsNames;
        _delta = delta;
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false };
        handler.SslOptions.ClientCertificates = [certificate];
        // The chain to the mesh root is checked, by SslStream itself against the roots given (one chain build per
        // handshake, as a sidecar does); the host name is not (the harness dials 127.0.0.1).
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        handler.SslOptions.CertificateChainPolicy.CustomTrustStore.AddRange(roots);
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, errors) =>
            cert is not null && (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None;
        _channel = GrpcChannel.ForAddress(server, new GrpcChannelOptions { HttpHandler = handler, MaxReceiveMessageSize = 256 * 1024 * 1024 });
    }

    /// <summary>Called with (marker address, timestamp) when a delta EDS response carries a marker endpoint.</summary>
    public Action<string, long>? OnMarker { get; set; }

    public long Responses(int type) => Interlocked.Read(ref _responses[type]);

    public long LastAck(int type) => Interlocked.Read(ref _lastAck[type]);

    /// <summary>Every type ACKed at least once on the current stream.</summary>
    public bool Synced => _acked.All(a => a);

    public int Reconnects { get; private set; }

    public void Start() => _loop = Task.Run(LoopAsync);

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Array.Clear(_acked);
            Interlocked.Exchange(ref _attemptAt, Stopwatch.GetTimestamp());
            Interlocked.Exchange(ref _firstResponseAt, 0);
            try
            {
                await (_delta ? DeltaAsync() : SotwAsync()).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RpcException or IOException or InvalidOperationException or OperationCanceledException or HttpRequestException)
            {
                // The operator went away (restart): connect again.
            }
            // The stream is gone: nothing is ACKed on the next one yet.
            Array.Clear(_acked);
            Interlocked.Exchange(ref _syncedAt, 0);
            if (!_stop.IsCancellationRequested)
            {
                Reconnects++;
                await Task.Delay(200).ConfigureAwait(false);
            }
        }
    }

    private async Task DeltaAsync()
    {
        var client = new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(_channel);
        using var call = client.DeltaAggregatedResources(cancellationToken: _stop.Token);
        string[][] names = [["*"], [.. _edsNames], ["*"], ["8080"]];
        for (var type = 0; type < Types.Length; type++)
        {
            var request = new DeltaDiscoveryRequest { TypeUrl = Types[type], ResourceNamesSubscribe = { names[type] } };
            if (type == 0)
            {
                request.Node = new Node { Id = _nodeId, Cluster = "harness" };
            }
            await call.RequestStream.WriteAsync(request).ConfigureAwait(false);
        }
        while (await call.ResponseStream.MoveNext(_stop.Token).ConfigureAwait(false))
        {
            var response = call.ResponseStream.Current;
            var type = Array.IndexOf(Types, response.TypeUrl);
            if (type == 1 && OnMarker is { } onMarker)
            {
                var now = Stopwatch.GetTimestamp();
                foreach (var resource in response.Resources)
                {
                    foreach (var address in Markers(ClusterLoadAssignment.Parser.ParseFrom(resource.Resource_.Value)))
                    {
                        onMarker(address, now);
                    }
                }
            }
            await call.RequestStream.WriteAsync(new DeltaDiscoveryRequest { TypeUrl = response.TypeUrl, ResponseNonce = response.Nonce }).ConfigureAwait(false);
            Acked(type);
        }
    }

    private async Task SotwAsync()
    {
        var client = new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(_channel);
        using var call = client.StreamAggregatedResources(cancellationToken: _stop.Token);
        string[][] names = [[], [.. _edsNames], [], ["8080"]];
        for (var type = 0; type < Types.Length; type++)
        {
            var request = new DiscoveryRequest { TypeUrl = Types[type], ResourceNames = { names[type] } };
            if (type == 0)
            {
                request.Node = new Node { Id = _nodeId, Cluster = "harness" };
            }
            await call.RequestStream.WriteAsync(request).ConfigureAwait(false);
        }
        while (await call.ResponseStream.MoveNext(_stop.Token).ConfigureAwait(false))
        {
            var response = call.ResponseStream.Current;
            var type = Array.IndexOf(Types, response.TypeUrl);
            if (type == 1 && OnMarker is { } onMarker)
            {
                // A SotW EDS response holds every assignment: scan the bytes for markers rather than decode them all.
                var now = Stopwatch.GetTimestamp();
                foreach (var resource in response.Resources)
                {
                    foreach (var address in RawMarkers(resource.Value.Span))
                    {
                        onMarker(address, now);
                    }
                }
            }
            await call.RequestStream.WriteAsync(new DiscoveryRequest
            {
                TypeUrl = response.TypeUrl,
                VersionInfo = response.VersionInfo,
                ResponseNonce = response.Nonce,
                ResourceNames = { names[type] },
            }).ConfigureAwait(false);
            Acked(type);
        }
    }

    private void Acked(int type)
    {
        if (type < 0)
        {
            return;
        }
        Interlocked.CompareExchange(ref _firstResponseAt, Stopwatch.GetTimestamp(), 0);
        Interlocked.Increment(ref _responses[type]);
        Interlocked.Exchange(ref _lastAck[type], Stopwatch.GetTimestamp());
        Volatile.Write(ref _acked[type], true);
        if (Interlocked.Read(ref _syncedAt) == 0 && Synced)
        {
            Interlocked.Exchange(ref _syncedAt, Stopwatch.GetTimestamp());
        }
    }

    private long _syncedAt;
    private long _attemptAt;
    private long _firstResponseAt;

    /// <summary>When the current stream was opened (its connection attempt began; a Stopwatch timestamp).</summary>
    public long AttemptAt => Interlocked.Read(ref _attemptAt);

    /// <summary>When the current stream's first response arrived, noted as it is ACKed (a Stopwatch timestamp; 0 until then).</summary>
    public long FirstResponseAt => Interlocked.Read(ref _firstResponseAt);

    /// <summary>When the current stream first had every type ACKed (a Stopwatch timestamp; 0 until then).</summary>
    public long SyncedAt => Interlocked.Read(ref _syncedAt);

    private static readonly byte[] MarkerPrefix = "10.250."u8.ToArray();

    /// <summary>Marker addresses in serialized ClusterLoadAssignment bytes (an address is a length-prefixed string field).</summary>
    private static List<string> RawMarkers(ReadOnlySpan<byte> bytes)
    {
        var found = new List<string>();
        var offset = 0;
        while (offset < bytes.Length)
        {
            var at = bytes[offset..].IndexOf(MarkerPrefix);
            if (at < 0)
            {
                break;
            }
            var start = offset + at;
            var end = start + MarkerPrefix.Length;
            while (end < bytes.Length && (bytes[end] == (byte)'.' || (bytes[end] >= (byte)'0' && bytes[end] <= (byte)'9')))
            {
                end++;
            }
            found.Add(System.Text.Encoding.ASCII.GetString(bytes[start..end]));
            offset = end;
        }
        return found;
    }

    private static IEnumerable<string> Markers(ClusterLoadAssignment assignment) =>
        assignment.Endpoints.SelectMany(l => l.LbEndpoints)
            .Select(e => e.Endpoint?.Address?.SocketAddress?.Address)
            .OfType<string>()
            .Where(a => a.StartsWith("10.250.", StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
        _channel.Dispose();
        _stop.Dispose();
    }
}
