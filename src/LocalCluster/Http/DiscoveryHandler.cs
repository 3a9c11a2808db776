using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Mesh.LocalCluster.Discovery;
using Mesh.LocalCluster.Errors;

namespace Mesh.LocalCluster.Http;

/// <summary>/version, /healthz, /api, /apis, group and group-version discovery, /openapi/v3, /openapi/v2 (JSON).</summary>
internal sealed class DiscoveryHandler(ServerContext server)
{
    private const string AggregatedV2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    private const string AggregatedV2Beta1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

    public async Task<bool> TryHandleAsync(HttpContext context, string[] parts)
    {
        if (context.Request.Method != "GET" && parts is ["version"] or ["api"] or ["apis"] or ["openapi", ..])
        {
            throw ApiErrors.MethodNotAllowed(context.Request.Method, "/" + string.Join('/', parts));
        }

        var registry = server.Registry.Current;
        switch (parts)
        {
            case ["version"]:
                // Without no-cache the gcloud kubectl dispatcher caches the version for 2 h (kubernetes-wire.md).
                context.Response.Headers.CacheControl = "no-cache, private";
                await Responses.WriteAsync(context, 200, DiscoveryDocuments.Version()).ConfigureAwait(false);
                return true;
            case ["healthz" or "livez" or "readyz", ..]:
                await Responses.WriteAsync(context, 200, "ok"u8.ToArray(), "text/plain").ConfigureAwait(false);
                return true;
            case ["api"] or ["apis"]:
                await RootAsync(context, core: parts[0] == "api").ConfigureAwait(false);
                return true;
            case ["api", var version] when registry.Groups.FirstOrDefault(g => g.Name.Length == 0)?.Versions.FirstOrDefault(v => v.Version == version) is { } served:
                await Responses.WriteAsync(context, 200, DiscoveryDocuments.ResourceList(version, served)).ConfigureAwait(false);
                return true;
            case ["apis", var group] when registry.Groups.FirstOrDefault(g => g.Name == group && group.Length > 0) is { } servedGroup:
                await Responses.WriteAsync(context, 200, DiscoveryDocuments.Group(servedGroup)).ConfigureAwait(false);
                return true;
            case ["apis", var group, var version] when registry.Groups.FirstOrDefault(g => g.Name == group && group.Length > 0)?.Versions.FirstOrDefault(v => v.Version == version) is { } servedVersion:
                await Responses.WriteAsync(context, 200, DiscoveryDocuments.ResourceList($"{group}/{version}", servedVersion)).ConfigureAwait(false);
                return true;
            case ["openapi", "v2"]:
                await OpenApiV2Async(context).ConfigureAwait(false);
                return true;
            case ["openapi", "v3"]:
                await Responses.WriteAsync(context, 200, OpenApiDocuments.Root(registry, server.Store.Gate)).ConfigureAwait(false);
                return true;
            case ["openapi", "v3", .. var rest]:
                await OpenApiGroupVersionAsync(context, rest).ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }

    private async Task RootAsync(HttpContext context, bool core)
    {
        var accept = context.Request.Headers.Accept.ToString();
        var registry = server.Registry.Current;
        if (AcceptHeader.Offers(accept, ("g", "apidiscovery.k8s.io"), ("v", "v2"), ("as", "APIGroupDiscoveryList")))
        {
            await Responses.WriteAsync(context, 200, DiscoveryDocuments.Aggregated(registry, core, "apidiscovery.k8s.io/v2"), AggregatedV2).ConfigureAwait(false);
        }
        else if (AcceptHeader.Offers(accept, ("g", "apidiscovery.k8s.io"), ("v", "v2beta1"), ("as", "APIGroupDiscoveryList")))
        {
            await Responses.WriteAsync(context, 200, DiscoveryDocuments.Aggregated(registry, core, "apidiscovery.k8s.io/v2beta1"), AggregatedV2Beta1).ConfigureAwait(false);
        }
        else
        {
            JsonObject body = core
                ? DiscoveryDocuments.ApiVersions($"{context.Request.Host}")
                : DiscoveryDocuments.GroupList(registry);
            await Responses.WriteAsync(context, 200, body).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// kube-openapi's negotiation with JSON the only type offered: the first acceptable clause wins, and an Accept
    /// that names only the protobuf encoding (as kubectl's) is answered 406 with an empty body, as it answers any
    /// type it does not serve.
    /// </summary>
    private async Task OpenApiV2Async(HttpContext context)
    {
        context.Response.Headers.Vary = "Accept";
        if (!AcceptHeader.Accepts(context.Request.Headers.Accept.ToString(), "application", "json"))
        {
            context.Response.StatusCode = StatusCodes.Status406NotAcceptable;
            return;
        }

        await Responses.WriteAsync(context, 200, OpenApiV2Document.Bytes(server.Registry.Current, server.Store.Gate), OpenApiV2Document.JsonMediaType).ConfigureAwait(false);
    }

    private async Task OpenApiGroupVersionAsync(HttpContext context, string[] rest)
    {
        var registry = server.Registry.Current;
        var (group, version) = rest switch
        {
            ["api", var v] => ("", v),
            ["apis", var g, var v] => (g, v),
            _ => throw ApiErrors.PathNotFound(),
        };
        var served = registry.Groups.FirstOrDefault(g => g.Name == group)?.Versions.FirstOrDefault(v => v.Version == version)
            ?? throw ApiErrors.PathNotFound();
        await Responses.WriteAsync(context, 200, OpenApiDocuments.GroupVersionBytes(registry, group, served, server.Store.Gate)).ConfigureAwait(false);
    }
}
