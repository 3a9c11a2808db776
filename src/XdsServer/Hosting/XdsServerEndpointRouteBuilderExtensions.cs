using Mesh.XdsServer.Debug;
using Mesh.XdsServer.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Mesh.XdsServer.Hosting;

public static class XdsServerEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the AggregatedDiscoveryService and the read-only debug endpoints (GET /debug/xds/proxies,
    /// GET /debug/xds/config/{nodeId}). Serve it on an HTTP/2 endpoint (plaintext needs HttpProtocols.Http2).
    /// </summary>
    public static IEndpointRouteBuilder MapXdsServer(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGrpcService<AdsService>();
        DebugEndpoints.Map(endpoints);
        return endpoints;
    }
}
