using System.Runtime.CompilerServices;
using Google.Protobuf;

namespace Mesh.XdsServer.Snapshots;

/// <summary>The resources of one type in a snapshot, with a version derived from their contents.</summary>
public sealed class TypeResources
{
    private readonly Dictionary<string, CachedResource> _byName;

    internal TypeResources(string typeUrl, IEnumerable<CachedResource> resources)
    {
        TypeUrl = typeUrl;
        Ordered = resources.OrderBy(r => r.Name, StringComparer.Ordinal).ToArray();
        _byName = Ordered.ToDictionary(r => r.Name, StringComparer.Ordinal);
        Version = VersionHash.Of(Ordered);
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

    internal static TypeResources Empty(string typeUrl) => new(typeUrl, []);

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
