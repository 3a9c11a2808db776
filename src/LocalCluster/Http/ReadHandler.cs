using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Mesh.LocalCluster.Errors;
using Mesh.LocalCluster.Selectors;
using Mesh.LocalCluster.Storage;
using Mesh.LocalCluster.Tables;

namespace Mesh.LocalCluster.Http;

/// <summary>GET of one object and LIST (with label and field selectors), as JSON or as a Table.</summary>
internal sealed class ReadHandler(ServerContext server)
{
    public async Task GetAsync(HttpContext context, ResourceRequest request)
    {
        var def = request.Def;
        var stored = server.Store.Get(def.StorageKey, def.Namespaced ? request.Namespace : "", request.Name!)
            ?? throw ApiErrors.NotFound(def, request.Name!);
        if (RequestQuery.WantsTable(context.Request))
        {
            var table = TablePrinter.Print(def, [ServedObjects.Node(def, stored)], stored.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), withColumns: true, server.Time, RequestQuery.Get(context.Request, "includeObject"));
            await Responses.WriteAsync(context, 200, table).ConfigureAwait(false);
            return;
        }

        if (RequestQuery.WantsMetadataOnly(context.Request))
        {
            await Responses.WriteAsync(context, 200, MetadataOnly(ServedObjects.Node(def, stored))).ConfigureAwait(false);
            return;
        }

        await Responses.WriteAsync(context, 200, ServedObjects.Json(def, stored)).ConfigureAwait(false);
    }

    /// <summary>A PartialObjectMetadata (meta.k8s.io/v1): what metadata-only clients (the garbage collector, -o name) read.</summary>
    private static JsonObject MetadataOnly(JsonObject obj) => new()
    {
        ["kind"] = "PartialObjectMetadata",
        ["apiVersion"] = "meta.k8s.io/v1",
        ["metadata"] = obj["metadata"]?.DeepClone(),
    };

    public async Task ListAsync(HttpContext context, ResourceRequest request)
    {
        var def = request.Def;
        var (items, resourceVersion) = Select(context.Request, request);
        var rv = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (RequestQuery.WantsTable(context.Request))
        {
            var table = TablePrinter.Print(def, items.Select(i => ServedObjects.Node(def, i)).ToList(), rv, withColumns: true, server.Time, RequestQuery.Get(context.Request, "includeObject"));
            await Responses.WriteAsync(context, 200, table).ConfigureAwait(false);
            return;
        }

        if (RequestQuery.WantsMetadataOnly(context.Request))
        {
            var list = new JsonObject
            {
                ["kind"] = "PartialObjectMetadataList",
                ["apiVersion"] = "meta.k8s.io/v1",
                ["metadata"] = new JsonObject { ["resourceVersion"] = rv },
                ["items"] = new JsonArray(items.Select(i => (JsonNode?)MetadataOnly(ServedObjects.Node(def, i))).ToArray()),
            };
            await Responses.WriteAsync(context, 200, list).ConfigureAwait(false);
            return;
        }

        // The list is assembled from each object's frozen bytes: no re-serialization of stored objects.
        using var body = new MemoryStream();
        body.Write(Encoding.UTF8.GetBytes(
            $"{{\"kind\":\"{def.ListKind}\",\"apiVersion\":\"{def.ApiVersion}\",\"metadata\":{{\"resourceVersion\":\"{rv}\"}},\"items\":["));
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                body.WriteByte((byte)',');
            }

            body.Write(ServedObjects.Json(def, items[i]));
        }

        body.Write("]}"u8);
        await Responses.WriteAsync(context, 200, body.ToArray()).ConfigureAwait(false);
    }

    /// <summary>The objects a list or deletecollection addresses, and the resourceVersion they were read at.</summary>
    public (List<StoredObject> Items, long ResourceVersion) Select(HttpRequest http, ResourceRequest request)
    {
        var def = request.Def;
        var labels = LabelSelector.Parse(RequestQuery.Get(http, "labelSelector"));
        var fields = FieldSelector.Parse(RequestQuery.Get(http, "fieldSelector"), p => SelectableFields.StoragePath(def, p));
        lock (server.Store.Gate)
        {
            var items = server.Store.List(def.StorageKey, def.Namespaced && !request.AllNamespaces ? request.Namespace : null)
                .Where(s => labels.Matches(s.Object) && fields.Matches(s.Object))
                .ToList();
            return (items, server.Store.CurrentResourceVersion);
        }
    }
}
