using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Status;

namespace Mesh.XdsServer.Server;

/// <summary>What a stream tracks for one type in both protocols; touched only by the stream's loop.</summary>
internal abstract class TypeState(string typeUrl)
{
    public string TypeUrl { get; } = typeUrl;

    /// <summary>False until the first request for the type.</summary>
    public bool Requested { get; protected set; }

    public bool Wildcard { get; protected set; }

    /// <summary>The names subscribed to (beside the wildcard), shared with every stream subscribed to the same ones.</summary>
    public Subscription Subscription { get; protected set; } = Subscription.Empty;

    /// <summary>The version of the view (the resources this stream should hold) when it was last sent.</summary>
    public string? SentVersion { get; set; }

    public string? SentNonce { get; set; }

    public IReadOnlyList<CachedResource> SentResources { get; set; } = [];

    public IReadOnlyDictionary<string, string>? SentLabels { get; set; }

    /// <summary>The snapshot the last response came from (to find the owners of resources a NACK names).</summary>
    public Snapshot? SentSnapshot { get; set; }

    /// <summary>The resources of the last response, in the order they were sent (a NACK may cite them by index).</summary>
    public IReadOnlyList<CachedResource> SentInResponse { get; set; } = [];

    /// <summary>When the snapshot behind the last response was set, if that response was pushed for a change.</summary>
    public long? SentForChangeAt { get; set; }

    public bool SentAcked { get; set; }

    /// <summary>The response before the last one, so that a late ACK of it still tells what the proxy runs.</summary>
    public (string Nonce, string Version, IReadOnlyList<CachedResource> Resources, IReadOnlyDictionary<string, string>? Labels)? Previous { get; set; }

    public string? AckedVersion { get; set; }

    public IReadOnlyList<CachedResource> AckedResources { get; set; } = [];

    public IReadOnlyDictionary<string, string>? AckedLabels { get; set; }

    public DateTimeOffset? AckedAt { get; set; }

    public NackInfo? LastNack { get; set; }

    /// <summary>True when the last response sent was rejected.</summary>
    public bool LastResponseNacked => LastNack is not null && LastNack.Nonce == SentNonce;

    public TypeView ComputeView(TypeResources resources)
    {
        if (Wildcard)
        {
            return new TypeView(resources.Version, resources.Ordered, resources.HasTemplate ? null : resources);
        }

        return SubscriptionViews.Of(resources, Subscription);
    }

    public SyncState StateAgainst(TypeResources? current)
    {
        if (SentNonce is null)
        {
            return SyncState.NotSent;
        }

        if (LastResponseNacked)
        {
            return SyncState.Nacked;
        }

        var upToDate = current is null || ComputeView(current).Version == SentVersion;
        return SentAcked && AckedVersion == SentVersion && upToDate ? SyncState.Synced : SyncState.Stale;
    }

    public TypeSyncStatus ToStatus(Snapshot? snapshot) => ToStatus(snapshot?.Get(TypeUrl), snapshot);

    private TypeSyncStatus ToStatus(TypeResources? current, Snapshot? snapshot) => new()
    {
        TypeUrl = TypeUrl,
        State = StateAgainst(current),
        CurrentLabels = current is null || snapshot is null ? null : snapshot.LabelsForView(ComputeView(current).Resources),
        Wildcard = Wildcard,
        SubscribedNames = Subscription.Names,
        SentVersion = SentVersion,
        SentNonce = SentNonce,
        AckedVersion = AckedVersion,
        AckedLabels = AckedLabels,
        AckedAt = AckedAt,
        LastNack = LastNack,
        AckedResourceCount = AckedResources.Count,
    };
}
