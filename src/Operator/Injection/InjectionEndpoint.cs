using Mesh.XdsServer.Contract;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Mesh.Operator.Injection;

/// <summary>
/// POST <see cref="SidecarContract.InjectorPath"/> on the webhook's HTTPS port. The body is read up to
/// <see cref="AdmissionHandler.MaxBodyBytes"/>; the same path on a plaintext port answers 404, so the metrics port
/// never serves admission.
/// </summary>
public static class InjectionEndpoint
{
    public static IEndpointConventionBuilder MapSidecarInjector(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapPost(SidecarContract.InjectorPath, HandleAsync);
    }

    private static async Task HandleAsync(HttpContext context, AdmissionHandler handler)
    {
        var reply = await ReadAndHandleAsync(context.Request, handler.HandleAsync, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = reply.StatusCode;
        context.Response.ContentType = reply.ContentType;
        await context.Response.WriteAsync(reply.Body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Reads an admission request body (HTTPS, JSON, bounded) and hands it to <paramref name="handle"/>; shared by every admission path.</summary>
    internal static async Task<AdmissionReply> ReadAndHandleAsync(HttpRequest request, Func<ReadOnlyMemory<byte>, CancellationToken, Task<AdmissionReply>> handle, CancellationToken ct)
    {
        if (!request.IsHttps)
        {
            return AdmissionReply.Error(404, $"admission is served on the webhook's HTTPS port only");
        }
        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return AdmissionReply.Error(415, $"Content-Type \"{type}\" is not served; send application/json");
        }
        if (request.ContentLength > AdmissionHandler.MaxBodyBytes)
        {
            return TooLarge();
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > AdmissionHandler.MaxBodyBytes)
            {
                return TooLarge();
            }
            buffer.Write(chunk, 0, read);
        }
        return await handle(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct).ConfigureAwait(false);
    }

    private static AdmissionReply TooLarge() =>
        AdmissionReply.Error(413, $"the AdmissionReview is larger than {AdmissionHandler.MaxBodyBytes / (1024 * 1024)} MiB, the most the injector reads");
}
