namespace Mesh.LocalCluster;

/// <summary>Options of the embedded Kubernetes API server.</summary>
public sealed record LocalApiServerOptions
{
    /// <summary>Address to bind: an IP address or "localhost". Loopback by default.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free port.</summary>
    public int Port { get; init; }

    /// <summary>How many changes are retained for watches; watching from an older resourceVersion gets 410 Gone.</summary>
    public int WatchHistoryLimit { get; init; } = 10000;

    /// <summary>Clock for timestamps and ages.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How often a quiet watch that asked for bookmarks receives one (the real server: about a minute).</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(30);
}
