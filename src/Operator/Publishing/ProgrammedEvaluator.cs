using System.Globalization;
using Mesh.Operator.Entities;
using Mesh.XdsServer.Status;

namespace Mesh.Operator.Publishing;

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
        var connected = proxies.Count;
        var acked = 0;
        var nacked = 0;
        ProxyRejection? rejection = null;
        foreach (var proxy in proxies)
        {
            var nack = proxy.Types
                .Select(t => (t.TypeUrl, t.LastNack))
                .Where(t => t.LastNack is not null && t.LastNack.RejectedLabels.TryGetValue(label, out var g) && Parse(g) >= published.Generation)
                .FirstOrDefault();
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
            // A type whose content did not change with this generation is not sent again, so its ACK still carries an
            // older label: being Synced with a current snapshot that carries this generation counts as ACKing it.
            var current = proxy.CurrentLabels is { } labels && labels.TryGetValue(label, out var cg) && Parse(cg) >= published.Generation;
            var subscribed = proxy.Types.Where(t => t.State != SyncState.NotSent || t.AckedVersion is not null).ToList();
            if (subscribed.Count > 0 && subscribed.All(t =>
                    (t.AckedLabels is { } l && l.TryGetValue(label, out var g) && Parse(g) >= published.Generation)
                    || (current && t.State == SyncState.Synced)))
            {
                acked++;
            }
        }

        var counts = new ProxiesStatus { Connected = connected, Acked = acked, Nacked = nacked };
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
}
