using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.Fault.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using static Mesh.XdsServer.Translation.ProtoHelpers;

namespace Mesh.XdsServer.Translation;

/// <summary>The HTTP connection managers of sidecar listeners and proxyless API listeners.</summary>
internal static class HttpConnectionManagerFactory
{
    /// <summary>A sidecar HCM with the security defaults. Filter order (Istio's): <paramref name="before"/> (RBAC deny,
    /// allow, audit, then local rate limit), fault, router last.</summary>
    public static HttpConnectionManager Sidecar(string statPrefix, IEnumerable<HttpFilter>? before = null)
    {
        var hcm = WithPathSafety(new HttpConnectionManager
        {
            StatPrefix = statPrefix,
            // A sidecar sits next to its app: the peer is local, never trust it as the client address source.
            UseRemoteAddress = false,
        });
        hcm.HttpFilters.AddRange(before ?? []);
        hcm.HttpFilters.Add(Fault());
        hcm.HttpFilters.Add(Router());
        return hcm;
    }

    /// <summary>
    /// One canonical path before routes and RBAC match (RFC 3986 section 6): dot segments resolved, slashes merged, and
    /// escaped slashes refused: %2F/%5C let a request match one rule and reach another path (CVE-2021-31920). Rejecting
    /// beats UNESCAPE_AND_REDIRECT: gRPC and many HTTP clients never follow redirects and legitimate escaped slashes
    /// are rare, so the client gets a clear 400 instead of a silent rewrite. The fragment never reaches url_path.
    /// </summary>
    public static HttpConnectionManager WithPathSafety(HttpConnectionManager hcm)
    {
        hcm.NormalizePath = true;
        hcm.MergeSlashes = true;
        hcm.PathWithEscapedSlashesAction = HttpConnectionManager.Types.PathWithEscapedSlashesAction.RejectRequest;
        return hcm;
    }

    /// <summary>An outbound sidecar HCM reading route configuration <paramref name="routeConfigName"/> over ADS.</summary>
    public static HttpConnectionManager SidecarOutbound(string statPrefix, string routeConfigName)
    {
        var hcm = Sidecar(statPrefix);
        hcm.Rds = new Rds { ConfigSource = Ads(), RouteConfigName = routeConfigName };
        return hcm;
    }

    /// <summary>An inbound sidecar HCM with an inline route to the local app.</summary>
    public static HttpConnectionManager SidecarInbound(int targetPort, IEnumerable<HttpFilter> before)
    {
        var cluster = XdsNames.InboundCluster(targetPort);
        var hcm = Sidecar($"inbound_0.0.0.0_{targetPort}", before);
        hcm.ForwardClientCertDetails = HttpConnectionManager.Types.ForwardClientCertDetails.AppendForward;
        hcm.SetCurrentClientCertDetails = new HttpConnectionManager.Types.SetCurrentClientCertDetails { Subject = true, Uri = true, Dns = true };
        hcm.RouteConfig = new RouteConfiguration
        {
            Name = cluster,
            ValidateClusters = false,
            VirtualHosts =
            {
                new VirtualHost
                {
                    Name = $"inbound|http|{targetPort}",
                    Domains = { "*" },
                    Routes =
                    {
                        new Route
                        {
                            Name = "default",
                            Match = new RouteMatch { Prefix = "/" },
                            Route_ = new RouteAction { Cluster = cluster, Timeout = Duration(TimeSpan.Zero) },
                        },
                    },
                },
            },
        };
        return hcm;
    }

    /// <summary>
    /// A proxyless gRPC client's HCM: grpc-js-xds NACKs any filter but fault and router (unless optional) and wants the
    /// router last; the path settings are not read by gRPC clients, so they are left out.
    /// </summary>
    public static HttpConnectionManager Proxyless(string routeConfigName) => new()
    {
        StatPrefix = routeConfigName,
        Rds = new Rds { ConfigSource = Ads(), RouteConfigName = routeConfigName },
        HttpFilters = { Fault(), Router() },
    };

    /// <summary>
    /// A proxyless gRPC server's HCM (gRFC A36): an inline route that accepts every call (non_forwarding_action; the
    /// server routes to its own handlers), RBAC filters then the router. gRPC ignores the path settings (it dispatches
    /// on the exact method path) but they are set so that the listener reads the same as a sidecar's and cannot drift.
    /// </summary>
    public static HttpConnectionManager ProxylessServer(string statPrefix, IEnumerable<HttpFilter> before)
    {
        var hcm = WithPathSafety(new HttpConnectionManager
        {
            StatPrefix = statPrefix,
            RouteConfig = new RouteConfiguration
            {
                Name = statPrefix,
                VirtualHosts =
                {
                    new VirtualHost
                    {
                        Name = "inbound|grpc",
                        Domains = { "*" },
                        Routes = { new Route { Name = "default", Match = new RouteMatch { Prefix = "/" }, NonForwardingAction = new NonForwardingAction() } },
                    },
                },
            },
        });
        hcm.HttpFilters.AddRange(before);
        hcm.HttpFilters.Add(Router());
        return hcm;
    }

    public static Filter AsFilter(HttpConnectionManager hcm) =>
        new() { Name = XdsNames.HttpConnectionManagerFilter, TypedConfig = Pack(hcm) };

    // An empty fault filter does nothing until a route's typed_per_filter_config configures it.
    private static HttpFilter Fault() => new() { Name = XdsNames.FaultFilter, TypedConfig = Pack(new HTTPFault()) };

    private static HttpFilter Router() => new() { Name = XdsNames.RouterFilter, TypedConfig = Pack(new Router()) };
}
