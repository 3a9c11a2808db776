using System.Runtime.CompilerServices;
using Google.Protobuf;

namespace Mesh.XdsServer.Snapshots;

/// <summary>
/// An immutable, consistency-checked set of xDS resources for one proxy or a group of proxies that share config
/// (go-control-plane's separation: the snapshot is what is served, the server decides how).
/// </summary>
public sealed class Snapshot
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();
    private readonly Dictionary<string, TypeResources> _types;

    private static readonly IReadOnlyDictionary<string, string> NoOwners = new Dictionary<string, string>();
    private readonly HashSet<string> _ownerLabels;

    private Snapshot(Dictionary<string, TypeResources> types, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> owners)
        : this(types, labels, owners, owners.Values.ToHashSet(StringComparer.Ordinal))
    {
    }

    private Snapshot(Dictionary<string, TypeResources> types, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> owners, HashSet<string> ownerLabels)
    {
        _types = types;
        Labels = labels;
        Owners = owners;
        _ownerLabels = ownerLabels;
    }

    /// <summary>
    /// This snapshot with another EDS or RDS type that holds exactly the same resource names (an endpoint-only change, a
    /// route change), or null when the names differ. Consistency (EDS and RDS resources are only looked up by name),
    /// labels and owners depend on the names only, so they stand as they are: no check is run again and no map is
    /// copied (a publish does this for every proxy scope). Clusters and listeners name other resources: not here.
    /// </summary>
    internal Snapshot? WithSameNames(TypeResources replacement)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        if (replacement.TypeUrl is not (TypeUrls.Endpoint or TypeUrls.Route))
        {
            throw new ArgumentException($"only EDS or RDS resources can be swapped by name, not {replacement.TypeUrl}", nameof(replacement));
        }

        var current = Get(replacement.TypeUrl);
        if (replacement.Count != current.Count)
        {
            return null;
        }

        // Both are ordered by name (ordinal): equal lists of names, compared in one pass.
        for (var i = 0; i < replacement.Count; i++)
        {
            if (!string.Equals(replacement.Ordered[i].Name, current.Ordered[i].Name, StringComparison.Ordinal))
            {
                return null;
            }
        }

        var types = new Dictionary<string, TypeResources>(_types, StringComparer.Ordinal) { [replacement.TypeUrl] = replacement };
        return new Snapshot(types, Labels, Owners, _ownerLabels);
    }

    /// <summary>
    /// This snapshot with new values for the same label keys (a policy's next generation), or null when the keys differ.
    /// Owners are kept: which label owns a resource depends on the keys, not on their values.
    /// </summary>
    internal Snapshot? WithLabelValues(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count != Labels.Count || labels.Keys.Any(k => !Labels.ContainsKey(k)))
        {
            return null;
        }
        if (labels.All(l => Labels[l.Key] == l.Value))
        {
            return this;
        }
        return new Snapshot(_types, new Dictionary<string, string>(labels, StringComparer.Ordinal), Owners, _ownerLabels);
    }

    /// <summary>
    /// Resource name -> the key of the label (in <see cref="Labels"/>) naming what produced it, for resources that
    /// belong to one producer. A proxy that subscribes by name gets only the labels of what its resources came from.
    /// </summary>
    public IReadOnlyDictionary<string, string> Owners { get; }

    /// <summary>The label key of the producer of resource <paramref name="name"/>, or null when it has none of its own.</summary>
    public string? OwnerOf(string name) => Owners.GetValueOrDefault(name);

    /// <summary>
    /// The labels that describe <paramref name="view"/> (what one stream holds of one type): a label that owns
    /// resources is kept only when one of them is in the view; labels that own no resource (scope-wide) are kept.
    /// </summary>
    public IReadOnlyDictionary<string, string> LabelsFor(IEnumerable<CachedResource> view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return _ownerLabels.Count == 0 ? Labels : ComputeLabelsFor(view);
    }

    /// <summary>
    /// <see cref="LabelsFor"/> of a view list that never changes once built (a stream's view: shared, immutable),
    /// remembered per list.
    /// </summary>
    internal IReadOnlyDictionary<string, string> LabelsForView(IReadOnlyList<CachedResource> list)
    {
        if (_ownerLabels.Count == 0)
        {
            return Labels;
        }

        // Views are shared (every stream with the same subscription holds the same list) and so is a scope's owner map
        // across publishes: which owners a view holds is remembered per (list, owner map), so a stream's status
        // publishes stop walking its view (a third of the operator's CPU under endpoint churn with 200 sidecars).
        var byOwners = OwnersByView.GetValue(list, static _ => new ConditionalWeakTable<IReadOnlyDictionary<string, string>, OwnersSeen>());
        if (!byOwners.TryGetValue(Owners, out var seen))
        {
            seen = new OwnersSeen(OwnersIn(list));
            byOwners.AddOrUpdate(Owners, seen);
        }

        return seen.LabelsOf(this);
    }

    private IReadOnlyDictionary<string, string> ComputeLabelsFor(IEnumerable<CachedResource> view) => LabelsGiven(OwnersIn(view));

    /// <summary>The owner labels of the resources of <paramref name="view"/>; stops as soon as every owner is seen.</summary>
    private HashSet<string> OwnersIn(IEnumerable<CachedResource> view)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in view)
        {
            if (Owners.TryGetValue(resource.Name, out var owner) && seen.Add(owner) && seen.Count == _ownerLabels.Count)
            {
                break;
            }
        }

        return seen;
    }

    private IReadOnlyDictionary<string, string> LabelsGiven(HashSet<string> seen) =>
        seen.Count == _ownerLabels.Count
            ? Labels
            : Labels.Where(l => !_ownerLabels.Contains(l.Key) || seen.Contains(l.Key)).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);

    private static readonly ConditionalWeakTable<IReadOnlyList<CachedResource>, ConditionalWeakTable<IReadOnlyDictionary<string, string>, OwnersSeen>> OwnersByView = new();

    /// <summary>The owner labels one view holds, and the label map last given for them (per snapshot label map: every
    /// stream's status publish asks, and a filtered copy per stream per ACK was a good share of the churn's garbage).</summary>
    private sealed class OwnersSeen(HashSet<string> labels)
    {
        private Given? _last;

        public IReadOnlyDictionary<string, string> LabelsOf(Snapshot snapshot)
        {
            // Streams of many proxies race here: each pair is one object, and a lost update only costs a copy.
            if (Volatile.Read(ref _last) is { } last && ReferenceEquals(last.From, snapshot.Labels))
            {
                return last.Labels;
            }

            var given = new Given(snapshot.Labels, snapshot.LabelsGiven(labels));
            Volatile.Write(ref _last, given);
            return given.Labels;
        }

        private sealed record Given(IReadOnlyDictionary<string, string> From, IReadOnlyDictionary<string, string> Labels);
    }

    /// <summary>
    /// Opaque metadata carried with the snapshot and reported back with ACK status, for example
    /// <c>mesh.dev/policy-generation</c>, so that an ACK can be mapped to what produced the config.
    /// </summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>The resources by type URL; a type with no resources is present and empty.</summary>
    public IReadOnlyDictionary<string, TypeResources> Types => _types;

    /// <summary>The resources of one type (empty when the snapshot has none of that type).</summary>
    public TypeResources Get(string typeUrl) =>
        _types.TryGetValue(typeUrl, out var resources) ? resources : TypeResources.Empty(typeUrl);

    /// <summary>
    /// This snapshot with <paramref name="template"/> answering names of <paramref name="typeUrl"/> it does not hold
    /// (see <see cref="IResourceTemplate"/>). Members are built on request, so they are not consistency-checked here:
    /// a template must build only self-contained resources (a Listener with an inline route, for instance).
    /// </summary>
    public Snapshot WithTemplate(string typeUrl, IResourceTemplate template, ResourceCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (!TypeUrls.IsKnown(typeUrl))
        {
            throw new ArgumentException($"unknown type_url '{typeUrl}': give one of {string.Join(", ", TypeUrls.PushOrder)}", nameof(typeUrl));
        }

        var types = new Dictionary<string, TypeResources>(_types, StringComparer.Ordinal)
        {
            [typeUrl] = Get(typeUrl).WithTemplate(template, cache),
        };
        return new Snapshot(types, Labels, Owners);
    }

    /// <summary>The content-derived version of one type.</summary>
    public string GetVersion(string typeUrl) => Get(typeUrl).Version;

    /// <summary>Builds a snapshot from resource messages, serializing each through <paramref name="cache"/> (default: the shared one).</summary>
    /// <remarks>The messages must not be mutated afterwards: they are cached by reference.</remarks>
    /// <exception cref="InvalidSnapshotException">Duplicate names, unsupported types, or a missing EDS/RDS target.</exception>
    public static Snapshot Create(
        IEnumerable<IMessage> resources,
        IReadOnlyDictionary<string, string>? labels = null,
        ResourceCache? cache = null,
        IReadOnlyDictionary<string, string>? owners = null)
    {
        ArgumentNullException.ThrowIfNull(resources);
        cache ??= ResourceCache.Shared;
        var cached = new List<CachedResource>();
        var errors = new List<string>();
        foreach (var message in resources)
        {
            if (message is null)
            {
                errors.Add("A null resource was given: remove it.");
                continue;
            }

            if (ResourceNames.NameOf(message) is null)
            {
                errors.Add(
                    $"{message.Descriptor.FullName} is not a type this server serves: give Cluster, ClusterLoadAssignment, " +
                    "Listener, RouteConfiguration or Secret resources.");
                continue;
            }

            cached.Add(cache.GetOrAdd(message));
        }

        return Build(cached, labels, errors, owners);
    }

    /// <summary>Builds a snapshot from resources already cached (for callers that intern resources themselves).</summary>
    /// <exception cref="InvalidSnapshotException">Duplicate names or a missing EDS/RDS target.</exception>
    public static Snapshot Create(IEnumerable<CachedResource> resources, IReadOnlyDictionary<string, string>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(resources);
        return Build(resources.ToList(), labels, [], null);
    }

    /// <summary>
    /// Builds a snapshot from whole types already cached (<see cref="TypeResources.For"/>); types not given are empty.
    /// Checks consistency like <see cref="Create(IEnumerable{IMessage}, IReadOnlyDictionary{string, string}?, ResourceCache?, IReadOnlyDictionary{string, string}?)"/>;
    /// callers make sure names are unique and non-empty (the type lists are keyed by name).
    /// </summary>
    /// <exception cref="InvalidSnapshotException">A missing EDS/RDS target.</exception>
    internal static Snapshot FromTypes(IEnumerable<TypeResources> given, IReadOnlyDictionary<string, string>? labels, IReadOnlyDictionary<string, string>? owners)
    {
        var types = new Dictionary<string, TypeResources>(StringComparer.Ordinal);
        foreach (var typeUrl in TypeUrls.PushOrder)
        {
            types[typeUrl] = TypeResources.Empty(typeUrl);
        }
        foreach (var type in given)
        {
            types[type.TypeUrl] = type;
        }
        var errors = SnapshotConsistency.Check(types);
        if (errors.Count > 0)
        {
            throw new InvalidSnapshotException(errors);
        }
        return WithLabels(types, labels, owners, () => types.Values.SelectMany(t => t.Ordered).Select(r => r.Name));
    }

    private static Snapshot Build(
        List<CachedResource> resources, IReadOnlyDictionary<string, string>? labels, List<string> errors,
        IReadOnlyDictionary<string, string>? owners)
    {
        foreach (var resource in resources)
        {
            if (string.IsNullOrEmpty(resource.Name))
            {
                errors.Add($"A {TypeUrls.ShortName(resource.TypeUrl)} resource has an empty name: every resource needs a unique name.");
            }
        }

        foreach (var duplicate in resources
                     .GroupBy(r => (r.TypeUrl, r.Name))
                     .Where(g => g.Count() > 1 && !string.IsNullOrEmpty(g.Key.Name)))
        {
            errors.Add(
                $"{TypeUrls.ShortName(duplicate.Key.TypeUrl)} resource '{duplicate.Key.Name}' appears {duplicate.Count()} times: " +
                "names must be unique within a type.");
        }

        var types = new Dictionary<string, TypeResources>(StringComparer.Ordinal);
        foreach (var typeUrl in TypeUrls.PushOrder)
        {
            types[typeUrl] = new TypeResources(typeUrl,
                resources.Where(r => r.TypeUrl == typeUrl).DistinctBy(r => r.Name, StringComparer.Ordinal));
        }

        errors.AddRange(SnapshotConsistency.Check(types));
        if (errors.Count > 0)
        {
            throw new InvalidSnapshotException(errors);
        }

        return WithLabels(types, labels, owners, () => resources.Select(r => r.Name));
    }

    private static Snapshot WithLabels(
        Dictionary<string, TypeResources> types, IReadOnlyDictionary<string, string>? labels, IReadOnlyDictionary<string, string>? owners,
        Func<IEnumerable<string>> resourceNames)
    {
        var labelCopy = labels is null || labels.Count == 0
            ? NoLabels
            : new Dictionary<string, string>(labels, StringComparer.Ordinal);
        // Only owners the labels name, of resources the snapshot holds: anything else could never be reported.
        var names = owners is null || owners.Count == 0 ? null : resourceNames().ToHashSet(StringComparer.Ordinal);
        var ownerCopy = owners is null || names is null
            ? NoOwners
            : SharedOwners(owners, owners.Where(o => labelCopy.ContainsKey(o.Value) && names.Contains(o.Key))
                .ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal));
        return new Snapshot(types, labelCopy, ownerCopy);
    }

    private static readonly ConditionalWeakTable<IReadOnlyDictionary<string, string>, Dictionary<string, string>> LastOwnerCopy = new();

    /// <summary>
    /// The owner map made from <paramref name="source"/> last time when <paramref name="copy"/> equals it: the proxies
    /// that see the same services get equal maps, and one instance among them lets what is remembered per (view, owner
    /// map) (<see cref="LabelsForView"/>) be worked out once for all of them instead of once per proxy.
    /// </summary>
    private static Dictionary<string, string> SharedOwners(IReadOnlyDictionary<string, string> source, Dictionary<string, string> copy)
    {
        if (LastOwnerCopy.TryGetValue(source, out var last) && last.Count == copy.Count
            && copy.All(o => last.TryGetValue(o.Key, out var v) && v == o.Value))
        {
            return last;
        }
        LastOwnerCopy.AddOrUpdate(source, copy);
        return copy;
    }
}
