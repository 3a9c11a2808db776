using PolicyKey = (string Namespace, string Name);

namespace Mesh.Operator.Publishing;

/// <summary>
/// Holds a starting operator's first publish until every MeshPolicy that existed when its caches synced has been
/// reconciled once (or until the wait runs out). Sidecars reconnect as soon as the xDS port answers; a first publish
/// holding only the policies reconciled so far would hand the sidecars of the others an empty config (their pods not
/// in the model yet), replacing the config they run with nothing until the next publish. Until the gate opens a
/// connecting stream is served nothing, as before any publish, and keeps what it had. Open from the start unless
/// <see cref="Expect"/> arms it (tools and tests that publish directly never wait).
/// </summary>
internal sealed class InitialPublishGate(TimeProvider time, TimeSpan wait)
{
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HashSet<PolicyKey>? _waiting;
    private long _armedAt;

    public bool IsOpen
    {
        get
        {
            lock (_lock)
            {
                return _waiting is null || _open.Task.IsCompleted;
            }
        }
    }

    /// <summary>Arms the gate with the policies present at startup; only the first call counts (and lists them).</summary>
    public void Expect(Func<IEnumerable<PolicyKey>> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (Volatile.Read(ref _waiting) is not null)
        {
            return;
        }

        lock (_lock)
        {
            if (_waiting is not null)
            {
                return;
            }

            _waiting = [.. keys()];
            _armedAt = time.GetTimestamp();
            if (_waiting.Count == 0)
            {
                _open.TrySetResult();
            }
        }
    }

    /// <summary>One policy was reconciled (published, refused by its planner, or found deleted).</summary>
    public void Reconciled(PolicyKey key)
    {
        lock (_lock)
        {
            if (_waiting is not null && _waiting.Remove(key) && _waiting.Count == 0)
            {
                _open.TrySetResult();
            }
        }
    }

    /// <summary>Waits until the gate opens or the wait since arming runs out; returns the policies still not reconciled
    /// then (the gate opens anyway: a policy whose reconcile keeps failing must not hold every other one back).</summary>
    public async Task<IReadOnlyList<PolicyKey>> WaitAsync()
    {
        Task open;
        TimeSpan left;
        lock (_lock)
        {
            if (_waiting is null || _open.Task.IsCompleted)
            {
                return [];
            }

            open = _open.Task;
            left = wait - time.GetElapsedTime(_armedAt);
        }

        if (left > TimeSpan.Zero)
        {
            await Task.WhenAny(open, Task.Delay(left, time)).ConfigureAwait(false);
        }

        lock (_lock)
        {
            if (_open.Task.IsCompleted)
            {
                return [];
            }

            var missing = _waiting.Order().ToList();
            _open.TrySetResult();
            return missing;
        }
    }
}
