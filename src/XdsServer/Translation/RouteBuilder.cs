using Envoy.Config.Route.V3;
using Mesh.XdsServer.Model;
using RouteMatch = Envoy.Config.Route.V3.RouteMatch;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// RDS. Sidecars: one RouteConfiguration per HTTP port named <c>"&lt;port&gt;"</c>, one virtual host per service plus a
/// catch-all (istio httproute.go). Proxyless gRPC: one RouteConfiguration per service port named like its API listener,
/// shared by every proxyless client whatever its namespace.
/// </summary>
internal static class RouteBuilder
{
    public static IReadOnlyList<RouteConfiguration> Build(TranslationContext context)
    {
        var configs = new List<RouteConfiguration>();
        if (context.IsSidecar)
        {
            var ports = context.VisiblePorts.Http
                .Concat(context.Egress.Hosts.Where(h => h.Protocol == EgressProtocol.Http).Select(h => h.Port))
                .Distinct()
                .Order();
            foreach (var port in ports)
            {
                configs.Add(context.Shared.RouteConfig(new SidecarRouteConfigKey(port, context.Scope.Namespace, context.DependencyKey), () => SidecarRouteConfig(context, port)));
            }
        }
        else
        {
            foreach (var service in context.Visible)
            {
                foreach (var port in service.Ports.Where(p => p.IsHttp))
                {
                    var capabilities = context.Scope.Capabilities;
                    configs.Add(context.Shared.ProxylessRouteConfig(service, port, capabilities,
                        () => ProxylessRouteConfig(context.Shared, service, port, capabilities)));
                }
            }
        }
        configs.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return configs;
    }

    public static IReadOnlyList<Route> BuildRoutes(ModelIndex index, MeshService service, ServicePort port, bool proxyless, ProxyCapabilities capabilities) =>
        service.Routes.Count == 0
            ? [RouteActionBuilder.Default(index, service, port, proxyless, capabilities)]
            : service.Routes.Select(r => RouteActionBuilder.Build(index, service, port, r, proxyless, capabilities)).ToArray();

    public static VirtualHost BuildSidecarVirtualHost(SharedTranslation shared, MeshService service, ServicePort port, bool sameNamespace)
    {
        var host = new VirtualHost { Name = XdsNames.VirtualHost(service, port.Port) };
        host.Domains.AddRange(Domains(service, sameNamespace));
        host.Routes.AddRange(shared.Routes(service, port, proxyless: false));
        return host;
    }

    /// <summary>
    /// The names a client may use: the FQDN, <c>svc.ns.svc</c>, <c>svc.ns</c>, the virtual IP and, from the same
    /// namespace only, <c>svc</c> (from elsewhere it would mean another service and clash). No <c>:port</c> forms: the
    /// route configuration ignores the port in host matching (as Istio's sidecars do), which halves the domains, the
    /// largest part of a virtual host and so of every RDS push at mesh scale.
    /// </summary>
    public static IEnumerable<string> Domains(MeshService service, bool sameNamespace)
    {
        var names = new List<string> { service.Host, $"{service.Name}.{service.Namespace}.svc", $"{service.Name}.{service.Namespace}" };
        if (sameNamespace)
        {
            names.Add(service.Name);
        }
        if (service.VirtualIp is { } ip)
        {
            names.Add(ip);
        }
        return names;
    }

    private static RouteConfiguration SidecarRouteConfig(TranslationContext context, int port)
    {
        var config = new RouteConfiguration
        {
            Name = XdsNames.SidecarRouteConfig(port),
            // Istio's choice: a route naming a cluster that is not (yet) known must not NACK the whole config.
            ValidateClusters = false,
            // The listener already chose the port: "svc:80" and "svc" pick the same virtual host.
            IgnorePortInHostMatching = true,
        };
        foreach (var service in context.Visible)
        {
            if (service.Ports.FirstOrDefault(p => p.Port == port && p.IsHttp) is { } servicePort)
            {
                config.VirtualHosts.Add(context.Shared.VirtualHost(service, servicePort, service.Namespace == context.Scope.Namespace));
            }
        }
        foreach (var external in context.Egress.Hosts.Where(h => h.Protocol == EgressProtocol.Http && h.Port == port))
        {
            var cluster = XdsNames.OutboundCluster(external.Port, null, external.Host);
            config.VirtualHosts.Add(new VirtualHost
            {
                Name = $"{external.Host}:{external.Port}",
                Domains = { external.Host },
                Routes =
                {
                    new Route
                    {
                        Name = "default",
                        Match = new RouteMatch { Prefix = "/" },
                        Route_ = new RouteAction { Cluster = cluster, Timeout = ProtoHelpers.Duration(TimeSpan.Zero) },
                    },
                },
            });
        }
        config.VirtualHosts.Add(CatchAll(context.Egress.Mode));
        return config;
    }

    /// <summary>Hosts outside the mesh: passed through under AllowAny, a 502 under RegistryOnly (Istio's block_all).</summary>
    private static VirtualHost CatchAll(EgressMode mode)
    {
        var route = new Route { Name = mode == EgressMode.AllowAny ? "allow_any" : "block_all", Match = new RouteMatch { Prefix = "/" } };
        if (mode == EgressMode.AllowAny)
        {
            route.Route_ = new RouteAction { Cluster = XdsNames.PassthroughCluster, Timeout = ProtoHelpers.Duration(TimeSpan.Zero) };
        }
        else
        {
            route.DirectResponse = new DirectResponseAction { Status = 502 };
        }
        return new VirtualHost { Name = route.Name, Domains = { "*" }, Routes = { route } };
    }

    private static RouteConfiguration ProxylessRouteConfig(SharedTranslation shared, MeshService service, ServicePort port, ProxyCapabilities capabilities)
    {
        var name = XdsNames.ApiListener(service, port.Port);
        var host = new VirtualHost { Name = name };
        // The client matches domains against the target authority (the listener name); the bare host is for clients
        // that dial without a port.
        host.Domains.Add(name);
        host.Domains.Add(service.Host);
        host.Routes.AddRange(shared.Routes(service, port, proxyless: true, capabilities));
        return new RouteConfiguration { Name = name, VirtualHosts = { host } };
    }
}
