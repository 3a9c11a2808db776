using System.Text.Json.Nodes;
using Mesh.LocalCluster.Errors;
using Mesh.LocalCluster.Resources;
using Mesh.LocalCluster.Storage;

namespace Mesh.LocalCluster.Semantics;

/// <summary>
/// Deleting a CustomResourceDefinition as kube-apiserver does (apiextensions registry Delete and the crd_finalizer
/// controller): the first DELETE stamps deletionTimestamp, adds the customresourcecleanup finalizer and sets
/// Terminating (InstanceDeletionPending); the resources stay served (reads, updates and deletes, so that their own
/// finalizers can be removed) while creates are refused; the cleanup deletes every custom resource
/// (InstanceDeletionInProgress), waits for the ones held by finalizers, and only then drops its finalizer
/// (InstanceDeletionCompleted), which removes the CRD.
/// </summary>
internal static class CrdCleanup
{
    public const string Finalizer = "customresourcecleanup.apiextensions.k8s.io";
    public const string Terminating = "Terminating";

    /// <summary>What the first DELETE of a CRD changes in <paramref name="next"/> (a copy of the stored CRD).</summary>
    public static void MarkForDeletion(JsonObject next, List<string> finalizers, TimeProvider time)
    {
        if (!finalizers.Contains(Finalizer))
        {
            finalizers.Add(Finalizer);
        }

        SetCondition(next, "True", "InstanceDeletionPending", "CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon", time);
    }

    /// <summary>Whether the CRD serving <paramref name="key"/> is being deleted. Call under the store gate.</summary>
    public static bool IsTerminating(ObjectStore store, ResourceTypeKey key) =>
        store.List(CrdLifecycle.Type, null).Any(crd =>
            crd.Object["metadata"]?["deletionTimestamp"] is not null && CrdResources.KeyOf(crd.Object) == key);

    /// <summary>The 405 a create of a custom resource gets while its CRD terminates.</summary>
    public static ApiException CreateRefused(ResourceDefinition def) => new(405, "MethodNotAllowed",
        "create not allowed while custom resource definition is terminating",
        new JsonObject { ["group"] = def.Group, ["kind"] = def.Plural });

    /// <summary>
    /// One step of the cleanup of a deleted CRD (under the store gate): delete its resources, and once none is left
    /// drop the finalizer. Returns whether anything changed.
    /// </summary>
    public static bool Step(ObjectLifecycle lifecycle, ObjectDeletion deletion, StoredObject crd, RegistrySnapshot registry)
    {
        var store = lifecycle.Store;
        var key = CrdResources.KeyOf(crd.Object);
        var def = key is { } k ? registry.FindStorage(k) : null;
        var changed = false;
        var remaining = 0;
        if (def is { IsCustom: true })
        {
            foreach (var stored in store.List(def.StorageKey, null))
            {
                if (stored.Object["metadata"]?["deletionTimestamp"] is null)
                {
                    changed = true;
                    if (deletion.Delete(def, stored.Namespace, stored.Name, DeleteOptions.Background).Gone)
                    {
                        continue;
                    }
                }

                remaining++;
            }
        }

        var next = crd.Object.DeepClone().AsObject();
        if (remaining > 0)
        {
            SetCondition(next, "True", "InstanceDeletionInProgress", "CustomResource deletion is in progress", lifecycle.Time);
            return lifecycle.Commit(crd, next) != crd || changed;
        }

        SetCondition(next, "False", "InstanceDeletionCompleted", "removed all instances", lifecycle.Time);
        MetadataRules.SetFinalizers(next, MetadataRules.Finalizers(next).Where(f => f != Finalizer));
        lifecycle.Commit(crd, next);
        return true;
    }

    private static void SetCondition(JsonObject crd, string status, string reason, string message, TimeProvider time)
    {
        var statusObject = crd["status"] as JsonObject ?? (JsonObject)(crd["status"] = new JsonObject());
        var conditions = statusObject["conditions"] as JsonArray ?? (JsonArray)(statusObject["conditions"] = new JsonArray());
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == Terminating);
        if (existing is not null && (string?)existing["status"] == status && (string?)existing["reason"] == reason)
        {
            return;
        }

        var transition = existing is not null && (string?)existing["status"] == status
            ? (string?)existing["lastTransitionTime"]
            : MetadataRules.Timestamp(time);
        var condition = new JsonObject
        {
            ["type"] = Terminating,
            ["status"] = status,
            ["lastTransitionTime"] = transition,
            ["reason"] = reason,
            ["message"] = message,
        };
        if (existing is null)
        {
            conditions.Add(condition);
        }
        else
        {
            conditions[conditions.IndexOf(existing)] = condition;
        }
    }
}
