using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Mesh.LocalCluster.Tables;
using Mesh.LocalCluster.Watching;

namespace Mesh.LocalCluster.Http;

/// <summary>Serializes watch items for one stream (plain objects, converted versions or one-row Tables).</summary>
internal sealed class WatchEventWriter(HttpContext context, Resources.ResourceDefinition def, bool table, TimeProvider time)
{
    private bool _columnsSent;

    public async Task WriteAsync(WatchItem item)
    {
        if (item.Event is not { } e)
        {
            var bookmark = new JsonObject
            {
                ["kind"] = def.Kind,
                ["apiVersion"] = def.ApiVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = item.BookmarkResourceVersion.ToString(CultureInfo.InvariantCulture) },
            };
            await WriteRawAsync(WatchEvent.Frame(WatchEventKind.Bookmark, JsonSerializer.SerializeToUtf8Bytes(bookmark))).ConfigureAwait(false);
            return;
        }

        if (table)
        {
            var row = TablePrinter.Print(def, [ServedObjects.Node(def, e.Stored)], e.ResourceVersion.ToString(CultureInfo.InvariantCulture), !_columnsSent, time, RequestQuery.Get(context.Request, "includeObject"));
            _columnsSent = true;
            await WriteRawAsync(WatchEvent.Frame(e.Kind, JsonSerializer.SerializeToUtf8Bytes(row))).ConfigureAwait(false);
            return;
        }

        var line = ServedObjects.NeedsConversion(def, e.Stored)
            ? WatchEvent.Frame(e.Kind, ServedObjects.Json(def, e.Stored))
            : e.Line;
        await WriteRawAsync(line).ConfigureAwait(false);
    }

    public async Task WriteRawAsync(byte[] line)
    {
        await context.Response.Body.WriteAsync(line, context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
