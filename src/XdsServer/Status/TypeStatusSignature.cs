using Mesh.XdsServer.Model;

namespace Mesh.XdsServer.Status;

/// <summary>
/// What a policy's status can read from one type of one proxy: whether it is NACKed and by which response, the labels of
/// what it should hold, the labels of what it ACKed, and, while some label is not ACKed with its value, whether the type
/// is in sync. A status whose signature is the same as the one its readers were last woken with (an endpoint push ACKed
/// at the same generation) wakes no policy: with 2,000 proxies each such ACK woke all of them for nothing. Compared by
/// content, without building anything per status (built at every push and every ACK of every stream).
/// </summary>
internal sealed class TypeStatusSignature
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    private readonly string _typeUrl;
    private readonly string? _nackNonce;
    private readonly IReadOnlyDictionary<string, string> _current;
    private readonly IReadOnlyDictionary<string, string> _acked;
    private readonly bool _nacked;
    private readonly bool _synced;
    private readonly bool _allAcked;

    private TypeStatusSignature(TypeSyncStatus type)
    {
        _typeUrl = type.TypeUrl;
        _nacked = type.State == SyncState.Nacked;
        _nackNonce = _nacked ? type.LastNack?.Nonce : null;
        _current = type.CurrentLabels ?? NoLabels;
        _acked = type.AckedLabels ?? NoLabels;
        _synced = type.State == SyncState.Synced;
        _allAcked = AllAcked(_current, _acked);
    }

    public static TypeStatusSignature Of(TypeSyncStatus type) => new(type);

    /// <summary>
    /// Whether a reader would see the same: same NACK, same current and ACKed labels, and the same sync state unless every
    /// current label is ACKed with its value (then the state changes nothing a policy reads from this type).
    /// </summary>
    public bool SameAs(TypeStatusSignature? other) =>
        other is not null && _typeUrl == other._typeUrl && _nacked == other._nacked && _nackNonce == other._nackNonce
        && StringMaps.Same(_current, other._current) && StringMaps.Same(_acked, other._acked)
        && (_allAcked || _synced == other._synced);

    private static bool AllAcked(IReadOnlyDictionary<string, string> current, IReadOnlyDictionary<string, string> acked)
    {
        foreach (var (label, value) in current)
        {
            if (!acked.TryGetValue(label, out var ackedValue) || ackedValue != value)
            {
                return false;
            }
        }

        return true;
    }
}
