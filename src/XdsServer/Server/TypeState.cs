using Mesh.XdsServer.Model;
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

    /// <param name="viewVersion">The version of the view this stream should hold now; null when there is no snapshot.</param>
    public SyncState StateAgainst(string? viewVersion)
    {
        if (SentNonce is null)
        {
            return SyncState.NotSent;
        }

        if (LastResponseNacked)
        {
            return SyncState.Nacked;
        }

        var upToDate = viewVersion is null || viewVersion == SentVersion;
        return SentAcked && AckedVersion == SentVersion && upToDate ? SyncState.Synced : SyncState.Stale;
    }

    /// <summary>
    /// The type's status against <paramref name="snapshot"/>. A stream publishes its status after every request and
    /// push, and usually one type moved (an EDS push and its ACK): the others hand out their last status instance
    /// while everything it is built from is equal (the view's version and labels, what was sent, ACKed and NACKed).
    /// </summary>
    public TypeSyncStatus ToStatus(Snapshot? snapshot)
    {
        var current = snapshot?.Get(TypeUrl);
        var view = current is null ? (TypeView?)null : ComputeView(current);
        var labels = view is null ? null : LabelsOf(snapshot!, view.Value.Resources);
        var inputs = new StatusInputs(view?.Version, labels, Subscription, Wildcard, SentVersion, SentNonce, SentAcked, AckedVersion, AckedLabels, AckedAt, LastNack, AckedResources);
        if (_lastStatus is { } last && last.Inputs.Same(inputs))
        {
            return last.Status;
        }

        var status = new TypeSyncStatus
        {
            TypeUrl = TypeUrl,
            State = StateAgainst(view?.Version),
            CurrentLabels = labels,
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
        _lastStatus = (inputs, status);
        _signature = null;
        return status;
    }

    /// <summary>
    /// <see cref="Snapshot.LabelsForView"/> of the last view, kept while the view's list and the snapshot's owner and label
    /// maps are the same instances (what the labels are a function of): every push and ACK of one type builds every type's
    /// status again, and under endpoint churn the other types' views and maps stay as they were.
    /// </summary>
    private IReadOnlyDictionary<string, string> LabelsOf(Snapshot snapshot, IReadOnlyList<CachedResource> view)
    {
        if (_viewLabels is { } last && ReferenceEquals(last.View, view) && ReferenceEquals(last.Owners, snapshot.Owners)
            && ReferenceEquals(last.Labels, snapshot.Labels))
        {
            return last.Result;
        }

        var result = snapshot.LabelsForView(view);
        _viewLabels = (view, snapshot.Owners, snapshot.Labels, result);
        return result;
    }

    private (IReadOnlyList<CachedResource> View, IReadOnlyDictionary<string, string> Owners, IReadOnlyDictionary<string, string> Labels,
        IReadOnlyDictionary<string, string> Result)? _viewLabels;

    private (StatusInputs Inputs, TypeSyncStatus Status)? _lastStatus;
    private TypeStatusSignature? _signature;

    /// <summary>The <see cref="TypeStatusSignature"/> of the last <see cref="ToStatus(Snapshot?)"/>, kept with it.</summary>
    public TypeStatusSignature StatusSignature =>
        _signature ??= TypeStatusSignature.Of(_lastStatus?.Status ?? throw new InvalidOperationException("no status built yet"));

    /// <summary>The <see cref="StatusSignature"/> the stream last woke the status readers with (null before the first).</summary>
    public TypeStatusSignature? NotifiedSignature { get; set; }

    /// <summary>Everything a <see cref="TypeSyncStatus"/> is built from; objects compared by reference, label maps by content.</summary>
    private readonly record struct StatusInputs(
        string? ViewVersion,
        IReadOnlyDictionary<string, string>? CurrentLabels,
        Subscription Subscription,
        bool Wildcard,
        string? SentVersion,
        string? SentNonce,
        bool SentAcked,
        string? AckedVersion,
        IReadOnlyDictionary<string, string>? AckedLabels,
        DateTimeOffset? AckedAt,
        NackInfo? LastNack,
        IReadOnlyList<CachedResource> AckedResources)
    {
        public bool Same(StatusInputs other) =>
            ViewVersion == other.ViewVersion && StringMaps.Same(CurrentLabels, other.CurrentLabels)
            && ReferenceEquals(Subscription, other.Subscription) && Wildcard == other.Wildcard
            && SentVersion == other.SentVersion && SentNonce == other.SentNonce && SentAcked == other.SentAcked
            && AckedVersion == other.AckedVersion && ReferenceEquals(AckedLabels, other.AckedLabels) && AckedAt == other.AckedAt
            && ReferenceEquals(LastNack, other.LastNack) && ReferenceEquals(AckedResources, other.AckedResources);
    }
}
