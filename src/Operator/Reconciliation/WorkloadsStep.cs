using System.Net;
using System.Text.Json.Nodes;
using Mesh.Operator.Entities;
using Mesh.Operator.Injection;
using Mesh.Operator.Planning;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Reconciliation;

/// <summary>
/// WorkloadsReady and restartOnChange: evaluates the namespace's pods against the policy's current sidecar template
/// (pure, <see cref="WorkloadsEvaluator"/>), then, when asked, evicts the one pod <see cref="EvictionPlanner"/> picks
/// through the Eviction API. A 429 (a PodDisruptionBudget allows no disruption now) is "try later"; no Deployment or
/// other user object is ever written. The namespace's sidecar bootstrap ConfigMap, which every injected proxy mounts,
/// is applied first: a pod cannot run the current sidecar without it.
/// </summary>
internal sealed class WorkloadsStep(KubeApi api, InjectorOptions injector, BootstrapStep bootstrap, IEventRecorder events, TimeProvider time)
    : IReconcileStep
{
    public string ConditionType => ConditionTypes.WorkloadsReady;

    public async Task<StepOutcome> RunAsync(StepContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var boot = await bootstrap.RunAsync(context.Policy, context.State, context.Plan.TrustDomain, ct).ConfigureAwait(false);
        if (boot.Status == ConditionStatus.False)
        {
            // Without the bootstrap a restarted pod could not start its sidecar: no eviction until it is written.
            return boot with { Workloads = Evaluate(context.Policy, context.State).Counts };
        }

        var outcome = await RunAsync(context.Policy, context.State, ct).ConfigureAwait(false);
        return outcome.Condition with { Workloads = outcome.Counts };
    }

    /// <summary>
    /// The policy and its template hash, the namespace's policies by spec (not resourceVersion: their status writes must
    /// not count), its pods by resourceVersion (readiness, sidecar), and the bootstrap's inputs.
    /// </summary>
    public string? InputHash(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var hash = new StepInputHash();
        hash.Add(ConditionType).AddPolicy(context.Policy).Add(SidecarTemplate.For(context.Policy, injector).Hash);
        foreach (var other in context.State.Policies.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal))
        {
            hash.AddPolicy(other).Add(other.Metadata.CreationTimestamp?.ToString("O", System.Globalization.CultureInfo.InvariantCulture))
                .Add(other.Metadata.DeletionTimestamp is null ? "live" : "deleting");
        }
        hash.AddObserved(context.State.Pods);
        return bootstrap.AddInputs(hash, context.Policy, context.State, context.Plan.TrustDomain).Finish();
    }

    /// <summary>How soon to try again after a refused eviction (a disruption budget, an API without the Eviction API).</summary>
    private static readonly TimeSpan RefusedRetry = TimeSpan.FromSeconds(10);

    public async Task<WorkloadsOutcome> RunAsync(MeshPolicy policy, NamespaceState state, CancellationToken ct)
    {
        var report = Evaluate(policy, state);
        var now = time.GetUtcNow();
        var decision = EvictionPlanner.Decide(report, MeshPolicyDefaults.RestartOnChangeOf(policy.Spec), now);
        var note = decision.Waiting is { } waiting ? $" restartOnChange: {waiting}." : "";
        DateTimeOffset? recheck = decision.RecheckAt;
        if (decision.Evict is { } pod)
        {
            var name = $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";
            try
            {
                await EvictAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, ct).ConfigureAwait(false);
                note = $" restartOnChange: evicted {name}; the next restart waits for its replacement to be Ready.";
                await events.RecordAsync(policy, EventTypes.Normal, "SidecarRestart", $"Evicted {name} so that it restarts with the current sidecar", ct).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.StatusCode == HttpStatusCode.TooManyRequests)
            {
                note = $" restartOnChange: the eviction of {name} was refused ({e.ApiMessage}); retrying in {RefusedRetry.TotalSeconds:0} s.";
                recheck = now + RefusedRetry;
            }
            catch (KubeApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                // The pod went away meanwhile (its deletion wakes us), or this API serves no pods/eviction.
                note = $" restartOnChange: could not evict {name} ({e.ApiMessage}); retrying in {RefusedRetry.TotalSeconds:0} s.";
                recheck = now + RefusedRetry;
            }
        }
        return new WorkloadsOutcome(new StepOutcome(report.Status, report.Reason, report.Message + note) { RecheckAt = recheck }, report.Counts);
    }

    private WorkloadsReport Evaluate(MeshPolicy policy, NamespaceState state) => WorkloadsEvaluator.Evaluate(new WorkloadsInput
    {
        Policy = policy,
        NamespacePolicies = state.Policies,
        Pods = state.Pods,
        CurrentHash = SidecarTemplate.For(policy, injector).Hash,
    });

    private Task<string> EvictAsync(string ns, string name, CancellationToken ct)
    {
        var eviction = new JsonObject
        {
            ["apiVersion"] = "policy/v1",
            ["kind"] = "Eviction",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        };
        var path = $"{ResourceKinds.Pod.ObjectPath(ObjectKey.Create(ns, name))}/eviction";
        return api.SendForStringAsync(HttpMethod.Post, path, eviction.ToJsonString(), "application/json", ct);
    }
}
