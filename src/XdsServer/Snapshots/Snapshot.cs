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

    private Snapshot(Dictionary<string, TypeResources> types, IReadOnlyDictionary<string, string> labels)
    {
        _types = types;
        Labels = labels;
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

    /// <summary>The content-derived version of one type.</summary>
    public string GetVersion(string typeUrl) => Get(typeUrl).Version;

    /// <summary>Builds a snapshot from resource messages, serializing each through <paramref name="cache"/> (default: the shared one).</summary>
    /// <remarks>The messages must not be mutated afterwards: they are cached by reference.</remarks>
    /// <exception cref="InvalidSnapshotException">Duplicate names, unsupported types, or a missing EDS/RDS target.</exception>
    public static Snapshot Create(
        IEnumerable<IMessage> resources,
        IReadOnlyDictionary<string, string>? labels = null,
        ResourceCache? cache = null)
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

        return Build(cached, labels, errors);
    }

    /// <summary>Builds a snapshot from resources already cached (for callers that intern resources themselves).</summary>
    /// <exception cref="InvalidSnapshotException">Duplicate names or a missing EDS/RDS target.</exception>
    public static Snapshot Create(IEnumerable<CachedResource> resources, IReadOnlyDictionary<string, string>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(resources);
        return Build(resources.ToList(), labels, []);
    }

    private static Snapshot Build(
        List<CachedResource> resources, IReadOnlyDictionary<string, string>? labels, List<string> errors)
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

        var labelCopy = labels is null || labels.Count == 0
            ? NoLabels
            : new Dictionary<string, string>(labels, StringComparer.Ordinal);
        return new Snapshot(types, labelCopy);
    }
}
