namespace Mesh.XdsServer.Model;

/// <summary>Egress of the sidecars of one namespace.</summary>
public sealed record EgressPolicy
{
    /// <summary>Mode. Default AllowAny.</summary>
    public EgressMode Mode { get; init; } = EgressMode.AllowAny;

    /// <summary>External hosts reachable (under RegistryOnly, the only ones). Default none.</summary>
    public IReadOnlyList<EgressHost> Hosts { get; init; } = [];

    /// <summary>
    /// The mesh services the namespace's sidecars are configured for, as <c>namespace/name</c> or <c>namespace/*</c>
    /// (namespaces already resolved: no <c>.</c>); null = every service of the mesh (<see cref="ProxyScope.Dependencies"/>).
    /// </summary>
    public IReadOnlyList<string>? Services { get; init; }

    /// <summary>Whether <paramref name="service"/> is one of <see cref="Services"/> (always when null).</summary>
    public bool Reaches(ServiceRef service)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (Services is null)
        {
            return true;
        }

        // A loop rather than Any(lambda): the lambda's closure was allocated per service per namespace per publish.
        for (var i = 0; i < Services.Count; i++)
        {
            if (Names(Services[i], service))
            {
                return true;
            }
        }

        return false;
    }

    // "ns/*" or "ns/name", compared in place: this runs for every service of the mesh on each publish.
    private static bool Names(string entry, ServiceRef service)
    {
        var slash = entry.IndexOf('/', StringComparison.Ordinal);
        var name = entry.AsSpan(slash + 1);
        return slash > 0 && entry.AsSpan(0, slash).SequenceEqual(service.Namespace) && (name is "*" || name.SequenceEqual(service.Name));
    }

    /// <summary>The <see cref="ProxyScope.Dependencies"/> of this namespace's sidecars among <paramref name="services"/>,
    /// sorted; null when <see cref="Services"/> is (every service).</summary>
    public IReadOnlyList<ServiceRef>? DependenciesAmong(IEnumerable<MeshService> services) =>
        Services is null
            ? null
            : services.Select(s => s.Ref).Where(Reaches).Distinct()
                .OrderBy(r => r.Namespace, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
}
