using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Google.Protobuf;

namespace Mesh.XdsServer.Snapshots;

/// <summary>
/// Interns <see cref="CachedResource"/>s so that a resource is serialized once however many snapshots and proxies share it:
/// the same message instance is recognised by reference (no serialization at all), and an equal message built separately
/// is serialized once more but then shares the first copy's bytes. Entries are held weakly: a resource no snapshot uses
/// any more is collected.
/// </summary>
public sealed class ResourceCache
{
    private readonly ConditionalWeakTable<IMessage, CachedResource> _byInstance = new();
    private readonly ConcurrentDictionary<ContentKey, WeakReference<CachedResource>> _byContent = new();
    private long _serializations;
    private int _addsSinceSweep;

    /// <summary>The process-wide cache used when a snapshot is created without naming one.</summary>
    public static ResourceCache Shared { get; } = new();

    /// <summary>How many times a resource has been serialized by this cache (for the load harness and tests).</summary>
    public long Serializations => Interlocked.Read(ref _serializations);

    /// <summary>Returns the cached form of <paramref name="message"/>, serializing it only when this instance is new.</summary>
    /// <exception cref="ArgumentException">The message is not an xDS resource type this server serves.</exception>
    public CachedResource GetOrAdd(IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_byInstance.TryGetValue(message, out var known))
        {
            return known;
        }

        var typeUrl = ResourceNames.TypeUrlOf(message);
        var name = ResourceNames.NameOf(message);
        if (typeUrl is null || name is null)
        {
            throw new ArgumentException(
                $"{message.Descriptor.FullName} is not a resource type this xDS server serves (Cluster, ClusterLoadAssignment, Listener, RouteConfiguration, Secret).",
                nameof(message));
        }

        var bytes = ResourceBytes.Of(message);
        Interlocked.Increment(ref _serializations);
        var hash = HashOf(bytes);
        var key = new ContentKey(typeUrl, name, hash);

        CachedResource resource;
        while (true)
        {
            var weak = _byContent.GetOrAdd(key, static (_, state) => new WeakReference<CachedResource>(state.Create()),
                new Factory(name, typeUrl, message, bytes, hash));
            if (weak.TryGetTarget(out var existing))
            {
                resource = existing;
                break;
            }

            // The entry's resource was collected: replace it.
            var fresh = new CachedResource(name, typeUrl, message, bytes, hash);
            if (_byContent.TryUpdate(key, new WeakReference<CachedResource>(fresh), weak))
            {
                resource = fresh;
                break;
            }
        }

        _byInstance.AddOrUpdate(message, resource);
        if (Interlocked.Increment(ref _addsSinceSweep) >= 4096)
        {
            Sweep();
        }

        return resource;
    }

    private void Sweep()
    {
        Interlocked.Exchange(ref _addsSinceSweep, 0);
        foreach (var (key, weak) in _byContent)
        {
            if (!weak.TryGetTarget(out _))
            {
                _byContent.TryRemove(new KeyValuePair<ContentKey, WeakReference<CachedResource>>(key, weak));
            }
        }
    }

    internal static ulong HashOf(ByteString bytes)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(bytes.Span, digest);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(digest);
    }

    private readonly record struct ContentKey(string TypeUrl, string Name, ulong Hash);

    private readonly record struct Factory(string Name, string TypeUrl, IMessage Message, ByteString Bytes, ulong Hash)
    {
        public CachedResource Create() => new(Name, TypeUrl, Message, Bytes, Hash);
    }
}
