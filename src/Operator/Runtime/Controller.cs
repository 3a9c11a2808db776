using Microsoft.Extensions.Logging;

namespace Mesh.Operator.Runtime;

/// <summary>
/// Runs one reconciler over one work queue with a fixed number of workers. A failure re-queues the key with backoff
/// (KubeOps issue 554 is the bug this avoids); a success forgets the key's backoff.
/// </summary>
public sealed class Controller
{
    private readonly IReconciler _reconciler;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _workers;
    private long _reconciles;

    internal Controller(string name, IReconciler reconciler, WorkQueue queue, int workers, TimeProvider time, ILogger logger)
    {
        Name = name;
        _reconciler = reconciler;
        Queue = queue;
        _workers = workers;
        _time = time;
        _logger = logger;
    }

    public string Name { get; }

    /// <summary>False for controllers that run on every replica, leader or not.</summary>
    public bool NeedsLeaderElection { get; init; } = true;

    public WorkQueue Queue { get; }

    /// <summary>Reconciles started since this controller was created (any result).</summary>
    public long Reconciles => Interlocked.Read(ref _reconciles);

    /// <summary>
    /// Runs the workers until <paramref name="stop"/>: then no new key is taken. Reconciles in flight get
    /// <paramref name="abort"/>, which the caller cancels at once (lost leadership) or after a grace period (shutdown).
    /// </summary>
    public Task RunAsync(CancellationToken stop, CancellationToken abort) =>
        Task.WhenAll(Enumerable.Range(0, _workers).Select(_ => Task.Run(() => WorkAsync(stop, abort), CancellationToken.None)));

    private async Task WorkAsync(CancellationToken stop, CancellationToken abort)
    {
        while (!stop.IsCancellationRequested)
        {
            WorkItem? item;
            try
            {
                item = await Queue.TakeAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (item is null)
            {
                return;
            }

            await ReconcileOneAsync(item.Value.Key, abort).ConfigureAwait(false);
        }
    }

    private async Task ReconcileOneAsync(ObjectKey key, CancellationToken abort)
    {
        Interlocked.Increment(ref _reconciles);
        RuntimeMetrics.ActiveWorkers.WithLabels(Name).Inc();
        var started = _time.GetTimestamp();
        string result;
        try
        {
            var outcome = await _reconciler.ReconcileAsync(key, abort).ConfigureAwait(false);
            if (outcome.RequeueAfter is { } after)
            {
                Queue.Forget(key);
                Queue.AddAfter(key, after);
                result = "requeue_after";
            }
            else if (outcome.RequeueWithBackoff)
            {
                Queue.AddRateLimited(key);
                result = "requeue";
            }
            else
            {
                Queue.Forget(key);
                result = "success";
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // Abandoned (lost leadership or shutdown): run it again when this replica leads again.
            Queue.Add(key);
            result = "abandoned";
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Reconcile of {Key} by {Controller} failed (retry {Retry})", key, Name, Queue.Retries(key) + 1);
            RuntimeMetrics.ReconcileErrors.WithLabels(Name).Inc();
            Queue.AddRateLimited(key);
            result = "error";
        }
        finally
        {
            Queue.Done(key);
            RuntimeMetrics.ActiveWorkers.WithLabels(Name).Dec();
        }

        RuntimeMetrics.ReconcileTotal.WithLabels(Name, result).Inc();
        RuntimeMetrics.ReconcileTime.WithLabels(Name).Observe(_time.GetElapsedTime(started).TotalSeconds);
    }
}
