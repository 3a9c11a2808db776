using Mesh.XdsServer.Cache;
using Mesh.XdsServer.Status;

namespace Mesh.XdsServer.Server;

/// <summary>
/// What one stream publishes about itself: its <see cref="ProxyStatus"/> and ACKed config, built again after every
/// batch of events (each push and each ACK), and whether what a policy's status reads from it moved since its readers
/// were last woken. Built parts are kept while their inputs are the same instances: with 2,000 streams under endpoint
/// churn this runs thousands of times a second. Touched only by the stream's loop; read by anyone.
/// </summary>
internal sealed class StreamStatusBook(Func<IReadOnlyCollection<TypeState>> typeStates, string streamId, bool delta, DateTimeOffset connectedAt)
{
    private ProxyStatus? _status;
    private IReadOnlyList<AckedTypeConfig> _ackedConfig = [];
    private int _notifiedTypes;
    private bool _changedSinceNotified;
    private TypeState[] _requestedInOrder = [];
    private int _requestedFrom = -1;
    private IReadOnlyDictionary<string, string>?[] _labelInputs = [];
    private IReadOnlyDictionary<string, string>? _labelUnion;

    /// <summary>The last published status (null before the first publish).</summary>
    public ProxyStatus? Status => Volatile.Read(ref _status);

    /// <summary>What the proxy runs, per ACKed type in push order.</summary>
    public IReadOnlyList<AckedTypeConfig> AckedConfig => Volatile.Read(ref _ackedConfig);

    /// <summary>Whether a published status differed from the one the readers were last woken with.</summary>
    public bool ChangedSinceNotified => _changedSinceNotified;

    /// <summary>Builds the status against <paramref name="current"/> (the stream's snapshot) and publishes it when it moved.</summary>
    public void Publish(CachedSnapshot? current, string nodeId, string key)
    {
        var status = BuildStatus(current, nodeId, key);
        if (ReferenceEquals(status, _status))
        {
            return;
        }

        // Whether what a policy's status reads from this proxy moved since the readers were last woken, type by type.
        _changedSinceNotified |= SignatureMoved();
        Volatile.Write(ref _status, status);
        Volatile.Write(ref _ackedConfig, BuildAckedConfig());
    }

