using System.Diagnostics;
using Grpc.Net.Client;
using Mesh.XdsServer.Snapshots;

namespace Mesh.Xds.LoadHarness;

/// <summary>
/// One simulated Envoy: its own HTTP/2 connection (a GrpcChannel with its own SocketsHttpHandler) carrying one ADS
/// stream that subscribes to CDS and LDS (wildcard), EDS (its clusters) and RDS ("8080"), and ACKs every response.
/// Per type it counts ACKs and received bytes and remembers when it last ACKed.
/// </summary>
internal abstract class SimulatedProxy : IAsyncDisposable
{
    public static readonly string[] Types = [TypeUrls.Cluster, TypeUrls.Endpoint, TypeUrls.Listener, TypeUrls.Route];
    public const int Cds = 0;
    public const int Eds = 1;
    public const int Lds = 2;
    public const int Rds = 3;

    private readonly long[] _acks = new long[4];
    private readonly long[] _lastAck = new long[4];
    private readonly long[] _bytes = new long[4];
    private readonly GrpcChannel _channel;

    protected SimulatedProxy(Uri server, int index)
    {
        Index = index;
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = false,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            ConnectTimeout = TimeSpan.FromSeconds(60),
        };
        _channel = GrpcChannel.ForAddress(server, new GrpcChannelOptions { HttpHandler = handler, MaxReceiveMessageSize = null });
    }

    public int Index { get; }

    protected GrpcChannel Channel => _channel;

    protected CancellationTokenSource Stop { get; } = new();

    public long Acks(int type) => Volatile.Read(ref _acks[type]);

    public long LastAck(int type) => Volatile.Read(ref _lastAck[type]);

    public long Bytes(int type) => Volatile.Read(ref _bytes[type]);

    /// <summary>Opens the stream and sends the subscriptions (node on the first request only).</summary>
    public abstract Task StartAsync(string nodeId, string cluster, IReadOnlyList<string> edsNames);

    protected static int TypeIndex(string typeUrl) => Array.IndexOf(Types, typeUrl);

    protected void Received(int type, int bytes) => Interlocked.Add(ref _bytes[type], bytes);

    protected void Acked(int type)
    {
        Volatile.Write(ref _lastAck[type], Stopwatch.GetTimestamp());
        Interlocked.Increment(ref _acks[type]);
    }

    public virtual async ValueTask DisposeAsync()
    {
        await Stop.CancelAsync();
        _channel.Dispose();
        Stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
