using System.Globalization;
using System.Numerics;

namespace Mesh.XdsServer.Snapshots;

/// <summary>Combines per-resource content hashes into one version for a set of resources (order matters: callers sort).</summary>
internal struct VersionHash
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private ulong _state;
    private int _count;

    public void Add(CachedResource resource) => Add(resource.Hash);

    public void Add(ulong hash)
    {
        _state = BitOperations.RotateLeft(_state ^ (hash * Prime2), 31) * Prime1;
        _count++;
    }

    public readonly ulong Value => _state ^ (ulong)_count * Prime2;

    public readonly string ToVersion() => Value.ToString("x16", CultureInfo.InvariantCulture);

    public static string Of(IEnumerable<CachedResource> resources)
    {
        var hash = default(VersionHash);
        foreach (var resource in resources)
        {
            hash.Add(resource);
        }

        return hash.ToVersion();
    }
}
