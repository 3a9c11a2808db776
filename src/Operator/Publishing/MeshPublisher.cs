using System.Collections.Concurrent;
using Mesh.XdsServer.Config;
using Mesh.XdsServer.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PolicyKey = (string Namespace, string Name);

namespace Mesh.Operator.Publishing;

/// <summary>
/// Holds the last accepted config of every MeshPolicy and merges them, with the workload index, into one mesh model
/// that it hands to the xDS server (<see cref="MeshConfigServer.Publish"/>), which decides what each proxy gets. A
/// policy whose new config is refused is put back to its last accepted one, so its proxies keep the last good config.
/// <para>Publishes are coalesced: a publish translates the whole mesh for every proxy scope, and endpoint churn would
/// otherwise ask for one per EndpointSlice write. Changes submitted within <see cref="MeshPublisherOptions.Debounce"/>
/// of the first one are served by one publish; changes that arrive while a publish runs wait for it and are merged into
/// the next one (at most one pending); the latest content of each policy is always the one published. One publish runs
/// at a time.</para>
/// </summary>
public sealed class MeshPublisher
{
    private static readonly Task<IReadOnlyList<string>> Accepted = Task.FromResult<IReadOnlyList<string>>([]);
    private readonly ConcurrentDictionary<PolicyKey, PublishedPolicy> _policies = new();
    private readonly Dictionary<PolicyKey, string> _fingerprints = new();
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _runner = new(1, 1);
    private readonly MeshConfigServer _server;
    private readonly Func<MeshModel, IReadOnlyList<string>> _publish;
    private readonly TimeProvider _time;
    private readonly TimeSpan _debounce;
    private readonly ILogger _logger;
    private readonly InitialPublishGate _initial;
    private Dictionary<PolicyKey, Change> _pending = new();
    private Dictionary<PolicyKey, Change> _running = new();
    private long _firstPending;
    private bool _scheduled;
    private long _publishes;

    public MeshPublisher(MeshConfigServer server, TimeProvider? time = null, MeshPublisherOptions? options = null, ILogger<MeshPublisher>? logger = null)
        : this(server, publish: null, time, options, logger)
    {
    }

