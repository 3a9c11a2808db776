namespace Mesh.XdsServer.Model;

/// <summary>Equality of string maps (labels, source-field maps) by content, the same instance first.</summary>
internal static class StringMaps
{
    public static bool Same(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b) =>
        ReferenceEquals(a, b)
        || (a is not null && b is not null && a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var v) && v == pair.Value));
}
