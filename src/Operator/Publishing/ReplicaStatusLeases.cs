using Mesh.Operator.Status;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using k8s.Models;
using Mesh.Operator.Entities;

namespace Mesh.Operator.Publishing;

/// <summary>
/// The channel from every replica's xDS streams to the leader's status writes: each replica keeps one Lease in the
/// operator's namespace (label <see cref="Label"/>) whose annotation holds, per policy, what its own proxies say, and
/// whose renewTime says it is alive. The leader adds the fresh ones of the other replicas to its own proxies' counts.
/// Pure helpers; the writer and the reader do the I/O.
/// </summary>
public static class ReplicaStatusLeases
{
    public const string Label = "mesh.dev/xds-replica-status";

    public const string Annotation = "mesh.dev/xds-proxies";

    /// <summary>How often a replica renews its Lease even when nothing changed; three missed renewals make it stale.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(10);

    /// <summary>A Lease name per replica identity (identities can be long: hashed, with a readable prefix).</summary>
    public static string NameFor(string identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..16];
        return $"mesh-xds-status-{hash}";
    }

    public static V1Lease Build(string ns, string identity, IReadOnlyDictionary<string, ReplicaProxySummary> summaries, DateTimeOffset now) => new()
    {
        ApiVersion = "coordination.k8s.io/v1",
        Kind = "Lease",
        Metadata = new V1ObjectMeta
        {
            Name = NameFor(identity),
            NamespaceProperty = ns,
            Labels = new Dictionary<string, string> { [Label] = "true", [MeshLabels.ManagedBy] = MeshLabels.ManagedByValue },
            Annotations = new Dictionary<string, string> { [Annotation] = JsonSerializer.Serialize(summaries) },
        },
        Spec = new V1LeaseSpec
        {
            HolderIdentity = identity,
            LeaseDurationSeconds = (int)(Heartbeat * 3).TotalSeconds,
            RenewTime = now.UtcDateTime,
        },
    };

    /// <summary>The summaries of <paramref name="policyKey"/> (<c>ns/name</c>) from fresh Leases of other replicas.</summary>
    public static IReadOnlyList<ReplicaProxySummary> OthersFor(IEnumerable<V1Lease> leases, string ownIdentity, string policyKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(leases);
        var result = new List<ReplicaProxySummary>();
        foreach (var lease in leases)
        {
            if (lease.Metadata.Labels?.ContainsKey(Label) != true || lease.Spec?.HolderIdentity == ownIdentity
                || lease.Spec?.RenewTime is not { } renewed
                || now - new DateTimeOffset(DateTime.SpecifyKind(renewed, DateTimeKind.Utc)) > TimeSpan.FromSeconds(lease.Spec.LeaseDurationSeconds ?? 30))
            {
                continue;
            }

            if (Read(lease).TryGetValue(policyKey, out var summary))
            {
                result.Add(summary);
            }
        }

        return result;
    }

    /// <summary>The policy keys a Lease reports on (what its change should wake).</summary>
    public static IEnumerable<string> PolicyKeys(V1Lease lease) =>
        lease.Metadata.Labels?.ContainsKey(Label) == true ? Read(lease).Keys : [];

    public static IReadOnlyDictionary<string, ReplicaProxySummary> Read(V1Lease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (lease.Metadata.Annotations?.TryGetValue(Annotation, out var json) != true || string.IsNullOrEmpty(json))
        {
            return new Dictionary<string, ReplicaProxySummary>();
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, ReplicaProxySummary>>(json) ?? new Dictionary<string, ReplicaProxySummary>();
        }
        catch (JsonException)
        {
            return new Dictionary<string, ReplicaProxySummary>();
        }
    }

    /// <summary>Local counts plus the other replicas' for the published generation; the first rejection wins.</summary>
    public static ProgrammedState Merge(ProgrammedState local, PublishedPolicy published, long generation, bool accepted, IReadOnlyList<ReplicaProxySummary> others)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(published);
        var current = others.Where(o => o.Generation == published.Generation).ToList();
        if (current.Count == 0)
        {
            return local;
        }

        var counts = new ProxiesStatus
        {
            Connected = local.Proxies.Connected + current.Sum(o => o.Connected),
            Acked = local.Proxies.Acked + current.Sum(o => o.Acked),
            Nacked = local.Proxies.Nacked + current.Sum(o => o.Nacked),
            Unknown = local.Proxies.Unknown,
        };
        var rejection = local.LastRejection ?? current.Select(o => o.Rejection).FirstOrDefault(r => r is not null);
        return ProgrammedEvaluator.Decide(published, generation, accepted, counts, rejection);
    }

    /// <summary>This replica's summary of one policy (from its local evaluation).</summary>
    public static ReplicaProxySummary Summarize(PublishedPolicy published, ProgrammedState local) => new()
    {
        Generation = published.Generation,
        Connected = local.Proxies.Connected,
        Acked = local.Proxies.Acked,
        Nacked = local.Proxies.Nacked,
        Rejection = local.LastRejection,
    };

    public static string KeyOf(string ns, string name) => string.Create(CultureInfo.InvariantCulture, $"{ns}/{name}");
}
