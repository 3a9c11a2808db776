using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.Planning;
using Mesh.Operator.Runtime;
using Mesh.Operator.Sidecar;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Reconciliation;

/// <summary>
/// Applies the namespace's sidecar bootstrap ConfigMap (<see cref="SidecarContract.BootstrapConfigMap"/>). One per
/// namespace, written by the oldest MeshPolicy there (<see cref="BootstrapConfigMapBuilder.Owner"/>); it is owned by that
/// policy, so deleting the policy removes it, and the next policy's reconcile writes it again. A write the API refuses
/// (an admission policy, a quota) is reported (WorkloadsReady=False/BootstrapFailed, naming the ConfigMap and the API's
/// words) and retried after <see cref="RefusedWrite.Retry"/>, rather than failing the reconcile behind the last status.
/// </summary>
internal sealed class BootstrapStep(ChildApplier children, ObjectCache<V1ConfigMap> configMaps, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Adds what <see cref="RunAsync"/> reads: the namespace's policies (which is oldest), the trust domain, the ConfigMap.</summary>
    public StepInputHash AddInputs(StepInputHash hash, MeshPolicy policy, NamespaceState state, string trustDomain)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(state);
        var ns = policy.Metadata.NamespaceProperty;
        hash.Add(BootstrapConfigMapBuilder.Owner(state.Policies.Append(policy).DistinctBy(p => p.Metadata.Name))?.Metadata.Name).Add(trustDomain);
        return hash.AddObserved(configMaps.Get(new ObjectKey(ns, SidecarContract.BootstrapConfigMap)));
    }

    public async Task<StepOutcome> RunAsync(MeshPolicy policy, NamespaceState state, string trustDomain, CancellationToken ct)
    {
        var ns = policy.Metadata.NamespaceProperty;
        var owner = BootstrapConfigMapBuilder.Owner(state.Policies.Append(policy).DistinctBy(p => p.Metadata.Name));
        if (owner?.Metadata.Name != policy.Metadata.Name)
        {
            return new StepOutcome(ConditionStatus.True, ConditionReasons.Applied,
                $"The sidecar bootstrap of namespace {ns} is written by the older MeshPolicy {owner?.Metadata.Name}.");
        }

        var desired = BootstrapConfigMapBuilder.Build(new SidecarBootstrapInput { Namespace = ns, TrustDomain = trustDomain }, policy.Metadata.Name);
        var existing = configMaps.Get(new ObjectKey(ns, SidecarContract.BootstrapConfigMap));
        try
        {
            await children.ApplyAsync(ResourceKinds.ConfigMap, desired, existing, policy, ct).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (RefusedWrite.Is(e))
        {
            return new StepOutcome(ConditionStatus.False, ConditionReasons.BootstrapFailed,
                $"The API refused the sidecar bootstrap ConfigMap {ns}/{SidecarContract.BootstrapConfigMap}, which every injected proxy mounts " +
                $"({(existing is null ? "new pods cannot start their sidecar" : "its sidecars keep the version they have")}): {e.Message.TrimEnd('.')}. " +
                $"Retried every {RefusedWrite.Retry.TotalSeconds:0} s.")
            {
                RecheckAt = _time.GetUtcNow().Add(RefusedWrite.Retry),
            };
        }

        return new StepOutcome(ConditionStatus.True, ConditionReasons.Applied, $"ConfigMap {SidecarContract.BootstrapConfigMap} holds the sidecar bootstrap.");
    }
}
