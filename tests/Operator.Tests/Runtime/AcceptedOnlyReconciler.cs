using Mesh.Operator.Status;
using System.Text.Json.Nodes;
using k8s;
using Mesh.Operator.Entities;
using Mesh.Operator.Hosting;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Tests.Runtime;

/// <summary>
/// A minimal reconciler for the runtime's tests (it used to stand in for the MeshPolicy reconciler): marks every MeshPolicy that the API admitted (schema and CEL rules
/// passed) as Accepted=True/Valid for its generation. One status write per reconcile, none when nothing changed.
/// </summary>
internal sealed class AcceptedOnlyReconciler(ObjectCache<MeshPolicy> cache, KubeApi api, IEventRecorder events, TimeProvider time) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        var policy = cache.Get(key);
        if (policy is null || policy.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }

        var generation = policy.Metadata.Generation ?? 0;
        var accepted = new Condition
        {
            Type = ConditionTypes.Accepted,
            Status = ConditionStatus.True,
            Reason = ConditionReasons.Valid,
            Message = "The MeshPolicy is valid.",
            ObservedGeneration = generation,
            LastTransitionTime = Conditions.TruncateToSeconds(time.GetUtcNow().UtcDateTime),
        };
        var current = policy.Status;
        var conditions = Conditions.Set(current?.Conditions, accepted);
        if (current?.ObservedGeneration == generation && Conditions.Same(current.Conditions, conditions))
        {
            return ReconcileResult.Done;
        }

        var status = (current ?? new MeshPolicyStatus()) with { ObservedGeneration = generation, Conditions = conditions };
        var patch = new JsonObject { ["status"] = JsonNode.Parse(KubernetesJson.Serialize(status)) };
        await api.MergePatchAsync<MeshPolicy>(ResourceKinds.MeshPolicy, key, patch.ToJsonString(), "status", ct).ConfigureAwait(false);

        var wasAccepted = current?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Accepted)?.Status;
        if (wasAccepted != ConditionStatus.True)
        {
            await events.RecordAsync(policy, EventTypes.Normal, "Accepted", $"MeshPolicy {key.Name} is valid (generation {generation}).", ct).ConfigureAwait(false);
        }

        return ReconcileResult.Done;
    }
}
