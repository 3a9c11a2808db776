using System.Diagnostics;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Translation;

namespace Mesh.XdsServer.Config;

/// <summary>One publish's translations: one snapshot per distinct scope (and policy labels).</summary>
/// <param name="index">The workload index of <paramref name="model"/>: built once per model (a reconnecting fleet
/// resolves 2,000 nodes against the same model, and indexing it per node held the server's lock for seconds).</param>
internal sealed class PublishBuild(MeshModel model, WorkloadIndex index, MeshTranslator translator, ScopeOwnerMaps ownerMaps, IReadOnlyDictionary<PublishBuild.SnapshotKey, PublishBuild.BuiltSnapshot> previous)
{
    /// <summary>
    /// What a snapshot is memoized by: the proxy's scope (every field of it, those added later included) and the
    /// policy of its pod (which adds that policy's label).
    /// </summary>
    public sealed record SnapshotKey(ProxyScope Scope, string? Policy);

    /// <summary>A snapshot, the translation it was made from and the owner map it was labelled with.</summary>
    public sealed record BuiltSnapshot(TranslatedResources Resources, Snapshot Snapshot, IReadOnlyDictionary<string, string> Owners);

    private readonly Dictionary<SnapshotKey, Snapshot?> _snapshots = new();
    private readonly HashSet<Snapshot> _fresh = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<IReadOnlyDictionary<string, string>> _sourceMapSet = new(ReferenceEqualityComparer.Instance);
    private readonly List<IReadOnlyDictionary<string, string>> _sourceMaps = [];
    private readonly Dictionary<string, string> _generations = model.Policies
        .GroupBy(p => p.Label, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Generation(g.Last()), StringComparer.Ordinal);
    private readonly string _policiesKey = string.Join('\n', model.Policies.Select(p => p.Label).Order(StringComparer.Ordinal));

    public WorkloadIndex Index { get; } = index;

    /// <summary>The translations' source-field maps, each instance once (scopes that see the same services share one), in
    /// the order first met. Merged only by whoever needs the merge (<see cref="Merge"/>): a stream start's build serves one
    /// scope and adds only the maps the published merge lacks.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> SourceMaps => _sourceMaps;

    /// <summary>The snapshots built (or kept) by this publish, for the next one.</summary>
    public Dictionary<SnapshotKey, BuiltSnapshot> Snapshots { get; } = new();

    /// <summary>Stopwatch ticks spent translating, merging maps and building snapshots (for <see cref="PublishTimings"/>).</summary>
    public long TranslateTicks { get; private set; }

    public long MapTicks { get; private set; }

    public long SnapshotTicks { get; private set; }

    /// <summary>The snapshots this publish built anew (kept ones were validated when first built).</summary>
    public IEnumerable<Snapshot> Fresh() => _fresh;

    public Snapshot? SnapshotFor(ProxyScope scope, List<string> errors, Workload? workload = null)
    {
        var memo = new SnapshotKey(scope, workload?.Policy);
        if (_snapshots.TryGetValue(memo, out var known))
        {
            return known;
        }

        Snapshot? snapshot = null;
        try
        {
            var started = Stopwatch.GetTimestamp();
            var resources = translator.Translate(model, scope);
            var translated = Stopwatch.GetTimestamp();
            TranslateTicks += translated - started;
            if (_sourceMapSet.Add(resources.SourceFields))
            {
                _sourceMaps.Add(resources.SourceFields);
            }

            var (owners, ownerLabels) = ownerMaps.For(resources.SourcePolicies, Index, _policiesKey);
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var label in ownerLabels)
            {
                labels[label] = _generations[label];
            }

            if (scope.Namespace.Length > 0)
            {
                var own = workload?.Policy is { } name ? Index.Policy(scope.Namespace, name) : null;
                foreach (var policy in Index.InboundPolicies(scope).Append(own).OfType<MeshPolicyRef>())
                {
                    labels[policy.Label] = Generation(policy);
                }
            }

            var mapped = Stopwatch.GetTimestamp();
            MapTicks += mapped - translated;
            // A policy edit moves its generation label on every snapshot that carries it: with the same owners and
            // label keys the last snapshot is kept with new label values (and new EDS/RDS lists where they moved)
            // rather than built again from every list.
            var kept = previous.TryGetValue(memo, out var last) && ReferenceEquals(last.Owners, owners) ? last : null;
            if (kept is not null && ReferenceEquals(kept.Resources, resources) && StringMaps.Same(kept.Snapshot.Labels, labels))
            {
                snapshot = kept.Snapshot;
            }
            else
            {
                snapshot = (kept is not null ? Swapped(kept, resources)?.WithLabelValues(labels) : null) ?? Create(resources, labels, owners);
                _fresh.Add(snapshot);
            }
            SnapshotTicks += Stopwatch.GetTimestamp() - mapped;
            Snapshots[memo] = new BuiltSnapshot(resources, snapshot, owners);
        }
        catch (InvalidSnapshotException e)
        {
            errors.Add($"{Describe(scope)}: {e.Message}");
        }

