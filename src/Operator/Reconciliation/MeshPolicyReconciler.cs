using Mesh.Operator.Status;
using System.Text.Json.Nodes;
using k8s;
using Mesh.Operator.Entities;
using Mesh.Operator.Hosting;
using Mesh.Operator.Planning;
using Mesh.Operator.Publishing;
using Mesh.Operator.Runtime;
using Mesh.XdsServer.Contract;
using Mesh.XdsServer.Status;

namespace Mesh.Operator.Reconciliation;

/// <summary>
/// Level-based: reads the policy and its namespace from the caches, plans (pure), publishes the accepted config to
/// the xDS server, applies certificates and NetworkPolicies, then writes status once, only when it changed.
/// Creation, update and deletion are the same path; deletion leaves children to owner-reference garbage collection.
/// </summary>
internal sealed class MeshPolicyReconciler(
    ObjectCache<MeshPolicy> policies,
    PlanMemo plans,
    MeshPublisher publisher,
    IProxyStatusSource proxies,
    Func<string, IReadOnlyList<ReplicaProxySummary>> otherReplicas,
    IReadOnlyList<IReconcileStep> steps,
    NetworkPolicies.NetworkPolicyOptions networkPolicyOptions,
    KubeApi api,
    IEventRecorder events,
    TimeProvider time) : IReconciler
{
    private readonly StepMemory _memory = new();
    // The last context per policy and the plan it came from (see PrepareAsync).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ObjectKey, (Planned Planned, StepContext Context)> _prepared = new();
    // Opens at this instance's first reconcile (a large mesh can take longer than the grace to list its objects after the
    // process starts, and the proxies only come back once it serves) and stays open while proxies keep coming back.
    private ReconnectWindow? _window;

    // Policies whose computed status has caught up with the one found at start (or was written): no more holding.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ObjectKey, bool> _caughtUp = new();

    /// <summary>After start, a status that only counts fewer proxies than recorded is held at least this long, and longer
    /// while proxies keep coming back (see <see cref="ReconnectWindow"/>): they reconnect meanwhile and nothing is written.</summary>
    public TimeSpan ReconnectGrace { get; init; } = Mesh.Operator.Status.ReconnectGrace.Default;

    /// <summary>Step runs skipped because their inputs hashed the same as last time.</summary>
    public long SkippedSteps => _memory.Skipped;

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        var window = LazyInitializer.EnsureInitialized(ref _window, () => new ReconnectWindow(time) { Grace = ReconnectGrace });
        // Either controller may submit first after startup: both arm the first publish's wait (the first call counts).
        publisher.ExpectInitial(policies);
        var policy = policies.Get(key);
        if (policy is null || policy.Metadata.DeletionTimestamp is not null)
        {
            await publisher.RemoveAsync(key.Namespace ?? "", key.Name).ConfigureAwait(false);
            _memory.Forget(key);
            plans.Forget(key);
            _prepared.TryRemove(key, out _);
            _caughtUp.TryRemove(key, out _);
            return ReconcileResult.Done;
        }

        var ns = policy.Metadata.NamespaceProperty;
        var context = await PrepareAsync(key, policy).ConfigureAwait(false);
        var plan = context.Plan;
        var results = new List<StepResult>(steps.Count);
        foreach (var step in steps)
        {
            results.Add(new StepResult(step.ConditionType, await RunOrReuseAsync(key, step, context, ct).ConfigureAwait(false)));
        }
        var published = publisher.Get(ns, policy.Metadata.Name);
        var connected = proxies.GetProxies();
        // Progress is proxies back and proxies synced: a fleet's ACKs can trail its connections by more than the quiet.
        window.Observe(connected.Count + connected.Count(p => p.Synced));
        var programmed = ProgrammedEvaluator.Evaluate(published, plan.Generation, plan.IsAccepted, connected, publisher.SourceFields);
        if (published is not null)
        {
            // Proxies connected to the other replicas report through their replica status Leases.
            programmed = ReplicaStatusLeases.Merge(programmed, published, plan.Generation, plan.IsAccepted, otherReplicas(ReplicaStatusLeases.KeyOf(ns, policy.Metadata.Name)));
        }
        programmed = ProgrammedEvaluator.WithUnknownProxies(programmed, publisher.UnknownNodes.Where(n => SidecarNodeId.TryParse(n, out _)?.Namespace == ns).ToList());

        var status = StatusBuilder.Build(policy.Status, plan, results, programmed, time.GetUtcNow().UtcDateTime);
        var rest = window.Remaining();
        if (!_caughtUp.ContainsKey(key) && Mesh.Operator.Status.ReconnectGrace.Hold(policy.Status, status, windowOpen: rest > TimeSpan.Zero))
        {
            // Look again when the window closes: then whatever is true is written.
            var next = NextLook(results);
            return next.RequeueAfter is { } after && after < rest ? next : ReconcileResult.After(rest < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : rest);
        }
        _caughtUp.TryAdd(key, true);
        if (!SameStatus(policy.Status, status))
        {
            var patch = new JsonObject { ["status"] = JsonNode.Parse(KubernetesJson.Serialize(status)) };
            await api.MergePatchAsync<MeshPolicy>(ResourceKinds.MeshPolicy, key, patch.ToJsonString(), "status", ct).ConfigureAwait(false);
            await RecordTransitionsAsync(policy, policy.Status, status, ct).ConfigureAwait(false);
        }

        return NextLook(results);
    }

    /// <summary>
    /// Plans (<see cref="PlanMemo"/>), submits the accepted config and plans the children. The config is submitted on
    /// every reconcile, as before (the publisher answers at once when it already serves that content; its fingerprint
    /// is cached per instance), so a refusal is always seen; when the plan is the one of the last reconcile and nothing
    /// was refused, that reconcile's children and context stand.
    /// </summary>
    private async Task<StepContext> PrepareAsync(ObjectKey key, MeshPolicy policy)
    {
        var planned = plans.Plan(key, policy);
        if (planned.Published is null)
        {
            publisher.Reconciled(key.Namespace ?? "", key.Name);
        }

        var refused = planned.Published is { } published
            // Coalesced with the other policies' changes of the same window (MeshPublisher): one publish serves them all.
            ? await publisher.PublishAsync(published).ConfigureAwait(false)
            : [];
        if (refused.Count == 0 && _prepared.TryGetValue(key, out var last) && ReferenceEquals(last.Planned, planned))
        {
            return last.Context;
        }

        var plan = planned.Plan;
        if (refused.Count > 0)
        {
            plan = plan with
            {
                Problems = [.. plan.Problems, new PlanProblem("spec", $"the generated Envoy config was refused before sending: {string.Join("; ", refused)}", ConditionReasons.Invalid, ProblemSeverity.Error)],
            };
        }

        var state = planned.State;
        var selected = state.Pods.Where(p => plan.SelectedPods.Contains(p.Metadata.Name)).ToList();
        plan = plan with { Children = ChildPlanner.Plan(policy, state, selected, networkPolicyOptions) };
        var context = new StepContext { Policy = policy, State = state, Plan = plan, SelectedPods = selected };
        if (refused.Count == 0)
        {
            _prepared[key] = (planned, context);
        }
        else
        {
            _prepared.TryRemove(key, out _);
        }
        return context;
    }

    /// <summary>
    /// Runs a step unless its inputs hash the same as at its last successful run for this policy (and no recheck is
    /// due): then that run's outcome stands. What woke the reconcile plays no part.
    /// </summary>
    private async Task<StepOutcome> RunOrReuseAsync(ObjectKey key, IReconcileStep step, StepContext context, CancellationToken ct)
    {
        var hash = step.InputHash(context);
        if (hash is not null && _memory.TryReuse(key, step.ConditionType, hash, time.GetUtcNow()) is { } reused)
        {
            return reused;
        }

        try
        {
            var outcome = await step.RunAsync(context, ct).ConfigureAwait(false);
            if (hash is not null)
            {
                _memory.Remember(key, step.ConditionType, hash, outcome);
            }
            return outcome;
        }
        catch
        {
            _memory.Forget(key, step.ConditionType);
            throw;
        }
    }

    /// <summary>
    /// Only clock-driven work asks for another look (certificate renewal). Proxies that have not answered yet wake the
    /// policy themselves: their ACK, NACK or disconnect arrives through the proxy event channel.
    /// </summary>
    private ReconcileResult NextLook(IReadOnlyList<StepResult> results)
    {
        if (results.Select(r => r.Outcome.RecheckAt).Where(a => a is not null).Min() is { } at)
        {
            var wait = at - time.GetUtcNow();
            return ReconcileResult.After(wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait);
        }
        return ReconcileResult.Done;
    }

    private static bool SameStatus(MeshPolicyStatus? a, MeshPolicyStatus b) =>
        a is not null && a.ObservedGeneration == b.ObservedGeneration && Conditions.Same(a.Conditions, b.Conditions)
        && a.Proxies == b.Proxies && a.Workloads == b.Workloads && a.LastRejection == b.LastRejection;

    private async Task RecordTransitionsAsync(MeshPolicy policy, MeshPolicyStatus? before, MeshPolicyStatus after, CancellationToken ct)
    {
        foreach (var condition in after.Conditions ?? [])
        {
            var previous = before?.Conditions?.FirstOrDefault(c => c.Type == condition.Type);
            if (previous?.Status == condition.Status && previous.Reason == condition.Reason)
            {
                continue;
            }
            var type = condition.Status == ConditionStatus.True ? EventTypes.Normal : EventTypes.Warning;
            await events.RecordAsync(policy, type, condition.Reason, $"{condition.Type}={condition.Status}: {condition.Message}", ct).ConfigureAwait(false);
        }
    }
}
