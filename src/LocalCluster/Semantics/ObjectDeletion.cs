using System.Text.Json.Nodes;
using Mesh.LocalCluster.Errors;
using Mesh.LocalCluster.Resources;
using Mesh.LocalCluster.Storage;

namespace Mesh.LocalCluster.Semantics;

/// <summary>
/// DELETE semantics (apiserver pkg/registry/generic/registry/store.go Delete and BeforeDelete): preconditions,
/// finalizers with deletionTimestamp, propagation policies, namespaces that terminate.
/// </summary>
internal sealed class ObjectDeletion(ObjectLifecycle lifecycle)
{
    public const string ForegroundFinalizer = "foregroundDeletion";
    public const string OrphanFinalizer = "orphan";

    private static readonly ResourceTypeKey Namespaces = new("", "namespaces");

    public DeleteResult Delete(ResourceDefinition def, string ns, string name, DeleteOptions options)
    {
        var store = lifecycle.Store;
        lock (store.Gate)
        {
            var existing = store.Get(def.StorageKey, def.Namespaced ? ns : "", name) ?? throw ApiErrors.NotFound(def, name);
            CheckPreconditions(def, name, existing, options);
            if (def.StorageKey == Namespaces && name is "default" or "kube-system" or "kube-public")
            {
                // kubernetes plugin/pkg/admission/namespace/lifecycle: immortal namespaces.
                throw ApiErrors.Forbidden(def, name, "this namespace may not be deleted");
            }

            if (options.DryRun)
            {
                return new DeleteResult(existing, Gone: true);
            }

            if (options.Propagation == "Orphan")
            {
                Orphan(existing.Uid);
            }

            var next = existing.Object.DeepClone().AsObject();
            var metadata = MetadataRules.Metadata(next);
            var finalizers = MetadataRules.Finalizers(next);
            if (options.Propagation == "Foreground" && !finalizers.Contains(ForegroundFinalizer))
            {
                finalizers.Add(ForegroundFinalizer);
            }

            if (def.StorageKey == Namespaces)
            {
                // The namespace controller (our garbage collector) empties it, then drops the "kubernetes" finalizer.
                next["status"] = new JsonObject { ["phase"] = "Terminating" };
                finalizers.Add("kubernetes");
            }

            if (def.StorageKey == CrdLifecycle.Type && metadata["deletionTimestamp"] is null)
            {
                // The cleanup (garbage collector) deletes the resources it serves before the CRD goes.
                CrdCleanup.MarkForDeletion(next, finalizers, lifecycle.Time);
            }

            if (finalizers.Count == 0)
            {
                return new DeleteResult(lifecycle.RemoveNow(def.StorageKey, existing), Gone: true);
            }

            if (metadata["deletionTimestamp"] is null)
            {
                metadata["deletionTimestamp"] = MetadataRules.Timestamp(lifecycle.Time);
                metadata["deletionGracePeriodSeconds"] = 0;
                if (metadata["generation"] is not null)
                {
                    MetadataRules.BumpGeneration(metadata);
                }
            }

            if (def.StorageKey.Plural != "namespaces" || def.StorageKey.Group.Length != 0)
            {
                MetadataRules.SetFinalizers(next, finalizers);
            }

            return new DeleteResult(lifecycle.Commit(existing, next), Gone: false);
        }
    }

    /// <summary>Objects whose ownerReferences name <paramref name="uid"/>. Call under the gate.</summary>
    public List<(ResourceTypeKey Type, StoredObject Object)> Dependents(string uid)
    {
        var store = lifecycle.Store;
        var result = new List<(ResourceTypeKey, StoredObject)>();
        foreach (var type in store.Types())
        {
            foreach (var stored in store.List(type, null))
            {
                if (OwnerUids(stored.Object).Contains(uid))
                {
                    result.Add((type, stored));
                }
            }
        }

        return result;
    }

    public static List<string> OwnerUids(JsonObject obj) =>
        obj["metadata"]?["ownerReferences"] is JsonArray refs
            ? refs.Select(r => (string?)r?["uid"] ?? "").Where(u => u.Length > 0).ToList()
            : [];

    private void Orphan(string uid)
    {
        foreach (var (_, dependent) in Dependents(uid))
        {
            var next = dependent.Object.DeepClone().AsObject();
            var refs = (JsonArray)next["metadata"]!["ownerReferences"]!;
            foreach (var owned in refs.Where(r => (string?)r?["uid"] == uid).ToList())
            {
                refs.Remove(owned);
            }

            if (refs.Count == 0)
            {
                next["metadata"]!.AsObject().Remove("ownerReferences");
            }

            lifecycle.Commit(dependent, next);
        }
    }

    private static void CheckPreconditions(ResourceDefinition def, string name, StoredObject existing, DeleteOptions options)
    {
        if (options.PreconditionUid is { Length: > 0 } uid && uid != existing.Uid)
        {
            throw ApiErrors.Conflict(def, name,
                $"Precondition failed: UID in precondition: {uid}, UID in object meta: {existing.Uid}");
        }

        var rv = (string?)existing.Object["metadata"]?["resourceVersion"] ?? "";
        if (options.PreconditionResourceVersion is { Length: > 0 } wanted && wanted != rv)
        {
            throw ApiErrors.Conflict(def, name,
                $"Precondition failed: ResourceVersion in precondition: {wanted}, ResourceVersion in object meta: {rv}");
        }
    }
}
