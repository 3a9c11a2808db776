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
            var nack = RejectionOf(proxy, label, published.Generation);
            var receives = proxy.CurrentLabels?.ContainsKey(label) == true;
            if (!receives && nack is null)
            {
                continue;
            }

            connected++;
            if (nack is { } rejected)
            {
                nacked++;
                rejection ??= new ProxyRejection
                {
                    Proxy = proxy.NodeId,
                    Type = rejected.TypeUrl[(rejected.TypeUrl.LastIndexOf('.') + 1)..],
                    Message = rejected.LastNack!.ErrorMessage,
                    Field = RejectedFieldResolver.Resolve(rejected.LastNack, sourceFields),
                };
                continue;
            }

            if (HasAcked(proxy, label, published.Generation))
            {
                acked++;
            }
        }

        return Decide(published, generation, accepted, new ProxiesStatus { Connected = connected, Acked = acked, Nacked = nacked }, rejection);
    }

    // Loops rather than LINQ: a status reconcile evaluates every proxy of the policy (hundreds), and the lambdas' closures
    // over the label were allocated per proxy.

    /// <summary>The first type of <paramref name="proxy"/> NACKed with a snapshot carrying this generation of the policy or a later one.</summary>
    private static TypeSyncStatus? RejectionOf(ProxyStatus proxy, string label, long generation)
    {
        foreach (var type in proxy.Types)
        {
            if (type.State == SyncState.Nacked && type.LastNack is { } nack && nack.RejectedLabels.TryGetValue(label, out var g) && Parse(g) >= generation)
            {
                return type;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether every type whose current view holds this policy's resources was ACKed at this generation or later. A type
    /// whose content did not change with this generation is not sent again, so its ACK still carries an older label: being
    /// Synced with a current view that carries this generation counts as ACKing it.
    /// </summary>
    private static bool HasAcked(ProxyStatus proxy, string label, long generation)
    {
        var concerned = 0;
        foreach (var type in proxy.Types)
        {
            if (type.CurrentLabels is not { } current || !current.TryGetValue(label, out var now))
            {
                continue;
            }

            concerned++;
            var ackedIt = (type.AckedLabels is { } l && l.TryGetValue(label, out var g) && Parse(g) >= generation)
                || (type.State == SyncState.Synced && Parse(now) >= generation);
            if (!ackedIt)
            {
                return false;
            }
        }

        return concerned > 0;
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
