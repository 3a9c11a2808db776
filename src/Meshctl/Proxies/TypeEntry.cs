using System.Text.Json;

namespace Mesh.Meshctl.Proxies;

/// <summary>One proxy's state on one xDS type (from /debug/xds/proxies).</summary>
internal sealed record TypeEntry
{
    /// <summary>SYNCED, NOT SENT, STALE or NACKED.</summary>
    public required string State { get; init; }

    public string? SentVersion { get; init; }

    public string? AckedVersion { get; init; }

    public int SubscribedNames { get; init; }

    public bool Wildcard { get; init; }

    /// <summary>The last NACK on this type (kept after later ACKs), or null.</summary>
    public NackEntry? LastNack { get; init; }

    public static TypeEntry Parse(JsonElement type) => new()
    {
        State = ProxyEntry.Text(type, "state") ?? "NOT SENT",
        SentVersion = ProxyEntry.Text(type, "sentVersion"),
        AckedVersion = ProxyEntry.Text(type, "ackedVersion"),
        SubscribedNames = type.TryGetProperty("subscribedNames", out var n) && n.ValueKind == JsonValueKind.Number ? n.GetInt32() : 0,
        Wildcard = type.TryGetProperty("wildcard", out var w) && w.ValueKind == JsonValueKind.True,
        LastNack = type.TryGetProperty("lastNack", out var nack) && nack.ValueKind == JsonValueKind.Object
            ? new NackEntry
            {
                RejectedVersion = ProxyEntry.Text(nack, "rejectedVersion") ?? "",
                Error = ProxyEntry.Text(nack, "error") ?? "",
                At = ProxyEntry.Text(nack, "at") ?? "",
                RejectedResources = nack.TryGetProperty("rejectedResources", out var r) && r.ValueKind == JsonValueKind.Array
                    ? r.EnumerateArray().Select(x => x.GetString() ?? "").ToList()
                    : [],
            }
            : null,
    };
}

/// <summary>A rejected response: the version, the proxy's error text, when, and the resources the error names.</summary>
internal sealed record NackEntry
{
    public required string RejectedVersion { get; init; }

    public required string Error { get; init; }

    public required string At { get; init; }

    public IReadOnlyList<string> RejectedResources { get; init; } = [];
}
