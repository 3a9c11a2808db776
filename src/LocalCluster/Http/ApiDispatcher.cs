using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Mesh.LocalCluster.Errors;
using Mesh.LocalCluster.Faults;

namespace Mesh.LocalCluster.Http;

/// <summary>Routes every request: discovery, OpenAPI, resources; turns any failure into a Status answer.</summary>
internal sealed class ApiDispatcher
{
    private readonly ServerContext _server;
    private readonly FaultInjector _faults;
    private readonly ILogger _logger;
    private readonly DiscoveryHandler _discovery;
    private readonly ReadHandler _read;
    private readonly WatchHandler _watch;
    private readonly WriteHandler _write;
    private readonly PatchHandler _patch;
    private readonly Policy.EvictionHandler _eviction;
    private readonly Proxying.PodProxyHandler? _podProxy;
    private readonly ScaleHandler _scale;

    public ApiDispatcher(ServerContext server, FaultInjector faults, ILogger logger, PodProxyMap? podProxies = null)
    {
        _podProxy = podProxies is null ? null : new Proxying.PodProxyHandler(server, podProxies);
        _server = server;
        _faults = faults;
        _logger = logger;
        _discovery = new DiscoveryHandler(server);
        _read = new ReadHandler(server);
        _watch = new WatchHandler(server);
        _write = new WriteHandler(server, _read);
        _patch = new PatchHandler(server);
        _eviction = new Policy.EvictionHandler(server);
        _scale = new ScaleHandler(server);
    }

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            var parts = (context.Request.Path.Value ?? "/").Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (await _discovery.TryHandleAsync(context, parts).ConfigureAwait(false))
            {
                return;
            }

            if (_podProxy is not null && Proxying.PodProxyHandler.Matches(parts))
            {
                // Faults for pods/proxy (a 403 stands for RBAC that does not allow it: this server has no authorization).
                if (_faults.TakeFailure("get", "pods/proxy", Proxying.PodProxyTarget.Parse(parts[5])?.Name) is { } injected)
                {
                    throw InjectedFailure.For(injected, "", "pods/proxy", parts[5]);
                }

                await _podProxy.HandleAsync(context, parts).ConfigureAwait(false);
                return;
            }

            var request = Resolve(parts) ?? throw ApiErrors.PathNotFound();
            await DispatchAsync(context, request).ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            await FailAsync(context, e).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await FailAsync(context, ApiErrors.TooLarge(RequestBody.MaxBytes)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
#pragma warning disable CA1031 // Any bug must become a 500 Status, never a dropped connection.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.LogError(e, "Unhandled error for {Method} {Path}", context.Request.Method, context.Request.Path);
            await FailAsync(context, new ApiException(500, "InternalError", $"Internal error occurred: {e.Message}")).ConfigureAwait(false);
        }
    }

    private ResourceRequest? Resolve(string[] parts)
    {
        var registry = _server.Registry.Current;
        return parts switch
        {
            ["api", var version, .. var rest] when rest.Length > 0 => ResourceRequest.Parse(registry, "", version, rest),
            ["apis", var group, var version, .. var rest] when rest.Length > 0 => ResourceRequest.Parse(registry, group, version, rest),
            _ => null,
        };
    }

    private async Task DispatchAsync(HttpContext context, ResourceRequest request)
    {
        var method = context.Request.Method;
        if (request.Subresource is "eviction")
        {
            // pods/eviction accepts POST only (verbs [create] in discovery).
            await (method == "POST" && request.Name is not null
                ? _eviction.EvictAsync(context, request)
                : throw ApiErrors.MethodNotAllowed(method, $"{request.Def.Plural}/{request.Subresource}")).ConfigureAwait(false);
            return;
        }

        if (request.Subresource is "scale")
        {
            await _scale.HandleAsync(context, request).ConfigureAwait(false);
            return;
        }

        var verb = (method, request.Name is null) switch
        {
            ("GET", false) => "get",
            ("GET", true) => RequestQuery.Flag(context.Request, "watch") ? "watch" : "list",
            ("POST", true) => "create",
            ("PUT", false) => "update",
            ("PATCH", false) => "patch",
            ("DELETE", false) => "delete",
            ("DELETE", true) => "deletecollection",
            _ => throw ApiErrors.MethodNotAllowed(method, ApiErrors.Qualified(request.Def.Group, request.Def.Plural)),
        };
        if (request.Subresource is not null && verb is not ("get" or "update" or "patch"))
        {
            throw ApiErrors.MethodNotAllowed(method, $"{request.Def.Plural}/{request.Subresource}");
        }

        var delay = _faults.DelayFor(verb, request.Def.Plural);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _server.Time, context.RequestAborted).ConfigureAwait(false);
        }

        if (_faults.TakeFailure(verb, request.Def.Plural, request.Name) is { } code)
        {
            throw InjectedFailure.For(code, request.Def.Group, request.Def.Plural, request.Name);
        }

        await (verb switch
        {
            "get" => _read.GetAsync(context, request),
            "list" => _read.ListAsync(context, request),
            "watch" => _watch.WatchAsync(context, request),
            "create" => _write.CreateAsync(context, request),
            "update" => _write.UpdateAsync(context, request),
            "patch" => _patch.PatchAsync(context, request),
            "delete" => _write.DeleteAsync(context, request),
            _ => _write.DeleteCollectionAsync(context, request),
        }).ConfigureAwait(false);
    }

    private static async Task FailAsync(HttpContext context, ApiException error)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        if (error.Code == 429)
        {
            context.Response.Headers.RetryAfter = "1";
        }

        await Responses.WriteAsync(context, error.Code, JsonSerializer.SerializeToUtf8Bytes(error.ToStatus())).ConfigureAwait(false);
    }
}
