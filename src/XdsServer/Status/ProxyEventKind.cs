namespace Mesh.XdsServer.Status;

/// <summary>What happened on a proxy's stream (what wakes the status of the policies it receives).</summary>
public enum ProxyEventKind
{
    /// <summary>The stream opened and its first request was answered.</summary>
    Connected,

    /// <summary>The proxy ACKed a response.</summary>
    Acked,

    /// <summary>The proxy NACKed a response.</summary>
    Nacked,

    /// <summary>The stream ended.</summary>
    Disconnected,
}
