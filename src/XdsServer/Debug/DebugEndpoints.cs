using System.Text.Json;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.XdsServer.Debug;

/// <summary>Read-only HTTP endpoints for operators: proxy sync state and one proxy's config.</summary>
internal static class DebugEndpoints
{
    public const string ProxiesPath = "/debug/xds/proxies";
    public const string ConfigPath = "/debug/xds/config/{nodeId}";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ProxiesPath, WriteProxiesAsync);
        endpoints.MapGet(ConfigPath, WriteConfigAsync);
    }

    /// <summary>The names `istioctl proxy-status` uses for sync states.</summary>
    public static string Display(SyncState state) => state switch
    {
        SyncState.Synced => "SYNCED",
        SyncState.NotSent => "NOT SENT",
        SyncState.Stale => "STALE",
        _ => "NACKED",
    };

    private static async Task WriteProxiesAsync(HttpContext context)
    {
        var registry = context.RequestServices.GetRequiredService<ProxyStatusRegistry>();
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("proxies");
        foreach (var proxy in registry.GetProxies())
        {
            WriteProxy(json, proxy);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static async Task WriteConfigAsync(HttpContext context, string nodeId)
    {
        var registry = context.RequestServices.GetRequiredService<ProxyStatusRegistry>();
        if (registry.FindStream(nodeId) is not { } stream)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsJsonAsync(new { error = $"node '{nodeId}' is not connected" });
            return;
        }

        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions { Indented = true });
        ConfigDumpWriter.Write(json, stream.Status, stream.AckedConfig);
    }

    private static void WriteProxy(Utf8JsonWriter json, ProxyStatus proxy)
    {
        json.WriteStartObject();
        json.WriteString("nodeId", proxy.NodeId);
        json.WriteString("key", proxy.Key);
        json.WriteString("streamId", proxy.StreamId);
        json.WriteString("api", proxy.Delta ? "delta" : "sotw");
        json.WriteString("connectedAt", proxy.ConnectedAt);
        json.WriteBoolean("synced", proxy.Synced);
        WriteLabels(json, "labels", proxy.CurrentLabels);
        if (proxy.LastError is not null)
        {
            json.WriteString("lastError", proxy.LastError);
        }

        json.WriteStartObject("types");
        foreach (var type in proxy.Types)
        {
            json.WriteStartObject(TypeUrls.ShortName(type.TypeUrl));
            json.WriteString("state", Display(type.State));
            json.WriteString("typeUrl", type.TypeUrl);
            json.WriteBoolean("wildcard", type.Wildcard);
            json.WriteNumber("subscribedNames", type.SubscribedNames.Count);
            json.WriteString("sentVersion", type.SentVersion);
            json.WriteString("ackedVersion", type.AckedVersion);
            WriteLabels(json, "ackedLabels", type.AckedLabels);
            if (type.LastNack is { } nack)
            {
                json.WriteStartObject("lastNack");
                json.WriteString("rejectedVersion", nack.RejectedVersion);
                json.WriteString("acceptedVersion", nack.AcceptedVersion);
                json.WriteString("nonce", nack.Nonce);
                json.WriteString("error", nack.ErrorMessage);
                json.WriteStartArray("rejectedResources");
                foreach (var name in nack.RejectedResources)
                {
                    json.WriteStringValue(name);
                }
                json.WriteEndArray();
                json.WriteNumber("code", nack.ErrorCode);
                json.WriteString("at", nack.At);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteLabels(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null)
        {
            return;
        }

        json.WriteStartObject(name);
        foreach (var (key, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
    }
}
