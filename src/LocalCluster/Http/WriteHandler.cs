using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Mesh.LocalCluster.Errors;
using Mesh.LocalCluster.Semantics;

namespace Mesh.LocalCluster.Http;

/// <summary>POST (create), PUT (update, /status), DELETE and DELETE on a collection.</summary>
internal sealed class WriteHandler(ServerContext server, ReadHandler reader)
{
    private readonly AdmittedWrites _admitted = new(server);

    public async Task CreateAsync(HttpContext context, ResourceRequest request)
    {
        var obj = await RequestBody.ReadObjectAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        BodyChecks.Check(request.Def, request.Namespace, obj);
        var ns = request.Namespace.Length > 0 ? request.Namespace : (string?)obj["metadata"]?["namespace"] ?? "";
        var stored = await _admitted.CreateAsync(request.Def, ns, obj, RequestQuery.WriteOptions(context.Request), WarningHeaders.For(context), context.RequestAborted)
            .ConfigureAwait(false);
        await Responses.WriteAsync(context, 201, ServedObjects.Json(request.Def, stored)).ConfigureAwait(false);
    }

    public async Task UpdateAsync(HttpContext context, ResourceRequest request)
    {
        var obj = await RequestBody.ReadObjectAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        BodyChecks.Check(request.Def, request.Namespace, obj);
        var stored = await _admitted.UpdateAsync(
            request.Def, request.Namespace, request.Name!, obj, request.Subresource, RequestQuery.WriteOptions(context.Request), WarningHeaders.For(context), context.RequestAborted)
            .ConfigureAwait(false);
        await Responses.WriteAsync(context, 200, ServedObjects.Json(request.Def, stored)).ConfigureAwait(false);
    }

    public async Task DeleteAsync(HttpContext context, ResourceRequest request)
    {
        var options = await ReadDeleteOptionsAsync(context).ConfigureAwait(false);
        var result = await _admitted.DeleteAsync(request.Def, request.Namespace, request.Name!, options, WarningHeaders.For(context), context.RequestAborted)
            .ConfigureAwait(false);
        if (!result.Gone)
        {
            // Still present (finalizers): 202 Accepted with the object (apiserver handlers/delete.go).
            await Responses.WriteAsync(context, 202, ServedObjects.Json(request.Def, result.Object)).ConfigureAwait(false);
        }
        else if (MetadataRules.ReturnsDeletedObject(request.Def))
        {
            await Responses.WriteAsync(context, 200, ServedObjects.Json(request.Def, result.Object)).ConfigureAwait(false);
        }
        else
        {
            var status = StatusObjects.Success(request.Name, request.Def.Group, request.Def.Plural, result.Object.Uid);
            await Responses.WriteAsync(context, 200, status).ConfigureAwait(false);
        }
    }

    public async Task DeleteCollectionAsync(HttpContext context, ResourceRequest request)
    {
        var options = await ReadDeleteOptionsAsync(context).ConfigureAwait(false);
        var def = request.Def;
        var deleted = new List<byte[]>();
        var probe = AdmittedWrites.Attributes("DELETE", def, null, request.Namespace, "", new WriteOptions { DryRun = options.DryRun });
        if (server.Admission.Applies(probe))
        {
            // Each item is admitted as a DELETE of its own (the real DeleteCollection deletes item by item); the
            // webhook calls cannot hold the store gate, so the selection is taken first.
            List<(string Namespace, string Name)> selected;
            lock (server.Store.Gate)
            {
                selected = reader.Select(context.Request, request).Items.Select(i => (i.Namespace, i.Name)).ToList();
            }

            var warn = WarningHeaders.For(context);
            foreach (var (ns, name) in selected)
            {
                try
                {
                    var result = await _admitted.DeleteAsync(def, ns, name, options, warn, context.RequestAborted).ConfigureAwait(false);
                    deleted.Add(ServedObjects.Json(def, result.Object));
                }
                catch (ApiException e) when (e.Code == 404)
                {
                    // Deleted meanwhile.
                }
            }
        }
        else
        {
            lock (server.Store.Gate)
            {
                foreach (var stored in reader.Select(context.Request, request).Items)
                {
                    deleted.Add(ServedObjects.Json(def, server.Deletion.Delete(def, stored.Namespace, stored.Name, options).Object));
                }
            }
        }

        using var body = new MemoryStream();
        body.Write(Encoding.UTF8.GetBytes($"{{\"kind\":\"{def.ListKind}\",\"apiVersion\":\"{def.ApiVersion}\",\"metadata\":{{}},\"items\":["));
        body.Write(Encoding.UTF8.GetBytes(string.Join(",", deleted.Select(Encoding.UTF8.GetString))));
        body.Write("]}"u8);
        await Responses.WriteAsync(context, 200, body.ToArray()).ConfigureAwait(false);
    }

    public static async Task<DeleteOptions> ReadDeleteOptionsAsync(HttpContext context)
    {
        var http = context.Request;
        JsonObject? body = null;
        if (http.ContentLength is > 0)
        {
            body = await RequestBody.ReadAsync(http, context.RequestAborted).ConfigureAwait(false) as JsonObject;
        }

        var propagation = RequestQuery.Get(http, "propagationPolicy") ?? (string?)body?["propagationPolicy"];
        if (propagation is null && body?["orphanDependents"]?.GetValue<bool>() == true)
        {
            propagation = "Orphan";
        }

        if (propagation is not (null or "Background" or "Foreground" or "Orphan"))
        {
            throw ApiErrors.BadRequest($"DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"{propagation}\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"");
        }

        var dryRun = RequestQuery.Get(http, "dryRun") == "All"
            || (body?["dryRun"] is JsonArray dry && dry.Any(d => d?.ToString() == "All"));
        return new DeleteOptions
        {
            Propagation = propagation ?? "Background",
            PreconditionUid = (string?)body?["preconditions"]?["uid"],
            PreconditionResourceVersion = (string?)body?["preconditions"]?["resourceVersion"],
            DryRun = dryRun,
        };
    }
}