    /// <summary>For tests: <paramref name="publish"/> stands between the publisher and the server (to watch or hold a publish).</summary>
    internal MeshPublisher(MeshConfigServer server, Func<MeshModel, IReadOnlyList<string>>? publish, TimeProvider? time, MeshPublisherOptions? options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(server);
        _server = server;
        _publish = publish ?? server.Publish;
        _time = time ?? TimeProvider.System;
        options ??= new MeshPublisherOptions();
        _debounce = options.Debounce;
        _initial = new InitialPublishGate(_time, options.InitialWait);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Resource name -> the MeshPolicy spec field it was built from (for reporting a NACK).</summary>
    public IReadOnlyDictionary<string, string> SourceFields => _server.SourceFields;

    /// <summary>Connected sidecars whose node id names no known pod.</summary>
    public IReadOnlyList<string> UnknownNodes => _server.UnknownNodes;

    /// <summary>Every policy being served.</summary>
    public IReadOnlyList<PublishedPolicy> All => _policies.Values.ToList();

    /// <summary>How many times the whole mesh was handed to the xDS server (for tests and the benchmarks).</summary>
    public long Publishes => Interlocked.Read(ref _publishes);

    public PublishedPolicy? Get(string @namespace, string name) => _policies.GetValueOrDefault((@namespace, name));

    /// <summary>
    /// Submits one policy's config; the task ends when a publish that holds it (or newer content of the same policy) is
    /// done, with the errors that kept it from being served (then the last accepted config stays).
    /// </summary>
    public Task<IReadOnlyList<string>> PublishAsync(PublishedPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return Submit((policy.Namespace, policy.Name), policy);
    }

    /// <summary>
    /// At startup, before the first submission: the policies the caches hold. The first publish then waits until each
    /// has been reconciled once (<see cref="Reconciled"/>), so that no sidecar is served a model missing its policy
    /// (see <see cref="InitialPublishGate"/>). Only the first call counts.
    /// </summary>
    public void ExpectInitial(Func<IEnumerable<(string Namespace, string Name)>> policies) => _initial.Expect(policies);

    /// <summary>As above, with the MeshPolicies the cache holds on the first call (both controllers arm it so).</summary>
    public void ExpectInitial(Runtime.ObjectCache<Entities.MeshPolicy> policies) =>
        ExpectInitial(() => policies.List().Select(p => (p.Metadata.NamespaceProperty, p.Metadata.Name)));

    /// <summary>A policy was reconciled without anything to submit (its plan was refused); a submission counts by itself.</summary>
    public void Reconciled(string @namespace, string name) => _initial.Reconciled((@namespace, name));

    /// <summary>Forgets a deleted policy: its xDS resources leave every snapshot with the next publish.</summary>
    public Task RemoveAsync(string @namespace, string name) => Submit((@namespace, name), null);

    /// <summary>Publishes now (with whatever else is pending), without waiting for the window; for tools and tests.</summary>
    public IReadOnlyList<string> Publish(PublishedPolicy policy)
    {
        var done = PublishAsync(policy);
        Flush();
        return done.GetAwaiter().GetResult();
    }

    /// <summary>Removes now, without waiting for the window; for tools and tests.</summary>
    public void Remove(string @namespace, string name)
    {
        var done = RemoveAsync(@namespace, name);
        Flush();
        done.GetAwaiter().GetResult();
    }

    private Task<IReadOnlyList<string>> Submit(PolicyKey key, PublishedPolicy? policy)
    {
        var done = Enqueue(key, policy);
        // Its content is pending (or already served): the first publish after startup need not wait for it any longer.
        _initial.Reconciled(key);
        return done;
    }

    private Task<IReadOnlyList<string>> Enqueue(PolicyKey key, PublishedPolicy? policy)
    {
        // Most reconciles change nothing: comparing content is far cheaper than translating the mesh for every scope.
        var fingerprint = policy is null ? null : PublishedPolicyFingerprint.Of(policy);
        lock (_gate)
        {
            if (_pending.TryGetValue(key, out var pending))
            {
                // The latest content wins; whoever waited for the older content gets the outcome of the newer one.
                pending.Policy = policy;
                pending.Fingerprint = fingerprint;
                return pending.Done.Task;
            }

            if (_running.TryGetValue(key, out var running))
            {
                if (running.Fingerprint == fingerprint)
                {
                    return running.Done.Task;
                }
            }
            else if (_fingerprints.GetValueOrDefault(key) == fingerprint && (fingerprint is not null || !_policies.ContainsKey(key)))
            {
                return Accepted;
            }

            var change = new Change { Policy = policy, Fingerprint = fingerprint };
            if (_pending.Count == 0)
            {
                _firstPending = _time.GetTimestamp();
            }
            _pending[key] = change;
            if (!_scheduled)
            {
                _scheduled = true;
                _ = Task.Run(RunLoopAsync);
            }
            return change.Done.Task;
        }
    }

    /// <summary>Publishes what is pending once the window since its first change has passed, until nothing is pending.</summary>
    private async Task RunLoopAsync()
    {
        if (!_initial.IsOpen)
        {
            var missing = await _initial.WaitAsync().ConfigureAwait(false);
            if (missing.Count > 0)
            {
                _logger.LogWarning(
                    "first publish after startup: {Count} MeshPolicies not reconciled yet are left for later publishes: {Policies}",
                    missing.Count, string.Join(", ", missing.Select(k => $"{k.Namespace}/{k.Name}")));
            }
        }

        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                wait = _debounce - _time.GetElapsedTime(_firstPending);
            }

            if (wait > TimeSpan.Zero)
            {
                // The timer counts from its creation, not from the reading above: if the clock moved in between (a
                // test clock advanced at once), the window may already be over and the timer would wait it twice.
                var delay = Task.Delay(wait, _time);
                bool due;
                lock (_gate)
                {
                    due = _time.GetElapsedTime(_firstPending) >= _debounce;
                }

                if (!due)
                {
                    // Yield so that a test clock firing the timer inline does not run the publish on its own thread.
                    await delay.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
                }
            }

            await _runner.WaitAsync().ConfigureAwait(false);
            try
            {
                RunPending();
            }
            finally
            {
                _runner.Release();
            }

            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _scheduled = false;
                    return;
                }
            }
        }
    }

    private void Flush()
    {
        _runner.Wait();
        try
        {
            RunPending();
        }
        finally
        {
            _runner.Release();
        }
    }

    /// <summary>Runs one publish for everything pending; called by one runner at a time.</summary>
    private void RunPending()
    {
        Dictionary<PolicyKey, Change> batch;
        lock (_gate)
        {
            batch = _pending;
            if (batch.Count == 0)
            {
                return;
            }
            _pending = new();
            _running = batch;
            PublishMetrics.Wait.Observe(_time.GetElapsedTime(_firstPending).TotalSeconds);
        }

        var started = _time.GetTimestamp();
        try
        {
            var outcomes = PublishBatch(batch);
            PublishMetrics.Duration.Observe(_time.GetElapsedTime(started).TotalSeconds);
            if (Interlocked.Read(ref _publishes) <= 1)
            {
                // With the xDS server's breakdown: a slow start shows at once whether translation or the check was slow.
                _logger.LogInformation("first publish: {Count} MeshPolicies served in {Milliseconds:F0} ms ({Timings})", _policies.Count,
                    _time.GetElapsedTime(started).TotalMilliseconds, _server.LastPublishTimings);
            }
            foreach (var (key, errors) in outcomes)
            {
                batch[key].Done.TrySetResult(errors);
            }
        }
        catch (Exception e)
        {
            _logger.LogError(e, "publishing {Count} policy changes failed", batch.Count);
            foreach (var change in batch.Values)
            {
                change.Done.TrySetException(e);
            }
        }
        finally
        {
            lock (_gate)
            {
                _running = new();
            }
        }
    }

    /// <summary>
    /// One publish of the whole batch; when it is refused, the changes are published one at a time from the state before
    /// the batch (as separate publishes would have been), so that only the refused ones are put back.
    /// </summary>
    private Dictionary<PolicyKey, IReadOnlyList<string>> PublishBatch(Dictionary<PolicyKey, Change> batch)
    {
        var previous = batch.Keys.ToDictionary(k => k, k => _policies.GetValueOrDefault(k));
        var outcome = new Dictionary<PolicyKey, IReadOnlyList<string>>();
        try
        {
            foreach (var (key, change) in batch)
            {
                Set(key, change.Policy);
            }

            var errors = Rebuild();
            if (errors.Count == 0)
            {
                foreach (var (key, change) in batch)
                {
                    Accept(key, change, outcome);
                }
                return outcome;
            }

            // A removal always stands (the policy is gone); the others are tried one by one.
            foreach (var (key, change) in batch.Where(c => c.Value.Policy is null))
            {
                Accept(key, change, outcome);
            }
            var updates = batch.Where(c => c.Value.Policy is not null).ToList();
            if (updates.Count == 0)
            {
                return outcome;
            }

            foreach (var (key, _) in updates)
            {
                Set(key, previous[key]);
            }

            // Whether the server serves what _policies holds now: before-batch state, unless a removal is in the batch.
            var served = updates.Count == batch.Count;
            foreach (var (key, change) in updates)
            {
                Set(key, change.Policy);
                var refused = batch.Count == 1 ? errors : Rebuild();
                if (refused.Count == 0)
                {
                    Accept(key, change, outcome);
                    served = true;
                }
                else
                {
                    Set(key, previous[key]);
                    outcome[key] = refused;
                }
            }

            if (!served)
            {
                // Only removals stand, or the server still holds an older state: serve what is accepted now.
                Rebuild();
            }
            return outcome;
        }
        catch
        {
            foreach (var key in batch.Keys.Where(k => !outcome.ContainsKey(k)))
            {
                Set(key, previous[key]);
            }
            throw;
        }
    }

    private void Set(PolicyKey key, PublishedPolicy? policy)
    {
        if (policy is null)
        {
            _policies.TryRemove(key, out _);
        }
        else
        {
            _policies[key] = policy;
        }
    }

    private void Accept(PolicyKey key, Change change, Dictionary<PolicyKey, IReadOnlyList<string>> outcome)
    {
        lock (_gate)
        {
            if (change.Fingerprint is null)
            {
                _fingerprints.Remove(key);
            }
            else
            {
                _fingerprints[key] = change.Fingerprint;
            }
        }
        outcome[key] = [];
    }

    private IReadOnlyList<string> Rebuild()
    {
        Interlocked.Increment(ref _publishes);
        return _publish(MeshModelAssembler.Assemble(_policies.Values));
    }

    /// <summary>One policy's pending (or running) change; null <see cref="Policy"/> removes it.</summary>
    private sealed class Change
    {
        public PublishedPolicy? Policy { get; set; }

        public string? Fingerprint { get; set; }

        public TaskCompletionSource<IReadOnlyList<string>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
