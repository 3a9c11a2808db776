using System.Text.Json.Nodes;
using Mesh.LocalCluster.Admission;
using Mesh.LocalCluster.Errors;
using Mesh.LocalCluster.Resources;
using Mesh.LocalCluster.Semantics;
using Mesh.LocalCluster.Storage;

namespace Mesh.LocalCluster.Http;

/// <summary>
/// Writes through dynamic admission in kube-apiserver's order: mutating webhooks, then the lifecycle's own defaulting
/// and validation (run as a dry run, outside any webhook call), then validating webhooks, then the real write, which
/// repeats those checks under the store gate and is pinned to the resourceVersion the webhooks saw. When no webhook's
/// rules name the request the write goes straight to the lifecycle.
/// </summary>
internal sealed class AdmittedWrites(ServerContext server)
{
    public async Task<StoredObject> CreateAsync(
        ResourceDefinition def, string ns, JsonObject obj, WriteOptions options, Action<string> warn, CancellationToken ct)
    {
        DefaultOnDecode(def, obj);
        var request = Attributes("CREATE", def, null, ns, MetadataRules.Name(obj), options) with { Object = obj };
        if (!server.Admission.Applies(request))
        {
            return server.Lifecycle.Create(def, ns, obj, options);
        }

        options = StrictBodyOnly(def, obj, options);
        var mutated = await server.Admission.MutateAsync(request, warn, ct).ConfigureAwait(false) ?? obj;
        var preview = server.Lifecycle.Create(def, ns, mutated.DeepClone().AsObject(), options with { DryRun = true });
        await server.Admission.ValidateAsync(request with { Object = ServedObjects.Node(def, preview), Name = preview.Name }, warn, ct)
            .ConfigureAwait(false);
        if (options.DryRun)
        {
            return preview;
        }

        // Keep the generated name the validating webhooks saw.
        MetadataRules.Metadata(mutated)["name"] = preview.Name;
        return server.Lifecycle.Create(def, ns, mutated, options);
    }

    public async Task<StoredObject> UpdateAsync(
        ResourceDefinition def, string ns, string name, JsonObject obj, string? subresource, WriteOptions options, Action<string> warn, CancellationToken ct)
    {
        var existing = server.Store.Get(def.StorageKey, def.Namespaced ? ns : "", name) ?? throw ApiErrors.NotFound(def, name);
        DefaultOnDecode(def, obj);
        var request = Attributes("UPDATE", def, subresource, ns, name, options) with { Object = obj, OldObject = ServedObjects.Node(def, existing) };
        if (!server.Admission.Applies(request))
        {
            return server.Lifecycle.Update(def, ns, name, obj, subresource, options);
        }

        options = StrictBodyOnly(def, obj, options);
        var mutated = await server.Admission.MutateAsync(request, warn, ct).ConfigureAwait(false) ?? obj;
        var preview = server.Lifecycle.Update(def, ns, name, mutated.DeepClone().AsObject(), subresource, options with { DryRun = true });
        await server.Admission.ValidateAsync(request with { Object = ServedObjects.Node(def, preview) }, warn, ct).ConfigureAwait(false);
        if (options.DryRun)
        {
            return preview;
        }

        // A write between the webhook calls and now must not slip through unadmitted: it becomes a 409 Conflict.
        if ((string?)mutated["metadata"]?["resourceVersion"] is null or "")
        {
            MetadataRules.Metadata(mutated)["resourceVersion"] = existing.Object["metadata"]?["resourceVersion"]?.DeepClone();
        }

        return server.Lifecycle.Update(def, ns, name, mutated, subresource, options);
    }

    public async Task<DeleteResult> DeleteAsync(
        ResourceDefinition def, string ns, string name, DeleteOptions options, Action<string> warn, CancellationToken ct)
    {
        var existing = server.Store.Get(def.StorageKey, def.Namespaced ? ns : "", name) ?? throw ApiErrors.NotFound(def, name);
        var request = Attributes("DELETE", def, null, ns, name, new WriteOptions { DryRun = options.DryRun })
            with { OldObject = ServedObjects.Node(def, existing) };
        if (server.Admission.Applies(request))
        {
            await server.Admission.MutateAsync(request, warn, ct).ConfigureAwait(false);
            await server.Admission.ValidateAsync(request, warn, ct).ConfigureAwait(false);
            options = options with { PreconditionUid = options.PreconditionUid ?? existing.Uid };
        }

        return server.Deletion.Delete(def, ns, name, options);
    }

    /// <summary>
    /// kube-apiserver defaults a built-in object when it decodes the request, so mutating webhooks see the defaults;
    /// the lifecycle defaults again what they patched (as the real server decodes the patched object).
    /// </summary>
    private static void DefaultOnDecode(ResourceDefinition def, JsonObject obj)
    {
        if (!def.IsCustom && def.Converter is null)
        {
            Semantics.Defaults.BuiltInDefaults.Apply(def, obj);
        }
    }

    /// <summary>Strict field validation judges the client's body, not the webhooks' additions (which are pruned).</summary>
    private WriteOptions StrictBodyOnly(ResourceDefinition def, JsonObject body, WriteOptions options)
    {
        if (!options.StrictFields)
        {
            return options;
        }

        server.Lifecycle.RejectUnknownFields(def, body);
        return options with { StrictFields = false };
    }

    /// <summary>The attributes of a write; for a Namespace object the namespace is its own name, as kube-apiserver sets it.</summary>
    public static AdmissionAttributes Attributes(
        string operation, ResourceDefinition def, string? subresource, string ns, string name, WriteOptions options)
    {
        var isNamespace = def.Group.Length == 0 && def.Plural == "namespaces";
        return new AdmissionAttributes
        {
            Operation = operation,
            Resource = def,
            Subresource = subresource ?? "",
            Kind = (def.Group, def.Version, def.Kind),
            Namespace = isNamespace ? name : def.Namespaced ? ns : "",
            Name = name,
            DryRun = options.DryRun,
            Options = AdmissionReviewFactory.Options(operation, options.DryRun, options.FieldManager),
        };
    }
}
