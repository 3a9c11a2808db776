namespace Mesh.XdsServer.Model;

/// <summary>One endpoint (pod address) of a service, from an EndpointSlice plus its pod's labels.</summary>
public sealed record ServiceEndpoint
{
    /// <summary>IP address (required).</summary>
    public required string Address { get; init; }

    /// <summary>Endpoint port per service port, for pods whose named target port resolves differently.
    /// A service port missing here uses its <see cref="ServicePort.EffectiveTargetPort"/>. Default none.</summary>
    public IReadOnlyDictionary<int, int> Ports { get; init; } = new Dictionary<int, int>();

    /// <summary>Region (topology.kubernetes.io/region). Default empty.</summary>
    public string Region { get; init; } = "";

    /// <summary>Zone (topology.kubernetes.io/zone). Default empty.</summary>
    public string Zone { get; init; } = "";

    /// <summary>Ready condition from the EndpointSlice; only ready endpoints receive traffic. Default true.</summary>
    public bool Ready { get; init; } = true;

    /// <summary>Labels of the pod behind it (subset membership). Default none.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The pod runs a mesh sidecar (a MeshPolicy selects it), so sidecars calling it use mTLS. Default false.</summary>
    public bool Meshed { get; init; }

    /// <summary>Name of the pod (informational, used in debugging). Default empty.</summary>
    public string PodName { get; init; } = "";

    /// <summary>The port this endpoint serves <paramref name="port"/> on.</summary>
    public int PortFor(ServicePort port)
    {
        ArgumentNullException.ThrowIfNull(port);
        return Ports.TryGetValue(port.Port, out var p) ? p : port.EffectiveTargetPort;
    }
}
