using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Mesh.LocalCluster.Patching;
using Mesh.Operator.Entities;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Reconciliation;

/// <summary>
/// Writes generated children: creates what is missing, merge-patches what differs (leaving fields other writers own
/// alone), skips what is already right, and prunes what the plan no longer holds. Every child carries our labels
/// and an owner reference to its MeshPolicy, so that deleting the policy lets garbage collection remove it.
/// </summary>
internal sealed class ChildApplier(KubeApi api)
{
    /// <summary>Returns true when something was written.</summary>
    public async Task<bool> ApplyAsync<T>(ResourceKind kind, T desired, T? existing, MeshPolicy owner, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        Own(desired, owner, existing);
        if (existing is null)
        {
            try
            {
                await api.CreateAsync(kind, desired, ct).ConfigureAwait(false);
                return true;
            }
            catch (KubeApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
            {
                // Created meanwhile (our cache lags): fall through to a patch against the live object.
                existing = await api.GetAsync<T>(kind, ObjectKey.Of(desired), ct).ConfigureAwait(false);
                if (existing is null)
                {
                    throw;
                }
            }
        }

        var patch = PatchOf(desired);
        var current = JsonNode.Parse(KubernetesJson.Serialize(existing))!.AsObject();
        if (JsonNode.DeepEquals(MergePatch.Apply(current, patch), current))
        {
            return false;
        }
        await api.MergePatchAsync<T>(kind, ObjectKey.Of(desired), patch.ToJsonString(), null, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Deletes the children in <paramref name="existing"/> whose names are not in <paramref name="keep"/>.</summary>
    public async Task<int> PruneAsync<T>(ResourceKind kind, IEnumerable<T> existing, ISet<string> keep, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var deleted = 0;
        foreach (var child in existing.Where(c => !keep.Contains(c.Metadata.Name) && c.Metadata.DeletionTimestamp is null))
        {
            try
            {
                await api.SendForStringAsync(HttpMethod.Delete, kind.ObjectPath(ObjectKey.Of(child)), "{\"propagationPolicy\":\"Background\"}", "application/json", ct).ConfigureAwait(false);
                deleted++;
            }
            catch (KubeApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                // Already gone: what pruning wanted.
            }
        }
        return deleted;
    }

    private static JsonObject PatchOf<T>(T desired)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var json = JsonNode.Parse(KubernetesJson.Serialize(desired))!.AsObject();
        json.Remove("status");
        var metadata = json["metadata"]!.AsObject();
        foreach (var field in new[] { "resourceVersion", "uid", "creationTimestamp", "generation", "managedFields", "namespace", "name" })
        {
            metadata.Remove(field);
        }
        return json;
    }

    private static void Own<T>(T desired, MeshPolicy owner, T? existing)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        desired.Metadata.Labels ??= new Dictionary<string, string>();
        desired.Metadata.Labels[MeshLabels.ManagedBy] = MeshLabels.ManagedByValue;
        desired.Metadata.Labels[MeshLabels.Policy] = owner.Metadata.Name;
        if (desired.Metadata.NamespaceProperty != owner.Metadata.NamespaceProperty)
        {
            return; // owner references never cross namespaces
        }
        var references = (existing?.Metadata.OwnerReferences ?? []).Where(r => r.Uid != owner.Metadata.Uid).ToList();
        references.Add(new V1OwnerReference
        {
            ApiVersion = MeshPolicy.KubeGroupVersion,
            Kind = MeshPolicy.KubeKind,
            Name = owner.Metadata.Name,
            Uid = owner.Metadata.Uid,
            Controller = references.All(r => r.Controller != true),
            BlockOwnerDeletion = true,
        });
        desired.Metadata.OwnerReferences = references;
    }
}
