namespace Mesh.Operator.Runtime;

/// <summary>
/// Level-based reconciler: it gets a key, never an event, reads the whole state from the cache and converges it.
/// Creating, updating and deleting are the same code path. Throwing re-queues the key with exponential backoff.
/// </summary>
public interface IReconciler
{
    Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct);
}
