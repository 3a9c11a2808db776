namespace Mesh.LocalCluster.Resources;

/// <summary>An immutable view of the served resources, indexed for routing and discovery.</summary>
internal sealed class RegistrySnapshot
{
    private readonly Dictionary<(string Group, string Version, string Plural), ResourceDefinition> _byPath;
    private readonly Dictionary<ResourceTypeKey, ResourceDefinition> _byStorage;
    private readonly Dictionary<(string Group, string Kind), ResourceDefinition> _byKind;

    private RegistrySnapshot(IReadOnlyList<ResourceDefinition> all)
    {
        All = all;
        _byPath = all.ToDictionary(d => (d.Group, d.Version, d.Plural));
        _byStorage = new();
        _byKind = new();
        foreach (var def in all)
        {
            // The first definition of a storage key (built-in or the first served CRD version) is its primary.
            _byStorage.TryAdd(def.StorageKey, def);
            _byKind.TryAdd((def.Group, def.Kind), def);
        }

        Groups = all
            .GroupBy(d => d.Group)
            .OrderBy(g => Rank(g.Key))
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ServedGroup(g.Key, g.GroupBy(d => d.Version)
                .Select(v => new ServedVersion(v.Key, v.ToList()))
                .OrderByDescending(v => VersionPriority(v.Version))
                .ToList()))
            .ToList();
    }

    public IReadOnlyList<ResourceDefinition> All { get; }

    public IReadOnlyList<ServedGroup> Groups { get; }

    public static RegistrySnapshot Build(IReadOnlyList<ResourceDefinition> custom)
    {
        var builtInKeys = BuiltInResources.All.Select(d => d.StorageKey).ToHashSet();
        var extra = custom.Where(d => !builtInKeys.Contains(d.StorageKey));
        return new RegistrySnapshot([.. BuiltInResources.All, .. extra]);
    }

    public ResourceDefinition? Find(string group, string version, string plural) =>
        _byPath.GetValueOrDefault((group, version, plural));

    public ResourceDefinition? FindStorage(ResourceTypeKey key) => _byStorage.GetValueOrDefault(key);

    public ResourceDefinition? FindKind(string group, string kind) => _byKind.GetValueOrDefault((group, kind));

    /// <summary>Kubernetes version priority: GA over beta over alpha, higher numbers first (kube-aggregator).</summary>
    public static int VersionPriority(string version)
    {
        if (!version.StartsWith('v'))
        {
            return 0;
        }

        var rest = version[1..];
        var digits = new string(rest.TakeWhile(char.IsDigit).ToArray());
        if (!int.TryParse(digits, out var major))
        {
            return 0;
        }

        var suffix = rest[digits.Length..];
        var tier = suffix.Length == 0 ? 3 : suffix.StartsWith("beta", StringComparison.Ordinal) ? 2
            : suffix.StartsWith("alpha", StringComparison.Ordinal) ? 1 : 0;
        _ = int.TryParse(new string(suffix.SkipWhile(char.IsLetter).ToArray()), out var minor);
        return (tier * 1000 + major) * 1000 + minor;
    }

    private static int Rank(string group)
    {
        var index = BuiltInResources.GroupOrder.ToList().IndexOf(group);
        return index < 0 ? int.MaxValue : index;
    }
}
