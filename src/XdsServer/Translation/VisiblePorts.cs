using Mesh.XdsServer.Model;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// The ports of the services a proxy sees, summed up once per visible set and config (every proxy that sees the whole
/// mesh shares one), so that a proxy's listeners and route configurations are picked without walking every service
/// again per proxy.
/// </summary>
internal sealed class VisiblePorts
{
    private VisiblePorts(IReadOnlyList<int> http, IReadOnlyList<(MeshService Service, ServicePort Port)> tcp)
    {
        Http = http;
        Tcp = tcp;
    }

    /// <summary>The HTTP port numbers, distinct and ascending.</summary>
    public IReadOnlyList<int> Http { get; }

    /// <summary>The TCP ports of services with a virtual IP (each gets an outbound listener on that address), in service order.</summary>
    public IReadOnlyList<(MeshService Service, ServicePort Port)> Tcp { get; }

    public static VisiblePorts Of(IReadOnlyList<MeshService> services)
    {
        var http = new SortedSet<int>();
        var tcp = new List<(MeshService, ServicePort)>();
        foreach (var service in services)
        {
            foreach (var port in service.Ports)
            {
                if (port.IsHttp)
                {
                    http.Add(port.Port);
                }
                else if (service.VirtualIp is not null)
                {
                    tcp.Add((service, port));
                }
            }
        }
        return new VisiblePorts([.. http], tcp);
    }
}
