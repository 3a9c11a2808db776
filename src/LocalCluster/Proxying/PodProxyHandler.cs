using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Mesh.LocalCluster.Errors;
using Mesh.LocalCluster.Http;
using Mesh.LocalCluster.Resources;

namespace Mesh.LocalCluster.Proxying;

/// <summary>
/// <c>/api/v1/namespaces/{ns}/pods/{name}/proxy[/{path}]</c> as kube-apiserver serves it (pkg/registry/core/pod
/// ResourceLocation + the upgrade-aware proxy): the name may carry a scheme and a port, a missing port is the first
/// container port, a pod with no routable IP is "address not allowed" (400), a dial failure is 503 ServiceUnavailable
/// "error trying to reach service: ...", an empty path on GET/HEAD is redirected (301) to the same path with a slash,
/// anything else is forwarded and the backend's answer returned as is. Local mode's stand-in pods are reached through
/// <see cref="PodProxyMap"/> (their podIP is loopback, which the real server would refuse).
/// </summary>
internal sealed class PodProxyHandler(ServerContext server, PodProxyMap map)
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        // The API server's proxy transport does not verify pod certificates either.
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    })
    { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>True when <paramref name="parts"/> address pods/{name}/proxy (then the request is answered here).</summary>
    public static bool Matches(string[] parts) =>
        parts is ["api", "v1", "namespaces", _, "pods", _, "proxy", ..];

    public async Task HandleAsync(HttpContext context, string[] parts)
    {
        var ns = parts[3];
        var target = PodProxyTarget.Parse(parts[5]) ?? throw ApiErrors.BadRequest($"invalid pod request \"{parts[5]}\"");
        // Go decodes %2F in the path before routing; Kestrel keeps it: decode it here so both spellings reach the same place.
        var rest = string.Join('/', parts[7..]).Replace("%2F", "/", StringComparison.OrdinalIgnoreCase).Replace("%2f", "/", StringComparison.Ordinal);
        var trailing = (context.Request.Path.Value ?? "").EndsWith('/') && rest.Length > 0 ? "/" : "";
        var def = server.Registry.Current.Find("", "v1", "pods")!;
        var (podIp, firstPort) = ReadPod(def, ns, target.Name);
        var port = target.Port.Length > 0 ? target.Port : firstPort;

        var mapped = int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? map.Resolve(ns, target.Name, number) : null;
        if (mapped is null && (!IPAddress.TryParse(podIp, out var ip) || !IsGlobalUnicast(ip)))
        {
            throw ApiErrors.BadRequest("address not allowed");
        }

        var method = context.Request.Method;
        if (rest.Length == 0 && !(context.Request.Path.Value ?? "").EndsWith('/') && method is "GET" or "HEAD")
        {
            context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
            context.Response.Headers.Location = context.Request.Path.Value + "/" + context.Request.QueryString.Value;
            return;
        }

        var scheme = target.Scheme.Length > 0 ? target.Scheme : "http";
        var hostPort = port.Length > 0 ? $"{podIp}:{port}" : podIp;
        var authority = mapped is not null ? mapped.Authority : hostPort;
        var url = $"{(mapped?.Scheme ?? scheme)}://{authority}/{rest}{trailing}{context.Request.QueryString.Value}";
        await ForwardAsync(context, url, hostPort).ConfigureAwait(false);
    }

    private (string PodIp, string FirstPort) ReadPod(ResourceDefinition def, string ns, string name)
    {
        lock (server.Store.Gate)
        {
            var pod = server.Store.Get(def.StorageKey, ns, name) ?? throw ApiErrors.NotFound(def, name);
            var podIp = (string?)pod.Object["status"]?["podIP"] ?? "";
            var firstPort = (pod.Object["spec"]?["containers"] as JsonArray ?? [])
                .Select(c => (c?["ports"] as JsonArray)?.FirstOrDefault()?["containerPort"]?.ToString())
                .FirstOrDefault(p => p is not null) ?? "";
            return (podIp, firstPort);
        }
    }

    private static async Task ForwardAsync(HttpContext context, string url, string dialed)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), url);
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
            if (context.Request.ContentType is { } type)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            }
        }

        foreach (var accept in context.Request.Headers.Accept)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        HttpResponseMessage response;
        try
        {
            response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new ApiException(503, "ServiceUnavailable", $"error trying to reach service: {DialError(e, dialed)}");
        }
        catch (TaskCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            throw new ApiException(503, "ServiceUnavailable", $"error trying to reach service: dial tcp {dialed}: i/o timeout");
        }

        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (key, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (key is not ("Transfer-Encoding" or "Connection" or "Keep-Alive"))
                {
                    context.Response.Headers[key] = values.ToArray();
                }
            }

            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>Go's wording for the common dial failures (what kubectl users see from a real server).</summary>
    private static string DialError(HttpRequestException e, string dialed) => e.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => $"dial tcp {dialed}: connect: connection refused",
        SocketException { SocketErrorCode: SocketError.TimedOut } => $"dial tcp {dialed}: i/o timeout",
        SocketException s => $"dial tcp {dialed}: {s.Message}",
        _ => e.Message,
    };

    private static bool IsGlobalUnicast(IPAddress ip) =>
        !IPAddress.IsLoopback(ip) && !ip.Equals(IPAddress.Any) && !ip.Equals(IPAddress.IPv6Any) && !ip.IsIPv6LinkLocal && !ip.IsIPv6Multicast
        && !(ip.AddressFamily == AddressFamily.InterNetwork && (ip.GetAddressBytes()[0] >= 224 || ip.Equals(IPAddress.Broadcast)
            || (ip.GetAddressBytes()[0] == 169 && ip.GetAddressBytes()[1] == 254)));
}
