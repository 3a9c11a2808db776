namespace Mesh.XdsServer.Model;

/// <summary>Equality of string maps (labels, source-field maps) by content, the same instance first.</summary>
internal static class StringMaps
{
    public static bool Same(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is null || b is null || a.Count != b.Count)
        {
            return false;
        }

        // Called per stream per status build: the concrete map's enumerator is a struct (no allocation per call).
        return a is Dictionary<string, string> map ? Contains(map, b) : ContainsAny(a, b);
    }

    private static bool Contains(Dictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other) || other != value)
            {
                return false;
            }
        }

        return true;
    }

    // Apart from Same: a lambda capturing a parameter there would allocate its closure on every call, fast path included.
    private static bool ContainsAny(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.All(pair => b.TryGetValue(pair.Key, out var v) && v == pair.Value);
}
