namespace Mesh.XdsServer.Model;

/// <summary>
/// One proxy as the translator sees it: who it is, where it runs and what it needs. Proxies with equal scopes get the
/// same resources (the translation cache is keyed by the model version and this record).
/// </summary>
public sealed record ProxyScope
{
    /// <summary>Namespace of the workload (required): decides short host names and the egress policy.</summary>
    public required string Namespace { get; init; }

    /// <summary>Service account of the workload. Default <c>default</c>.</summary>
    public string ServiceAccount { get; init; } = "default";

    /// <summary>Pod labels: a sidecar serves inbound the services of its namespace whose selector they contain. Default none.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Sidecar or proxyless gRPC. Default Sidecar.</summary>
    public ProxyKind Kind { get; init; } = ProxyKind.Sidecar;

    /// <summary>Locality (decides EDS priorities under locality failover). Default none.</summary>
    public Locality Locality { get; init; } = Locality.None;

    /// <summary>Which field forms the proxy understands (from its user agent, <see cref="ProxyCapabilityTable"/>): part of
    /// the scope so that clients understanding different forms never share a translation or a snapshot. Default
    /// <see cref="ProxyCapabilities.Full"/> (Envoy).</summary>
    public ProxyCapabilities Capabilities { get; init; } = ProxyCapabilities.Full;

    /// <summary>
    /// The pod's own addresses, for a proxyless gRPC server: it may bind them (gRFC A36), and its server listeners
    /// are named after what it bound. Sidecars leave it empty, so that replicas share a scope. Default none.
    /// </summary>
    public IReadOnlyList<string> PodIps { get; init; } = [];

    /// <summary>The services the proxy needs; null = every service of the mesh.</summary>
    public IReadOnlyList<ServiceRef>? Dependencies { get; init; }

    /// <summary>Structural equality (labels and dependencies by content) so that equal scopes share a cache entry.</summary>
    public bool Equals(ProxyScope? other) =>
        ReferenceEquals(this, other)
        || (other is not null
        && Namespace == other.Namespace
        && ServiceAccount == other.ServiceAccount
        && Kind == other.Kind
        && Locality == other.Locality
        && Capabilities == other.Capabilities
        && PodIps.SequenceEqual(other.PodIps)
        && StringMaps.Same(Labels, other.Labels)
        && SameDependencies(Dependencies, other.Dependencies));

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Namespace);
        hash.Add(ServiceAccount);
        hash.Add(Kind);
        hash.Add(Locality);
        hash.Add(Capabilities);
        foreach (var ip in PodIps)
        {
            hash.Add(ip);
        }
        // Summed, so that any order of the same pairs hashes alike without sorting them: a publish hashes every
        // connected sidecar's scope, and the sort was about half of the hashing.
        var labels = 0;
        foreach (var (key, value) in Labels)
        {
            labels = unchecked(labels + HashCode.Combine(key, value));
        }

        hash.Add(labels);
        hash.Add(Dependencies?.Count ?? -1);
        return hash.ToHashCode();
    }

    private static bool SameDependencies(IReadOnlyList<ServiceRef>? a, IReadOnlyList<ServiceRef>? b) =>
        (a, b) switch
        {
            (null, null) => true,
            (null, _) or (_, null) => false,
            // The workload index hands every sidecar of a namespace one sorted list, kept across publishes while its
            // content is the same: equal lists are usually the same instance, else equal in order.
            _ => ReferenceEquals(a, b) || (a.Count == b.Count && (a.SequenceEqual(b) || a.ToHashSet().SetEquals(b))),
        };
}
