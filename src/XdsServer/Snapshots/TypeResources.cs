using System.Runtime.CompilerServices;
using Google.Protobuf;

namespace Mesh.XdsServer.Snapshots;

/// <summary>The resources of one type in a snapshot, with a version derived from their contents.</summary>
public sealed class TypeResources
{
    private readonly Dictionary<string, CachedResource> _byName;

    private readonly IResourceTemplate? _template;
    private readonly ResourceCache? _cache;

    internal TypeResources(string typeUrl, IEnumerable<CachedResource> resources)
    {
        TypeUrl = typeUrl;
        Ordered = resources.OrderBy(r => r.Name, StringComparer.Ordinal).ToArray();
        _byName = Ordered.ToDictionary(r => r.Name, StringComparer.Ordinal);
        Version = VersionHash.Of(Ordered);
    }

    private TypeResources(TypeResources held, IResourceTemplate template, ResourceCache cache)
    {
        TypeUrl = held.TypeUrl;
        Ordered = held.Ordered;
        _byName = held._byName;
        Version = held.Version;
        _template = template;
        _cache = cache;
    }

    /// <summary>The type URL of every resource here.</summary>
    public string TypeUrl { get; }

    /// <summary>Derived from the contents: equal sets of resources have equal versions.</summary>
    public string Version { get; }

    /// <summary>The resources ordered by name (ordinal), so that responses are deterministic.</summary>
    public IReadOnlyList<CachedResource> Ordered { get; }

    /// <summary>The resources by name.</summary>
    public IReadOnlyDictionary<string, CachedResource> ByName => _byName;

    public int Count => Ordered.Count;

    /// <summary>The validation errors of these resources, memoized per instance like each resource's: a list shared by
    /// many snapshots (an EDS list after an endpoint change) is walked once, not once per snapshot.</summary>
    internal IReadOnlyList<string>? ValidationErrors { get; set; }

    /// <summary>True when names beyond <see cref="ByName"/> may be answered (<see cref="IResourceTemplate"/>).</summary>
    public bool HasTemplate => _template is not null;

    /// <summary>
    /// The resource named <paramref name="name"/>: one held, else one the template builds for that name, else null
    /// (the resource does not exist). What a subscription by name sees; <see cref="Ordered"/> is what a wildcard sees.
    /// </summary>
    public CachedResource? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_byName.TryGetValue(name, out var held))
        {
            return held;
        }

        if (_template?.Build(name) is not { } message)
        {
            return null;
        }

        var built = _cache!.GetOrAdd(message);
        // A template answering another name or type would hand the proxy something it did not ask for: treat as absent.
        return built.Name == name && built.TypeUrl == TypeUrl ? built : null;
    }

    /// <summary>
    /// These resources plus the members of <paramref name="template"/> on request (the held ones win on a name both
    /// know). The version stays the held resources' one: a subscription by name is versioned by what it includes.
    /// </summary>
    public TypeResources WithTemplate(IResourceTemplate template, ResourceCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        return new TypeResources(this, template, cache ?? ResourceCache.Shared);
    }

    internal static TypeResources Empty(string typeUrl) => new(typeUrl, []);

    // The last ChangesFrom answer: the streams of one view all held the same previous view, so one entry serves them.
    private ResourceChanges? _changes;

    /// <summary>
    /// What a proxy holding exactly <paramref name="from"/> (each resource at its version, nothing else) lacks of these
    /// resources, in order, and the names it holds that these lack. Computed once per pair and kept for the last
    /// <paramref name="from"/>: after an endpoint change the 2,000 streams of a view share one walk of its 1,000 names
    /// instead of walking them once each.
    /// </summary>
    internal ResourceChanges ChangesFrom(TypeResources from)
    {
        ArgumentNullException.ThrowIfNull(from);
        if (ReferenceEquals(from, this))
        {
            return new ResourceChanges(from, [], []);
        }

        if (Volatile.Read(ref _changes) is { } last && ReferenceEquals(last.From, from))
        {
            return last;
        }

        var updated = new List<CachedResource>();
        foreach (var resource in Ordered)
        {
            if (!from._byName.TryGetValue(resource.Name, out var held) || held.Version != resource.Version)
            {
                updated.Add(resource);
            }
        }

        var gone = new List<string>();
        foreach (var resource in from.Ordered)
        {
            if (!_byName.ContainsKey(resource.Name))
            {
                gone.Add(resource.Name);
            }
        }

        var changes = new ResourceChanges(from, updated, gone);
        Volatile.Write(ref _changes, changes);
        return changes;
    }

    private static readonly ConditionalWeakTable<object, TypeResources> ByList = new();

    /// <summary>
    /// The resources of one list of messages, built once per list instance: a list shared by several snapshots (one
    /// proxy's clusters kept across an endpoint-only change, an EDS list shared by every proxy that sees the same
    /// services) is cached, hashed and versioned once. Throws <see cref="ArgumentException"/> on duplicate names.
    /// </summary>
    internal static TypeResources For<T>(string typeUrl, IReadOnlyList<T> messages, ResourceCache cache)
        where T : class, IMessage =>
        ByList.GetValue(messages, _ => new TypeResources(typeUrl, messages.Select(m => Named(cache.GetOrAdd(m)))));

    private static CachedResource Named(CachedResource resource) =>
        string.IsNullOrEmpty(resource.Name) ? throw new ArgumentException($"a {TypeUrls.ShortName(resource.TypeUrl)} resource has no name") : resource;
}
