using System.Text;

namespace Mesh.XdsServer.Status;

/// <summary>
/// What a policy's status can read from one proxy, as a string: per type, whether it is NACKed and by which response,
/// and for each label of what it should hold, the label, and either that the ACKed config already carries it or what
/// was ACKed and whether the type is in sync. An ACK that leaves this unchanged (an endpoint push ACKed at the same
/// generation) wakes no policy: with 2,000 proxies each such ACK woke all of them for nothing.
/// </summary>
internal static class ProxyStatusSignature
{
    /// <summary>One type's part: a proxy's signature is the parts of its types in push order (a stream keeps each part
    /// while the type's status stands, see TypeState).</summary>
    public static string OfType(TypeSyncStatus type)
    {
        var text = new StringBuilder();
        text.Append(type.TypeUrl).Append('|');
        if (type.State == SyncState.Nacked)
        {
            text.Append("nack:").Append(type.LastNack?.Nonce).Append('|');
        }

        foreach (var (label, current) in (type.CurrentLabels ?? new Dictionary<string, string>()).OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            text.Append(label).Append('=').Append(current);
            var acked = type.AckedLabels?.GetValueOrDefault(label);
            if (acked != current)
            {
                // Whether an unACKed label counts then depends on the sync state and on what was ACKed.
                text.Append(";acked=").Append(acked).Append(";synced=").Append(type.State == SyncState.Synced);
            }

            text.Append('|');
        }

        foreach (var (label, acked) in (type.AckedLabels ?? new Dictionary<string, string>()).OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (type.CurrentLabels?.ContainsKey(label) != true)
            {
                text.Append("held:").Append(label).Append('=').Append(acked).Append('|');
            }
        }

        text.Append('\n');
        return text.ToString();
    }
}
