using Envoy.Config.Core.V3;

namespace Mesh.XdsServer.Hosting;

/// <summary>Settings of the ADS server (settable so that <c>AddXdsServer(o => ...)</c> can configure them).</summary>
public sealed record XdsServerOptions
{
    /// <summary>How long a stream waits after a snapshot change for more changes before pushing (bursts merge into one push).</summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest a change may wait while changes keep arriving; bounds the debounce under constant churn.</summary>
    public TimeSpan MaxDebounceDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The least time between two pushes of changes to one stream (a first request is always answered at once). Under
    /// constant churn faster than this, the changes of each interval go out as one push. Default zero: only the
    /// debounce merges.
    /// </summary>
    public TimeSpan MinPushInterval { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// The largest response the server sends. A response that would be larger ends the stream with RESOURCE_EXHAUSTED
    /// and an error log: sending part of a state-of-the-world response would delete resources on the proxy, and the
    /// proxy keeps its current config while disconnected.
    /// </summary>
    public int MaxSendMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// How many responses of at least <see cref="LargeSendBytes"/> are written at once over all streams (0: no bound).
    /// gRPC serializes a whole response into the connection's output before flow control applies, so without a bound
    /// every proxy of a fleet that connects at once (a rollout, a restart) holds its full initial config in the server's
    /// buffers together. Default 32: with 4 MiB responses at most 128 MiB is in flight.
    /// </summary>
    public int MaxConcurrentLargeSends { get; set; } = 32;

    /// <summary>Responses smaller than this are written without waiting for a slot (an endpoint change is never queued). Default 64 KiB.</summary>
    public int LargeSendBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// How long a large write may take once it holds a slot. A proxy that stops reading would otherwise keep the slot
    /// from the rest of the fleet; its stream ends with DEADLINE_EXCEEDED and it reconnects. Default 60 s; zero or
    /// infinite: no limit.
    /// </summary>
    public TimeSpan LargeSendTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The largest request the server reads. A larger one ends its stream with RESOURCE_EXHAUSTED (gRPC's own check,
    /// before the message is parsed); other streams are unharmed. Default 4 MiB.
    /// </summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// How long a stream may stay open before the server ends it (OK status; the proxy reconnects at once and keeps its
    /// config meanwhile), so that proxies spread over the replicas again after a rollout or a scale-up. Null: forever.
    /// Default 30 minutes.
    /// </summary>
    public TimeSpan? MaxStreamAge { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Each stream's age limit is drawn from [MaxStreamAge x (1 - jitter), MaxStreamAge] so reconnects do not come in waves. Default 0.1.</summary>
    public double MaxStreamAgeJitter { get; set; } = 0.1;

    /// <summary>The random source of the jitter (injected for tests). Default <see cref="Random.Shared"/>.</summary>
    public Random Random { get; set; } = Random.Shared;

    /// <summary>
    /// How long a TLS handshake on the mTLS port waits for the server's credentials when the CA has none yet (a starting
    /// operator that has not read its root CA Secret). A refused handshake sends the client into its reconnect backoff
    /// (gRPC and Envoy back off exponentially), so a sidecar fleet reconnecting to a restarted operator would come back
    /// seconds after it is ready; a short wait lets those handshakes complete instead. Zero refuses at once. Default 5 s.
    /// </summary>
    public TimeSpan CredentialsWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Maps a proxy's node to its snapshot cache key (default: the node id).</summary>
    public Func<Node, string> NodeKey { get; set; } = static node => node.Id;
}
