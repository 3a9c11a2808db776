using Mesh.Operator.Publishing;
using System.Globalization;
using Mesh.Operator.Entities;
using Mesh.XdsServer.Status;

namespace Mesh.Operator.Status;

/// <summary>
/// Decides Programmed from the proxies' ACK/NACK state (pure). A proxy counts as having ACKed a generation when every
/// type it subscribed to was ACKed with a snapshot labelled with that generation or a later one; a NACK of a snapshot
/// carrying this policy is reported with the proxy's error and, where the rejected resource is known, the spec field.
/// </summary>
public static class ProgrammedEvaluator
{
    public static ProgrammedState Evaluate(
        PublishedPolicy? published,
        long generation,
        bool accepted,
        IReadOnlyList<ProxyStatus> proxies,
        IReadOnlyDictionary<string, string> sourceFields)
    {
        ArgumentNullException.ThrowIfNull(proxies);
        ArgumentNullException.ThrowIfNull(sourceFields);
        if (published is null)
        {
            return new ProgrammedState
            {
                Status = ConditionStatus.False,
                Reason = ConditionReasons.NotAccepted,
                Message = "Nothing is published for this policy yet: it must be Accepted first.",
            };
        }

        var label = published.Label;
        var connected = 0;
        var acked = 0;
        var nacked = 0;
        ProxyRejection? rejection = null;
        foreach (var proxy in proxies)
        {
            // Only the proxies that receive this policy's resources (or just rejected them) count for it.
            var nack = proxy.Types
                .Where(t => t.State == SyncState.Nacked && t.LastNack is { } n && n.RejectedLabels.TryGetValue(label, out var g) && Parse(g) >= published.Generation)
                .Select(t => (t.TypeUrl, t.LastNack))
                .FirstOrDefault();
            var receives = proxy.CurrentLabels?.ContainsKey(label) == true;
            if (!receives && nack.LastNack is null)
            {
                continue;
            }

            connected++;
            if (nack.LastNack is { } info)
            {
                nacked++;
                rejection ??= new ProxyRejection
                {
                    Proxy = proxy.NodeId,
                    Type = nack.TypeUrl[(nack.TypeUrl.LastIndexOf('.') + 1)..],
                    Message = info.ErrorMessage,
                    Field = RejectedFieldResolver.Resolve(info, sourceFields),
                };
                continue;
            }
            // Every type whose current view holds this policy's resources must be ACKed at this generation or later. A
            // type whose content did not change with this generation is not sent again, so its ACK still carries an
            // older label: being Synced with a current view that carries this generation counts as ACKing it.
            var concerned = proxy.Types.Where(t => t.CurrentLabels?.ContainsKey(label) == true).ToList();
            if (concerned.Count > 0 && concerned.All(t =>
                    (t.AckedLabels is { } l && l.TryGetValue(label, out var g) && Parse(g) >= published.Generation)
                    || (t.State == SyncState.Synced && Parse(t.CurrentLabels![label]) >= published.Generation)))
            {
                acked++;
            }
        }

        return Decide(published, generation, accepted, new ProxiesStatus { Connected = connected, Acked = acked, Nacked = nacked }, rejection);
    }

    /// <summary>
    /// The condition from proxy counts (this replica's, or every replica's summed) and the first rejection seen. Pure.
    /// </summary>
    public static ProgrammedState Decide(PublishedPolicy published, long generation, bool accepted, ProxiesStatus counts, ProxyRejection? rejection)
    {
        ArgumentNullException.ThrowIfNull(published);
        ArgumentNullException.ThrowIfNull(counts);
        var (connected, acked, nacked) = (counts.Connected, counts.Acked, counts.Nacked);
        var stale = published.Generation < generation;
        if (rejection is not null)
        {
            var where = rejection.Field is { Length: > 0 } field ? $" (from {field})" : "";
            return new ProgrammedState
            {
                Status = ConditionStatus.False,
                Reason = ConditionReasons.ProxyRejected,
                Message = $"{nacked}/{connected} proxies rejected generation {published.Generation}{where}: proxy {rejection.Proxy} refused {rejection.Type}: {rejection.Message}",
                Proxies = counts,
                LastRejection = rejection,
            };
        }
        if (!accepted || stale)
        {
            return new ProgrammedState
            {
                Status = ConditionStatus.False,
                Reason = ConditionReasons.NotAccepted,
                Message = $"Generation {generation} is not accepted; proxies keep generation {published.Generation} ({acked}/{connected} ACKed it).",
                Proxies = counts,
            };
        }
        if (acked < connected)
        {
            return new ProgrammedState
            {
                Status = ConditionStatus.False,
                Reason = ConditionReasons.ProxiesPending,
                Message = $"{acked}/{connected} proxies ACKed generation {generation}; waiting for the others.",
                Proxies = counts,
                Pending = true,
            };
        }
        return new ProgrammedState
        {
            Status = ConditionStatus.True,
            Reason = connected == 0 ? ConditionReasons.NoProxies : ConditionReasons.AllProxiesAcked,
            Message = connected == 0
                ? $"Generation {generation} is published; no proxy is connected yet."
                : $"{acked}/{connected} proxies ACKed generation {generation}.",
            Proxies = counts,
        };
    }

    private static long Parse(string value) => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var g) ? g : -1;

    /// <summary>
    /// Adds the sidecars of the policy's namespace whose node id names no known pod: they get an empty config, so the
    /// status says so (status.proxies.unknown and the message) without holding Programmed back.
    /// </summary>
    public static ProgrammedState WithUnknownProxies(ProgrammedState state, IReadOnlyList<string> unknownNodes)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(unknownNodes);
        if (unknownNodes.Count == 0)
        {
            return state;
        }

        var shown = string.Join(", ", unknownNodes.Take(3)) + (unknownNodes.Count > 3 ? ", ..." : "");
        return state with
        {
            Message = $"{state.Message} {unknownNodes.Count} connected proxy(ies) of this namespace name no known pod and get an empty config until it appears: {shown}.",
            Proxies = state.Proxies with { Unknown = unknownNodes.Count },
        };
    }
}
