using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using DeltaResource = Envoy.Service.Discovery.V3.Resource;

namespace Mesh.XdsServer.Snapshots;

/// <summary>
/// One xDS resource, serialized once: the bytes, the pre-built <see cref="Any"/> and the content-hash version are shared by
/// every snapshot and every stream that carries it. Instances come from a <see cref="ResourceCache"/>.
/// </summary>
public sealed class CachedResource
{
    private DeltaResource? _deltaResource;

    internal CachedResource(string name, string typeUrl, IMessage message, ByteString bytes, ulong hash)
    {
        Name = name;
        TypeUrl = typeUrl;
        Message = message;
        Bytes = bytes;
        Hash = hash;
        Version = hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        Any = new Any { TypeUrl = typeUrl, Value = bytes };
    }

    /// <summary>The resource name (Cluster.name, ClusterLoadAssignment.cluster_name, Listener.name, ...).</summary>
    public string Name { get; }

    /// <summary>The resource's type URL.</summary>
    public string TypeUrl { get; }

    /// <summary>The resource as given. It must not be mutated once cached: the bytes would no longer match it.</summary>
    public IMessage Message { get; }

    /// <summary>The serialized resource.</summary>
    public ByteString Bytes { get; }

    /// <summary>The first 64 bits of the SHA-256 of <see cref="Bytes"/>.</summary>
    public ulong Hash { get; }

    /// <summary>The content-derived version (16 hex digits of <see cref="Hash"/>).</summary>
    public string Version { get; }

    /// <summary>The resource wrapped for a state-of-the-world response, built once.</summary>
    public Any Any { get; }

    /// <summary>The resource wrapped for a delta response, built on first use.</summary>
    public DeltaResource DeltaResource => _deltaResource ??= new DeltaResource { Name = Name, Version = Version, Resource_ = Any };

    /// <summary>Validation errors, memoized so a resource shared by many snapshots is validated once.</summary>
    internal IReadOnlyList<string>? ValidationErrors { get; set; }

    public override string ToString() => $"{TypeUrls.ShortName(TypeUrl)} {Name}@{Version}";
}
