using System.Collections.Concurrent;
using System.Text;

namespace Mesh.XdsServer.Server.Wire;

/// <summary>
/// One string per resource name, shared by every request that names it. A state-of-the-world ACK repeats the whole
/// subscription (1,000 EDS names for an unscoped proxy, 1,000 proxies at a time), and parsing allocated every name
/// afresh: most of the server's CPU in such a push went to making and collecting those strings. Names are looked up
/// from their UTF-8 bytes without allocating; the pool is bounded, so a client naming made-up resources cannot grow it
/// without limit (past the bound, names are allocated as before).
/// </summary>
internal sealed class ResourceNamePool
{
    /// <summary>Far above a mesh's resource names (about five per service); 64 Ki names of 64 bytes are 8 MiB.</summary>
    internal const int MaxNames = 65_536;

    private const int StackChars = 256;
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _byChars;
    private readonly int _capacity;

    public ResourceNamePool(int capacity)
    {
        _capacity = capacity;
        _byChars = _names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The process's pool, which the request reader uses.</summary>
    public static ResourceNamePool Shared { get; } = new(MaxNames);

    /// <summary>How many names the pool holds.</summary>
    public int Count => _names.Count;

    /// <summary>The name <paramref name="utf8"/> spells, or null when it is not valid UTF-8 (the caller's parser decides then).</summary>
    public string? Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        var maxChars = utf8.Length;
        char[]? rented = null;
        var buffer = maxChars <= StackChars ? stackalloc char[StackChars] : (rented = System.Buffers.ArrayPool<char>.Shared.Rent(maxChars));
        try
        {
            int length;
            try
            {
                length = Strict.GetChars(utf8, buffer);
            }
            catch (DecoderFallbackException)
            {
                return null;
            }

            var chars = buffer[..length];
            if (_byChars.TryGetValue(chars, out var known))
            {
                return known;
            }

            var name = new string(chars);
            return _names.Count < _capacity ? _names.GetOrAdd(name, name) : name;
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
