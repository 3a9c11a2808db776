namespace Mesh.XdsServer.Status;

/// <summary>
/// One change on a proxy's stream, raised after the proxy's status is updated. <see cref="Labels"/> names what the
/// proxy receives (and, for a NACK, what it rejected): the labels of the policies whose status the event concerns.
/// </summary>
public sealed record ProxyEvent
{
    /// <summary>What happened.</summary>
    public required ProxyEventKind Kind { get; init; }

    /// <summary>The node id of the stream.</summary>
    public required string NodeId { get; init; }

    /// <summary>The stream's cache key.</summary>
    public required string Key { get; init; }

    /// <summary>The labels concerned (current, acked and rejected labels of the stream, merged).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
