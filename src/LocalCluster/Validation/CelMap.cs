using System.Collections;

namespace Mesh.LocalCluster.Validation;

/// <summary>
/// A JSON object as the Cel package sees it: a read-only string-keyed map. CEL's comprehensions iterate a map's keys,
/// but the package's filter() walks a value as a plain IEnumerable, which for a Dictionary yields key-value pairs
/// (`m.filter(k, k == 'x')` failed with "Cannot compare type KeyValuePair"); this map yields its keys there, and is a
/// dictionary to everything else.
/// </summary>
internal sealed class CelMap(Dictionary<string, object?> entries) : IDictionary<string, object?>, IDictionary
{
    /// <summary>The entries, for the code that builds or reads the map outside CEL.</summary>
    internal Dictionary<string, object?> Entries => entries;

    object? IDictionary<string, object?>.this[string key]
    {
        get => entries[key];
        set => throw ReadOnly();
    }

    object? IDictionary.this[object key]
    {
        get => key is string name && entries.TryGetValue(name, out var value) ? value : null;
        set => throw ReadOnly();
    }

    ICollection<string> IDictionary<string, object?>.Keys => entries.Keys;

    ICollection<object?> IDictionary<string, object?>.Values => entries.Values;

    ICollection IDictionary.Keys => entries.Keys;

    ICollection IDictionary.Values => entries.Values;

    int ICollection<KeyValuePair<string, object?>>.Count => entries.Count;

    int ICollection.Count => entries.Count;

    bool ICollection<KeyValuePair<string, object?>>.IsReadOnly => true;

    bool IDictionary.IsReadOnly => true;

    bool IDictionary.IsFixedSize => true;

    bool ICollection.IsSynchronized => false;

    object ICollection.SyncRoot => entries;

    bool IDictionary<string, object?>.ContainsKey(string key) => entries.ContainsKey(key);

    bool IDictionary<string, object?>.TryGetValue(string key, out object? value) => entries.TryGetValue(key, out value);

    bool IDictionary.Contains(object key) => key is string name && entries.ContainsKey(name);

    bool ICollection<KeyValuePair<string, object?>>.Contains(KeyValuePair<string, object?> item) =>
        ((ICollection<KeyValuePair<string, object?>>)entries).Contains(item);

    void ICollection<KeyValuePair<string, object?>>.CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) =>
        ((ICollection<KeyValuePair<string, object?>>)entries).CopyTo(array, arrayIndex);

    void ICollection.CopyTo(Array array, int index) => ((ICollection)entries).CopyTo(array, index);

    IEnumerator<KeyValuePair<string, object?>> IEnumerable<KeyValuePair<string, object?>>.GetEnumerator() => entries.GetEnumerator();

    IDictionaryEnumerator IDictionary.GetEnumerator() => ((IDictionary)entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => entries.Keys.GetEnumerator();

    void IDictionary<string, object?>.Add(string key, object? value) => throw ReadOnly();

    void ICollection<KeyValuePair<string, object?>>.Add(KeyValuePair<string, object?> item) => throw ReadOnly();

    void IDictionary.Add(object key, object? value) => throw ReadOnly();

    void ICollection<KeyValuePair<string, object?>>.Clear() => throw ReadOnly();

    void IDictionary.Clear() => throw ReadOnly();

    bool IDictionary<string, object?>.Remove(string key) => throw ReadOnly();

    bool ICollection<KeyValuePair<string, object?>>.Remove(KeyValuePair<string, object?> item) => throw ReadOnly();

    void IDictionary.Remove(object key) => throw ReadOnly();

    private static NotSupportedException ReadOnly() => new("a CEL map is read-only");
}
