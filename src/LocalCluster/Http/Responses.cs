using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Mesh.LocalCluster.Http;

/// <summary>Writes JSON answers.</summary>
internal static class Responses
{
    public const string Json = "application/json";

    public static Task WriteAsync(HttpContext context, int status, JsonNode body, string contentType = Json) =>
        WriteAsync(context, status, JsonSerializer.SerializeToUtf8Bytes(body), contentType);

    public static async Task WriteAsync(HttpContext context, int status, byte[] body, string contentType = Json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }
}
