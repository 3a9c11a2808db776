namespace Mesh.Operator.Runtime;

/// <summary>
/// A deduplicating work queue keyed by <see cref="ObjectKey"/> (client-go's workqueue semantics): a key added while it
/// waits is merged; a key added while it is being processed is queued again only when <see cref="Done"/> is called, so
/// one key is never reconciled by two workers at once. Delays and backoff use the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class WorkQueue : IDisposable
{
    /// <summary>
    /// The longest delay a timer is armed for. Timers refuse more than about 49 days, and a requeue far in the future
    /// (a root CA renewal a year away) is better served early: reconciles are level-based, so an early one only
    /// recomputes the same state and asks again.
    /// </summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(12);

    private readonly Lock _lock = new();
    private readonly Queue<ObjectKey> _ready = new();
    private readonly Dictionary<ObjectKey, DirtyEntry> _dirty = new();
    private readonly HashSet<ObjectKey> _processing = new();
    private readonly Dictionary<ObjectKey, Waiting> _waiting = new();
    private readonly SemaphoreSlim _available = new(0);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TimeProvider _time;
    private readonly IRateLimiter _rateLimiter;
    private readonly IWorkQueueMetrics _metrics;

    public WorkQueue(TimeProvider time, IRateLimiter rateLimiter, IWorkQueueMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(rateLimiter);
        _time = time;
        _rateLimiter = rateLimiter;
        _metrics = metrics ?? NoWorkQueueMetrics.Instance;
    }

    public bool IsShuttingDown => _shutdown.IsCancellationRequested;

    /// <summary>Cancelled when the queue shuts down (ends sources that feed it).</summary>
    public CancellationToken Stopping => _shutdown.Token;

    /// <summary>Keys waiting to be handed out (not those being processed or delayed).</summary>
    public int Depth
    {
        get
        {
            lock (_lock)
            {
                return _ready.Count;
            }
        }
    }

    /// <summary>Adds the key now; merged into an existing entry when the key already waits.</summary>
    public void Add(ObjectKey key)
    {
        lock (_lock)
        {
            if (_shutdown.IsCancellationRequested)
            {
                return;
            }

            _metrics.Added();
            if (_dirty.TryGetValue(key, out var entry))
            {
                entry.Merged++;
                return;
            }

            _dirty[key] = new DirtyEntry(_time.GetTimestamp());
            if (_processing.Contains(key))
            {
                return;
            }

            _ready.Enqueue(key);
            _metrics.Depth(_ready.Count);
        }

        _available.Release();
    }

    /// <summary>Adds the key once the delay has passed; an earlier pending delay for the same key wins.</summary>
    public void AddAfter(ObjectKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        if (delay > MaxDelay)
        {
            delay = MaxDelay;
        }

        lock (_lock)
        {
            if (_shutdown.IsCancellationRequested)
            {
                return;
            }

            var due = _time.GetUtcNow() + delay;
            if (_waiting.TryGetValue(key, out var existing))
            {
                if (existing.Due <= due)
                {
                    return;
                }

                existing.Timer.Dispose();
            }

            var timer = _time.CreateTimer(static state => ((DelayedAdd)state!).Fire(), new DelayedAdd(this, key), delay, Timeout.InfiniteTimeSpan);
            _waiting[key] = new Waiting(due, timer);
        }
    }

    /// <summary>Adds the key after the rate limiter's delay (a failure or a requeue).</summary>
    public void AddRateLimited(ObjectKey key)
    {
        _metrics.Retried();
        AddAfter(key, _rateLimiter.When(key));
    }

    /// <summary>Resets the key's backoff (call after a successful reconcile).</summary>
    public void Forget(ObjectKey key) => _rateLimiter.Forget(key);

    public int Retries(ObjectKey key) => _rateLimiter.Retries(key);

    /// <summary>Waits for the next key; null once the queue is shut down. Call <see cref="Done"/> when finished.</summary>
    public async ValueTask<WorkItem?> TakeAsync(CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _shutdown.Token);
        try
        {
            await _available.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            return null;
        }

        lock (_lock)
        {
            if (_shutdown.IsCancellationRequested)
            {
                return null;
            }

            var key = _ready.Dequeue();
            _metrics.Depth(_ready.Count);
            _processing.Add(key);
            var entry = _dirty[key];
            _dirty.Remove(key);
            var wait = _time.GetElapsedTime(entry.AddedAt);
            _metrics.Waited(wait);
            return new WorkItem(key, wait, entry.Merged);
        }
    }

    /// <summary>Marks the key as processed; if it was added meanwhile, it is queued again now.</summary>
    public void Done(ObjectKey key)
    {
        var requeued = false;
        lock (_lock)
        {
            _processing.Remove(key);
            if (_dirty.ContainsKey(key) && !_shutdown.IsCancellationRequested)
            {
                _ready.Enqueue(key);
                _metrics.Depth(_ready.Count);
                requeued = true;
            }
        }

        if (requeued)
        {
            _available.Release();
        }
    }

    /// <summary>Stops handing out keys: waiting takers get null, delayed adds are dropped.</summary>
    public void ShutDown()
    {
        lock (_lock)
        {
            if (_shutdown.IsCancellationRequested)
            {
                return;
            }

            _shutdown.Cancel();
            foreach (var waiting in _waiting.Values)
            {
                waiting.Timer.Dispose();
            }

            _waiting.Clear();
        }
    }

    public void Dispose()
    {
        ShutDown();
        _shutdown.Dispose();
        _available.Dispose();
    }

    private void FireDelayed(ObjectKey key)
    {
        lock (_lock)
        {
            if (!_waiting.Remove(key, out var waiting))
            {
                return;
            }

            waiting.Timer.Dispose();
        }

        Add(key);
    }

    private sealed class DirtyEntry(long addedAt)
    {
        public long AddedAt { get; } = addedAt;

        public int Merged { get; set; }
    }

    private readonly record struct Waiting(DateTimeOffset Due, ITimer Timer);

    private sealed record DelayedAdd(WorkQueue Queue, ObjectKey Key)
    {
        public void Fire() => Queue.FireDelayed(Key);
    }
}
