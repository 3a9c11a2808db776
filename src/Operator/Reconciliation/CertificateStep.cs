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

    /// <summary>
    /// The requested certificates, the policy, and what is observed: the workload Secrets and the root (built-in CA),
    /// or the Certificates and the issuer (cert-manager). Renewal is clock-driven and comes through RecheckAt.
    /// </summary>
    public string? InputHash(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var policy = context.Policy;
        var ns = policy.Metadata.NamespaceProperty;
        var requests = context.Plan.Children.Certificates;
        using var hash = new StepInputHash();
        hash.Add(ConditionType).AddPolicy(policy).AddJson(requests);
        if (MeshPolicyDefaults.CertificateProviderOf(policy.Spec) == CertificateProvider.CertManager)
        {
            hash.Add("cert-manager").Add(certManager.Certificates.Served ? "served" : "absent")
                .AddObserved(certManager.Certificates.Cache.ListByNamespace(ns).Where(c => Labels.Of(c, MeshLabels.Policy) == policy.Metadata.Name))
                .AddJson(certManager.Observe(policy));
        }
        else
        {
            hash.Add("built-in")
                .AddObserved(secrets.ListByLabel(MeshLabels.Policy, policy.Metadata.Name).Where(s => s.Metadata.NamespaceProperty == ns))
                .AddObserved(secrets.Get(ca.Options.OperatorNamespace, ca.Options.RootSecretName));
            foreach (var request in requests)
            {
                hash.AddObserved(secrets.Get(ns, request.SecretName));
            }
        }
        return hash.Finish();
    }

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

        // The root is cluster-wide state kept by its own controller (RootCaReconciler); a change to it wakes this policy.
        var rootSecret = secrets.Get(ca.Options.OperatorNamespace, ca.Options.RootSecretName);
        using var root = rootSecret is null ? null : RootCaState.TryParse(rootSecret, out _);
        if (root is null)
        {
            return new StepOutcome(ConditionStatus.False, ConditionReasons.Pending,
                $"Waiting for the built-in CA's root (Secret {ca.Options.OperatorNamespace}/{ca.Options.RootSecretName}), which the operator's leader creates.");
        }

        DateTimeOffset? recheck = null;
        var issued = 0;
        var failures = new List<(WorkloadCertificateRequest Request, V1Secret? Existing, string Error)>();
        foreach (var request in requests)
        {
            var existing = secrets.Get(ns, request.SecretName);
            var plan = ca.PlanWorkload(existing, request, root);
            if (plan.Action != WorkloadCertificateAction.Keep)
            {
                var secret = ca.BuildWorkloadSecret(plan, request, root, existing);
                try
                {
                    await children.ApplyAsync(ResourceKinds.Secret, secret, existing, policy, ct).ConfigureAwait(false);
                    issued++;
                }
                catch (KubeApiException e) when (RefusedWrite.Is(e))
                {
                    // The status says so, with the old certificate's expiry, instead of a stale "Issued".
                    failures.Add((request, existing, e.Message));
                    continue;
                }
            }
            if (plan.RenewAt is { } at && (recheck is null || at < recheck))
            {
                recheck = at;
            }
        }
        if (failures.Count > 0)
        {
            var failed = WorkloadCertificateFailure.Evaluate(failures);
            return new StepOutcome(failed.Status, failed.Reason, failed.Message) { RecheckAt = time.GetUtcNow().Add(RefusedWrite.Retry) };
        }

        // The root's lifecycle is clock-driven too: look again when its next step would be overdue, and report it then.
        var now = time.GetUtcNow();
        var next = recheck;
        if (RootCaExpiry.NextCheck(root, now, ca.Options) is { } rootCheck && (next is null || rootCheck < next))
        {
            next = rootCheck;
        }
        if (RootCaExpiry.Evaluate(root, now, ca.Options) is { } expiring)
        {
            return new StepOutcome(expiring.Status, expiring.Reason, expiring.Message) { RecheckAt = next ?? now.AddHours(1) };
        }

        var renewal = recheck is { } r ? $"; the next renewal is due at {r:u}" : "";
        return new StepOutcome(ConditionStatus.True, ConditionReasons.Issued,
            $"{requests.Count} workload certificate(s) valid for {string.Join(", ", requests.Select(q => q.ServiceAccount))}, issued by the built-in CA{renewal}.")
        {
            RecheckAt = next ?? now.AddHours(1),
        };
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
