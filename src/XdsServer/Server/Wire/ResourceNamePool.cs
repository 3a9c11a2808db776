using System.Collections.Concurrent;
using System.Text;

namespace Mesh.XdsServer.Server.Wire;

/// <summary>
/// One string per resource name, shared by every request that names it. A state-of-the-world ACK repeats the whole
/// subscription (1,000 EDS names for an unscoped proxy, 1,000 proxies at a time), and parsing allocated every name
/// afresh: most of the server's CPU in such a push went to making and collecting those strings. Names are looked up
/// from their UTF-8 bytes without allocating. The pool is bounded in count and in name length, so a client naming
/// made-up resources cannot grow it past 65,536 names of at most 256 characters (32 MiB); past the bound, and for longer
/// names, names are allocated as before.
/// </summary>
internal sealed class ResourceNamePool
{
    /// <summary>Far above a mesh's resource names (about five per service).</summary>
    internal const int MaxNames = 65_536;

    /// <summary>Longer names (a resource name is a cluster or listener name, far shorter) are not pooled.</summary>
    private const int MaxPooledChars = 256;
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _byChars;
    private readonly int _capacity;

    // ConcurrentDictionary.Count takes every lock; a name missing from the pool (a new or a made-up one) asks for it.
    private int _count;

    public ResourceNamePool(int capacity)
    {
        _capacity = capacity;
        _byChars = _names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The process's pool, which the request reader uses.</summary>
    public static ResourceNamePool Shared { get; } = new(MaxNames);

    /// <summary>How many names the pool holds.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The name <paramref name="utf8"/> spells, or null when it is not valid UTF-8 (the caller's parser decides then).</summary>
    public string? Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        try
        {
            if (utf8.Length > MaxPooledChars)
            {
                // At least as many bytes as characters: such a name may be longer than any pooled one.
                var decoded = Strict.GetString(utf8);
                return decoded.Length <= MaxPooledChars ? Pooled(decoded) : decoded;
            }

            Span<char> buffer = stackalloc char[MaxPooledChars];
            var chars = buffer[..Strict.GetChars(utf8, buffer)];
            return _byChars.TryGetValue(chars, out var known) ? known : Pooled(new string(chars));
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private string Pooled(string name)
    {
        if (Volatile.Read(ref _count) >= _capacity)
        {
            return name;
        }

        if (_names.TryAdd(name, name))
        {
            Interlocked.Increment(ref _count);
            return name;
        }

        return _names.TryGetValue(name, out var pooled) ? pooled : name;
    }
}