        _snapshots[memo] = snapshot;
        return snapshot;
    }

    /// <summary><paramref name="into"/> (copied; none: empty) with <paramref name="maps"/> merged in order, a later
    /// map's entry replacing an earlier one's.</summary>
    public static Dictionary<string, string> Merge(IEnumerable<IReadOnlyDictionary<string, string>> maps, IReadOnlyDictionary<string, string>? into = null)
    {
        var merged = into is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(into, StringComparer.Ordinal);
        foreach (var map in maps)
        {
            foreach (var (name, field) in map)
            {
                merged[name] = field;
            }
        }

        return merged;
    }

    /// <summary>
    /// Builds the snapshot from whole per-type lists (each list cached once, see TypeResources.For), so that lists kept
    /// from the previous model keep their TypeResources and version; the message-by-message path reports duplicates.
    /// </summary>
    private static Snapshot Create(TranslatedResources resources, Dictionary<string, string> labels, IReadOnlyDictionary<string, string> owners)
    {
        var snapshot = CreateHeld(resources, labels, owners);
        return resources.ListenerTemplate is { } template ? snapshot.WithTemplate(TypeUrls.Listener, template) : snapshot;
    }

    private static Snapshot CreateHeld(TranslatedResources resources, Dictionary<string, string> labels, IReadOnlyDictionary<string, string> owners)
    {
        try
        {
            var cache = ResourceCache.Shared;
            return Snapshot.FromTypes(
                [
                    TypeResources.For(TypeUrls.Cluster, resources.Clusters, cache),
                    TypeResources.For(TypeUrls.Endpoint, resources.Endpoints, cache),
                    TypeResources.For(TypeUrls.Listener, resources.Listeners, cache),
                    TypeResources.For(TypeUrls.Route, resources.Routes, cache),
                    TypeResources.For(TypeUrls.Secret, resources.Secrets, cache),
                ],
                labels,
                owners);
        }
        catch (ArgumentException)
        {
            return Snapshot.Create(resources.All(), labels, owners: owners);
        }
    }

    /// <summary>
    /// The kept snapshot with new EDS and/or RDS resources of the same names, when the translator kept every other
    /// list and the source-policy map (an endpoint-only change, or a route change that left this scope's clusters and
    /// listeners as they were); null when a full build is needed.
    /// </summary>
    private static Snapshot? Swapped(BuiltSnapshot kept, TranslatedResources next)
    {
        var last = kept.Resources;
        if (!ReferenceEquals(last.Clusters, next.Clusters) || !ReferenceEquals(last.Listeners, next.Listeners)
            || !ReferenceEquals(last.Secrets, next.Secrets) || !ReferenceEquals(last.SourcePolicies, next.SourcePolicies))
        {
            return null;
        }

        Snapshot? snapshot = kept.Snapshot;
        if (!ReferenceEquals(last.Endpoints, next.Endpoints))
        {
            snapshot = snapshot.WithSameNames(TypeResources.For(TypeUrls.Endpoint, next.Endpoints, ResourceCache.Shared));
        }
        if (snapshot is not null && !ReferenceEquals(last.Routes, next.Routes))
        {
            snapshot = snapshot.WithSameNames(TypeResources.For(TypeUrls.Route, next.Routes, ResourceCache.Shared));
        }
        return snapshot;
    }

    private static string Generation(MeshPolicyRef policy) => policy.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Describe(ProxyScope scope) =>
        scope.Kind == ProxyKind.Sidecar ? $"sidecars of {scope.Namespace} (service account {scope.ServiceAccount})" : MeshConfigServer.ProxylessKey;
}
