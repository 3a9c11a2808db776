namespace Mesh.XdsServer.Status;

/// <summary>Where one proxy stands on one resource type (the states `istioctl proxy-status` shows).</summary>
public enum SyncState
{
    /// <summary>Subscribed but nothing sent yet (no snapshot, or nothing the proxy asked for).</summary>
    NotSent,

    /// <summary>The proxy ACKed what the current snapshot holds for it.</summary>
    Synced,

    /// <summary>A newer config was sent and not yet ACKed, or the current snapshot holds something not yet sent.</summary>
    Stale,

    /// <summary>The proxy rejected the last response; it keeps running its last ACKed config.</summary>
    Nacked,
}
