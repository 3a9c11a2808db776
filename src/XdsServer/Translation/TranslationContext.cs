using Mesh.XdsServer.Model;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// The input of every builder for one proxy: the shared per-model state plus what this proxy sees. Built once per
/// (model, scope); builders only read it.
/// </summary>
internal sealed class TranslationContext
{
    public TranslationContext(SharedTranslation shared, ProxyScope scope)
    {
        ArgumentNullException.ThrowIfNull(shared);
        ArgumentNullException.ThrowIfNull(scope);
        Shared = shared;
        Scope = scope;
        if (scope.Dependencies is null)
        {
            Visible = shared.Index.Services;
            DependencyKey = "*";
        }
        else
        {
            (Visible, DependencyKey) = shared.VisibleSet(scope.Dependencies, () =>
            {
                var visible = VisibleServices(shared.Index, scope);
                return (visible, string.Join(',', visible.Select(s => s.Ref.ToString())));
            });
        }

        Egress = shared.Index.Model.EgressFor(scope.Namespace);
        HasCertificates = shared.Index.Model.MtlsFor(scope.Namespace) != MtlsMode.Disabled;
    }

    public SharedTranslation Shared { get; }

    public ModelIndex Index => Shared.Index;

    public ProxyScope Scope { get; }

    public bool IsSidecar => Scope.Kind == ProxyKind.Sidecar;

    /// <summary>Services this proxy calls: its dependencies plus every service their routes send to, sorted.</summary>
    public IReadOnlyList<MeshService> Visible { get; }

    /// <summary>Services this proxy's pod serves (same namespace, selector contained in its labels), sorted: sidecars
    /// serve these on virtualInbound, proxyless gRPC servers get server listeners for them. Computed on first use (an
    /// endpoint-only change reads none of it).</summary>
    public IReadOnlyList<MeshService> Inbound => _inbound ??= Shared.Index.ServicesIn(Scope.Namespace).Where(s => Serves(s, Scope)).ToArray();

    private IReadOnlyList<MeshService>? _inbound;

    public EgressPolicy Egress { get; }

    /// <summary>False for proxies of a namespace whose policy disables mTLS: they hold no certificate and call plaintext.</summary>
    public bool HasCertificates { get; }

    /// <summary>Identifies <see cref="Visible"/> for caching resources that depend on it.</summary>
    public string DependencyKey { get; }

    /// <summary>The ports of <see cref="Visible"/> (shared by every proxy with the same <see cref="DependencyKey"/>).</summary>
    public VisiblePorts VisiblePorts => _visiblePorts ??= Shared.VisiblePorts(DependencyKey, () => Translation.VisiblePorts.Of(Visible));

    private VisiblePorts? _visiblePorts;

    private static bool Serves(MeshService service, ProxyScope scope) =>
        service.Selector.Count > 0
        && service.Selector.All(s => scope.Labels.TryGetValue(s.Key, out var v) && v == s.Value);

    private static IReadOnlyList<MeshService> VisibleServices(ModelIndex index, ProxyScope scope)
    {
        if (scope.Dependencies is null)
        {
            return index.Services;
        }
        // Closure over route destinations, so that every cluster a route names is also sent (CDS/RDS consistency).
        var seen = new HashSet<ServiceRef>();
        var queue = new Queue<MeshService>();
        foreach (var reference in scope.Dependencies)
        {
            if (index.Find(reference) is { } service && seen.Add(service.Ref))
            {
                queue.Enqueue(service);
            }
        }
        while (queue.TryDequeue(out var service))
        {
            foreach (var port in service.Ports.Where(p => p.IsHttp))
            {
                foreach (var destination in index.RouteDestinations(service, port))
                {
                    if (seen.Add(destination.Service.Ref))
                    {
                        queue.Enqueue(destination.Service);
                    }
                }
            }
        }
        return index.Services.Where(s => seen.Contains(s.Ref)).ToArray();
    }
}
