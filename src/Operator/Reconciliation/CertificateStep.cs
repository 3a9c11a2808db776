using k8s.Models;
using Mesh.Operator.Certificates;
using Mesh.Operator.Entities;
using Mesh.Operator.Entities.CertManager;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Reconciliation;

/// <summary>
/// Acts on the certificate decisions: the built-in CA's root and one workload Secret per ServiceAccount, or one
/// cert-manager Certificate per ServiceAccount. Deciding is done by the pure deciders in Mesh.Operator.Certificates.
/// </summary>
internal sealed class CertificateStep(
    KubeApi api,
    ChildApplier children,
    BuiltInCertificateAuthority ca,
    ObjectCache<V1Secret> secrets,
    CertManagerInformers certManager,
    TimeProvider time) : IReconcileStep
{
    /// <summary>How soon to look again when cert-manager is not installed (its informers look every 30 s anyway).</summary>
    private static readonly TimeSpan NotInstalledRecheck = TimeSpan.FromSeconds(30);

    public string ConditionType => ConditionTypes.CertificatesReady;

    /// <summary>Applies the certificates the plan carries (<see cref="PlannedChildren.Certificates"/>).</summary>
    public Task<StepOutcome> RunAsync(StepContext context, CancellationToken ct) =>
        RunAsync(context.Policy, context.Plan.Children.Certificates, ct);

    /// <summary>Plans and applies the certificates of <paramref name="selectedPods"/> (for callers without a plan).</summary>
    public Task<StepOutcome> RunAsync(MeshPolicy policy, IReadOnlyList<V1Pod> selectedPods, CancellationToken ct) =>
        RunAsync(policy, ChildPlanner.CertificatesFor(policy, selectedPods), ct);

    private async Task<StepOutcome> RunAsync(MeshPolicy policy, IReadOnlyList<WorkloadCertificateRequest> requests, CancellationToken ct) =>
        MeshPolicyDefaults.CertificateProviderOf(policy.Spec) == CertificateProvider.CertManager
            ? await CertManagerAsync(policy, requests, ct).ConfigureAwait(false)
            : await BuiltInAsync(policy, requests, ct).ConfigureAwait(false);

    private async Task<StepOutcome> BuiltInAsync(MeshPolicy policy, IReadOnlyList<WorkloadCertificateRequest> requests, CancellationToken ct)
    {
        var ns = policy.Metadata.NamespaceProperty;
        var owned = secrets.ListByLabel(MeshLabels.Policy, policy.Metadata.Name)
            .Where(s => s.Metadata.NamespaceProperty == ns && s.Metadata.Name.StartsWith(CertificateNames.WorkloadSecretPrefix, StringComparison.Ordinal))
            .ToList();
        await children.PruneAsync(ResourceKinds.Secret, owned, requests.Select(r => r.SecretName).ToHashSet(StringComparer.Ordinal), ct).ConfigureAwait(false);
        if (requests.Count == 0)
        {
            return new StepOutcome(ConditionStatus.True, ConditionReasons.NotRequired, "No selected workload needs a certificate yet.");
        }

        using var root = await EnsureRootAsync(ct).ConfigureAwait(false);
        // Root rotation is driven by the clock, not by events: look again when the root next needs a decision.
        var rootSecret = secrets.Get(ca.Options.OperatorNamespace, ca.Options.RootSecretName);
        DateTimeOffset? recheck = rootSecret is null ? null : RootCaDecider.NextCheck(rootSecret, ca.Options);
        var issued = 0;
        foreach (var request in requests)
        {
            var existing = secrets.Get(ns, request.SecretName);
            var plan = ca.PlanWorkload(existing, request, root);
            if (plan.Action != WorkloadCertificateAction.Keep)
            {
                var secret = ca.BuildWorkloadSecret(plan, request, root, existing);
                await children.ApplyAsync(ResourceKinds.Secret, secret, existing, policy, ct).ConfigureAwait(false);
                issued++;
            }
            if (plan.RenewAt is { } at && (recheck is null || at < recheck))
            {
                recheck = at;
            }
        }
        var renewal = recheck is { } r ? $"; the next renewal is due at {r:u}" : "";
        return new StepOutcome(ConditionStatus.True, ConditionReasons.Issued,
            $"{requests.Count} workload certificate(s) valid for {string.Join(", ", requests.Select(q => q.ServiceAccount))}, issued by the built-in CA{renewal}.")
        {
            RecheckAt = recheck ?? time.GetUtcNow().AddHours(1),
        };
    }

    private async Task<RootCaState> EnsureRootAsync(CancellationToken ct)
    {
        var ns = ca.Options.OperatorNamespace;
        var existing = secrets.Get(ns, ca.Options.RootSecretName);
        var plan = ca.PlanRoot(existing);
        if (plan.Action == RootCaAction.Keep)
        {
            return BuiltInCertificateAuthority.LoadRoot(existing!);
        }
        var secret = ca.BuildRootSecret(plan, existing);
        await EnsureNamespaceAsync(ns, ct).ConfigureAwait(false);
        var written = existing is null
            ? await api.CreateAsync(ResourceKinds.Secret, secret, ct).ConfigureAwait(false)
            : await api.ReplaceAsync(ResourceKinds.Secret, secret, ct).ConfigureAwait(false);
        return BuiltInCertificateAuthority.LoadRoot(written);
    }

    private async Task EnsureNamespaceAsync(string ns, CancellationToken ct)
    {
        if (await api.GetAsync<V1Namespace>(ResourceKinds.Namespace, ObjectKey.Create(null, ns), ct).ConfigureAwait(false) is null)
        {
            await api.CreateAsync(ResourceKinds.Namespace, new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, ct).ConfigureAwait(false);
        }
    }

    private async Task<StepOutcome> CertManagerAsync(MeshPolicy policy, IReadOnlyList<WorkloadCertificateRequest> requests, CancellationToken ct)
    {
        var ns = policy.Metadata.NamespaceProperty;
        var desired = CertManagerCertificates.For(policy, requests.Select(r => r.ServiceAccount));
        // Certificates are watched (owned): their Ready conditions wake this policy, so nothing here polls.
        var issuer = certManager.Observe(policy);
        var installed = issuer.CertManagerInstalled;
        var observed = certManager.Certificates.Cache.ListByNamespace(ns)
            .Where(c => Labels.Of(c, MeshLabels.Policy) == policy.Metadata.Name)
            .ToList();

        if (installed)
        {
            foreach (var certificate in desired)
            {
                await children.ApplyAsync(CertificateKinds.Certificate, certificate, observed.FirstOrDefault(o => o.Metadata.Name == certificate.Metadata.Name), policy, ct).ConfigureAwait(false);
            }
            await children.PruneAsync(CertificateKinds.Certificate, observed, desired.Select(d => d.Metadata.Name).ToHashSet(StringComparer.Ordinal), ct).ConfigureAwait(false);
        }

        var condition = CertManagerReadiness.Evaluate(policy, desired, observed, issuer);
        return new StepOutcome(condition.Status, condition.Reason, condition.Message)
        {
            RecheckAt = installed ? null : time.GetUtcNow().Add(NotInstalledRecheck),
        };
    }
}
