using k8s.Models;
using Mesh.Operator.Certificates;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Reconciliation;

/// <summary>
/// Keeps the built-in CA's root Secret (cluster-wide state) on its own, on the leader: creates it at startup, stages
/// and rotates it when the clock says so. MeshPolicy reconciles only read it; a change to it wakes them.
/// </summary>
internal sealed class RootCaReconciler(ObjectCache<V1Secret> secrets, RootCaWriter writer, BuiltInCaOptions options, TimeProvider time) : IReconciler
{
    public ObjectKey RootKey => ObjectKey.Create(options.OperatorNamespace, options.RootSecretName);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        if (key != RootKey)
        {
            return ReconcileResult.Done; // another Secret: not ours to look at
        }

        var root = await writer.EnsureAsync(secrets.Get(key), ct).ConfigureAwait(false);
        // Rotation is driven by the clock, not by events: look again when the root next needs a decision.
        if (RootCaDecider.NextCheck(root, options) is { } next)
        {
            var wait = next - time.GetUtcNow();
            return ReconcileResult.After(wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait);
        }

        return ReconcileResult.Done;
    }
}
