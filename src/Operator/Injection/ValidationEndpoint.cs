using Mesh.XdsServer.Contract;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Mesh.Operator.Injection;

/// <summary>
/// POST <see cref="SidecarContract.ValidatorPath"/> on the webhook's HTTPS port, read exactly as the injector's path is
/// (HTTPS only, JSON only, at most <see cref="AdmissionHandler.MaxBodyBytes"/>).
/// </summary>
public static class ValidationEndpoint
{
    public static IEndpointConventionBuilder MapMeshPolicyValidator(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapPost(SidecarContract.ValidatorPath, HandleAsync);
    }

    private static async Task HandleAsync(HttpContext context, MeshPolicyValidationHandler handler)
    {
        var reply = await InjectionEndpoint.ReadAndHandleAsync(context.Request, handler.HandleAsync, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = reply.StatusCode;
        context.Response.ContentType = reply.ContentType;
        await context.Response.WriteAsync(reply.Body, context.RequestAborted).ConfigureAwait(false);
    }
}
