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
    /// <summary>A sidecar HCM with the security defaults. Filter order: fault, then router last (RBAC and rate limit slot
    /// in before fault in a later issue).</summary>
    public static HttpConnectionManager Sidecar(string statPrefix)
    {
        var hcm = new HttpConnectionManager
        {
            StatPrefix = statPrefix,
            // Normalize before matching so routes and (later) RBAC see one canonical path (RFC 3986 section 6).
            NormalizePath = true,
            MergeSlashes = true,
            // %2F/%5C in a path let a request match one rule and reach another path (CVE-2021-31920). Rejecting beats
            // UNESCAPE_AND_REDIRECT: gRPC and many HTTP clients never follow redirects, and legitimate escaped slashes
            // are rare; the client gets a clear 400 instead of a silent rewrite.
            PathWithEscapedSlashesAction = HttpConnectionManager.Types.PathWithEscapedSlashesAction.RejectRequest,
            // A sidecar sits next to its app: the peer is local, never trust it as the client address source.
            UseRemoteAddress = false,
        };
        hcm.HttpFilters.Add(Fault());
        hcm.HttpFilters.Add(Router());
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
    public static HttpConnectionManager SidecarInbound(int targetPort)
    {
        var cluster = XdsNames.InboundCluster(targetPort);
        var hcm = Sidecar($"inbound_0.0.0.0_{targetPort}");
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

    public static Filter AsFilter(HttpConnectionManager hcm) =>
        new() { Name = XdsNames.HttpConnectionManagerFilter, TypedConfig = Pack(hcm) };

    // An empty fault filter does nothing until a route's typed_per_filter_config configures it.
    private static HttpFilter Fault() => new() { Name = XdsNames.FaultFilter, TypedConfig = Pack(new HTTPFault()) };

    private static HttpFilter Router() => new() { Name = XdsNames.RouterFilter, TypedConfig = Pack(new Router()) };
}