    private bool SignatureMoved()
    {
        var requested = RequestedInOrder();
        if (requested.Length != _notifiedTypes)
        {
            return true;
        }

        foreach (var state in requested)
        {
            if (!state.StatusSignature.SameAs(state.NotifiedSignature))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The status readers were just woken with the status published last.</summary>
    public void MarkNotified()
    {
        var requested = RequestedInOrder();
        foreach (var state in requested)
        {
            state.NotifiedSignature = state.StatusSignature;
        }

        _notifiedTypes = requested.Length;
        _changedSinceNotified = false;
    }

    /// <summary>
    /// The requested types in push order, listed again only when a type was added or one listed was not yet requested
    /// (asked for at every status build: per push and per ACK).
    /// </summary>
    private TypeState[] RequestedInOrder()
    {
        var states = typeStates();
        if (states.Count != _requestedFrom || _requestedInOrder.Length != _requestedFrom)
        {
            _requestedInOrder = states.Where(s => s.Requested).OrderBy(s => Snapshots.TypeUrls.OrderOf(s.TypeUrl)).ToArray();
            _requestedFrom = states.Count;
        }

        return _requestedInOrder;
    }

    private ProxyStatus BuildStatus(CachedSnapshot? current, string nodeId, string key)
    {
        var types = new List<TypeSyncStatus>();
        string? lastError = null;
        DateTimeOffset lastErrorAt = default;
        foreach (var state in RequestedInOrder())
        {
            var status = state.ToStatus(current?.Snapshot);
            types.Add(status);
            if (state.LastNack is { } nack && (lastError is null || nack.At > lastErrorAt))
            {
                lastError = nack.ErrorMessage;
                lastErrorAt = nack.At;
            }
        }

        // Everything else below is derived from the type statuses (and whether there is a snapshot): when each type kept
        // its last status instance, the last status stands and nobody reads a new one.
        if (_status is { } last && (last.CurrentLabels is null) == (current is null) && SameInstances(types, last.Types, static t => t))
        {
            return last;
        }

        return new ProxyStatus
        {
            NodeId = nodeId,
            Key = key,
            StreamId = streamId,
            Delta = delta,
            ConnectedAt = connectedAt,
            CurrentLabels = current is null ? null : CurrentLabels(types),
            Synced = current is not null && types.Count > 0 && types.TrueForAll(t => t.State == SyncState.Synced),
            Types = types,
            LastError = lastError,
        };
    }

    /// <summary>The labels of what the proxy should hold now: the union over its subscribed types' views.</summary>
    private IReadOnlyDictionary<string, string> CurrentLabels(List<TypeSyncStatus> types)
    {
        // Usually every type's view holds a resource of every owner, and each type reports the snapshot's own label map:
        // that instance is the union (no copy per stream per status publish, 2,000 of them per endpoint change).
        IReadOnlyDictionary<string, string>? shared = null;
        var allShared = true;
        foreach (var type in types)
        {
            if (type.CurrentLabels is not { } current)
            {
                continue;
            }

            shared ??= current;
            if (!ReferenceEquals(shared, current))
            {
                allShared = false;
                break;
            }
        }

        if (allShared && shared is not null)
        {
            return shared;
        }

        // Types whose views hold different owners (an inbound policy's listener, say): the union is made again only
        // when one of the types' label maps is another instance than last time.
        if (_labelUnion is { } union && SameInstances(types, _labelInputs, static t => t.CurrentLabels))
        {
            return union;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var type in types)
        {
            if (type.CurrentLabels is { } current)
            {
                foreach (var (key, value) in current)
                {
                    labels[key] = value;
                }
            }
        }

        _labelInputs = types.Select(t => t.CurrentLabels).ToArray();
        _labelUnion = labels;
        return labels;
    }

    /// <summary>Whether <paramref name="part"/> of each type status is the very instance <paramref name="last"/> holds at its place.</summary>
    private static bool SameInstances<T>(List<TypeSyncStatus> types, IReadOnlyList<T> last, Func<TypeSyncStatus, T> part)
        where T : class?
    {
        if (types.Count != last.Count)
        {
            return false;
        }

        for (var i = 0; i < types.Count; i++)
        {
            if (!ReferenceEquals(part(types[i]), last[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>What the proxy runs, per ACKed type in push order; the last list (and each entry) is kept while it still holds
    /// (a SotW ACK repeats its version as a new string: compared by content).</summary>
    private IReadOnlyList<AckedTypeConfig> BuildAckedConfig()
    {
        var last = _ackedConfig;
        var requested = RequestedInOrder();
        var count = 0;
        var same = true;
        foreach (var state in requested)
        {
            if (state.AckedVersion is not null)
            {
                same = same && count < last.Count && IsAckedAs(state, last[count]);
                count++;
            }
        }

        if (same && count == last.Count)
        {
            return last;
        }

        var built = new AckedTypeConfig[count];
        var i = 0;
        foreach (var state in requested)
        {
            if (state.AckedVersion is not null)
            {
                built[i] = i < last.Count && IsAckedAs(state, last[i]) ? last[i] : new AckedTypeConfig(state.TypeUrl, state.AckedVersion, state.AckedResources);
                i++;
            }
        }

        return built;
    }

    private static bool IsAckedAs(TypeState state, AckedTypeConfig config) =>
        config.TypeUrl == state.TypeUrl && string.Equals(config.Version, state.AckedVersion, StringComparison.Ordinal)
        && ReferenceEquals(config.Resources, state.AckedResources);
}
