using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Mesh.LocalCluster.Errors;
using Mesh.LocalCluster.Http;
using Mesh.LocalCluster.Resources;
using Mesh.LocalCluster.Semantics;

namespace Mesh.LocalCluster.Policy;

/// <summary>
/// POST pods/{name}/eviction: admission (CREATE on pods/eviction), then under the store gate the disruption budget
/// check, the budget's charge (status.disruptionsAllowed, status.disruptedPods) and the pod's graceful deletion.
/// </summary>
internal sealed class EvictionHandler(ServerContext server)
{
    private static readonly ResourceTypeKey Budgets = new("policy", "poddisruptionbudgets");

    public async Task EvictAsync(HttpContext context, ResourceRequest request)
    {
        var def = request.Def;
        var name = request.Name!;
        var eviction = await RequestBody.ReadObjectAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        Check(eviction, name);
        var deleteOptions = Options(eviction["deleteOptions"] as JsonObject, context.Request);
        var pod = server.Store.Get(def.StorageKey, request.Namespace, name) ?? throw ApiErrors.NotFound(def, name);

        var attributes = AdmittedWrites.Attributes("CREATE", def, "eviction", request.Namespace, name, new WriteOptions { DryRun = deleteOptions.DryRun })
            with { Kind = ("policy", "v1", "Eviction"), Object = eviction };
        if (server.Admission.Applies(attributes))
        {
            var warn = WarningHeaders.For(context);
            var mutated = await server.Admission.MutateAsync(attributes, warn, context.RequestAborted).ConfigureAwait(false);
            await server.Admission.ValidateAsync(attributes with { Object = mutated }, warn, context.RequestAborted).ConfigureAwait(false);
        }

        lock (server.Store.Gate)
        {
            pod = server.Store.Get(def.StorageKey, request.Namespace, name) ?? throw ApiErrors.NotFound(def, name);
            if (!DisruptionBudgetCheck.IgnoresBudgets(pod.Object))
            {
                ChargeBudget(pod.Object, request.Namespace, name, deleteOptions.DryRun);
            }

            server.Deletion.Delete(def, request.Namespace, name, deleteOptions with { PreconditionUid = deleteOptions.PreconditionUid ?? pod.Uid });
        }

        var success = new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success" };
        await Responses.WriteAsync(context, 201, success).ConfigureAwait(false);
    }

    /// <summary>Under the gate: refuses (throws) or charges the one budget that selects the pod.</summary>
    private void ChargeBudget(JsonObject pod, string ns, string name, bool dryRun)
    {
        var stored = server.Store.List(Budgets, ns);
        var matching = DisruptionBudgetCheck.Matching(stored.Select(s => s.Object), pod);
        if (matching.Count > 1)
        {
            throw new ApiException(500, "InternalError",
                "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
        }

        if (matching.Count == 0)
        {
            return;
        }

        var refusal = DisruptionBudgetCheck.Decide(matching[0], pod, out var decrement);
        if (refusal is not null)
        {
            throw refusal;
        }

        if (decrement && !dryRun)
        {
            var existing = stored.First(s => ReferenceEquals(s.Object, matching[0]));
            server.Lifecycle.Commit(existing, DisruptionBudgetCheck.Charge(existing.Object, name, MetadataRules.Timestamp(server.Time)));
        }
    }

    private static void Check(JsonObject eviction, string name)
    {
        var apiVersion = (string?)eviction["apiVersion"] ?? "policy/v1";
        var kind = (string?)eviction["kind"] ?? "Eviction";
        if (kind != "Eviction" || apiVersion is not ("policy/v1" or "policy/v1beta1"))
        {
            throw ApiErrors.BadRequest($"{kind} in version \"{apiVersion}\" cannot be handled as a Eviction: no kind \"{kind}\" is registered for version \"{apiVersion}\"");
        }

        var bodyName = (string?)eviction["metadata"]?["name"] ?? "";
        if (bodyName.Length > 0 && bodyName != name)
        {
            throw ApiErrors.BadRequest("name in URL does not match name in Eviction object");
        }
    }

    private static DeleteOptions Options(JsonObject? body, HttpRequest http) => new()
    {
        Propagation = (string?)body?["propagationPolicy"] ?? "Background",
        PreconditionUid = (string?)body?["preconditions"]?["uid"],
        PreconditionResourceVersion = (string?)body?["preconditions"]?["resourceVersion"],
        DryRun = RequestQuery.Get(http, "dryRun") == "All" || (body?["dryRun"] as JsonArray)?.Any(d => d?.ToString() == "All") == true,
    };
}
