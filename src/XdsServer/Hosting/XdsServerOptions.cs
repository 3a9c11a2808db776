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
    /// The largest response the server sends. A response that would be larger ends the stream with RESOURCE_EXHAUSTED
    /// and an error log: sending part of a state-of-the-world response would delete resources on the proxy, and the
    /// proxy keeps its current config while disconnected.
    /// </summary>
    public int MaxSendMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// The largest request the server reads. A larger one ends its stream with RESOURCE_EXHAUSTED (gRPC's own check,
    /// before the message is parsed); other streams are unharmed. Default 4 MiB.
    /// </summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Maps a proxy's node to its snapshot cache key (default: the node id).</summary>
    public Func<Node, string> NodeKey { get; set; } = static node => node.Id;
}
