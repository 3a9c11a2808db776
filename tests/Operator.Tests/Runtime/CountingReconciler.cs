using Mesh.Operator.Runtime;

namespace Mesh.Operator.Tests.Runtime;

/// <summary>Wraps a reconciler to count its runs and report the most concurrent runs of one key.</summary>
internal sealed class CountingReconciler(Func<ObjectKey, CancellationToken, Task<ReconcileResult>> inner) : IReconciler
{
    private readonly Dictionary<ObjectKey, int> _running = new();
    private int _count;
    private int _maxConcurrentPerKey;

    public CountingReconciler(IReconciler inner)
        : this(inner.ReconcileAsync)
    {
    }

    public int Count => Volatile.Read(ref _count);

    public int MaxConcurrentPerKey => Volatile.Read(ref _maxConcurrentPerKey);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        lock (_running)
        {
            var n = _running.GetValueOrDefault(key) + 1;
            _running[key] = n;
            _maxConcurrentPerKey = Math.Max(_maxConcurrentPerKey, n);
        }

        try
        {
            return await inner(key, ct);
        }
        finally
        {
            lock (_running)
            {
                _running[key]--;
            }

            Interlocked.Increment(ref _count);
        }
    }
}
