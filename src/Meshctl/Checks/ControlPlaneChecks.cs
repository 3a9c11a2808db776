using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Mesh.Meshctl.Kube;

namespace Mesh.Meshctl.Checks;

/// <summary>
/// The checks of <c>meshctl check</c>, each reading through the user's kubeconfig: the CRD, the operator, the
/// injection webhook's CA bundle and the root CA. An object the user may not read is a failed check naming the RBAC
/// to ask for; an API server that does not answer stops the command (exit 2).
/// </summary>
internal sealed class ControlPlaneChecks(Kubernetes client, DateTimeOffset now)
{
    private const string Install = "install Mesh with kubectl apply -k config/default, or start mesh-operator local";

    public async Task<IReadOnlyList<CheckResult>> RunAsync(CancellationToken ct) =>
    [
        await Guard("read customresourcedefinitions", () => CrdAsync(ct)).ConfigureAwait(false),
        await Guard($"read deployments and leases in {ControlPlaneNames.Namespace}", () => OperatorAsync(ct)).ConfigureAwait(false),
        await Guard("read mutatingwebhookconfigurations", () => InjectorAsync(ct)).ConfigureAwait(false),
        await Guard("read validatingwebhookconfigurations", () => ValidatorAsync(ct)).ConfigureAwait(false),
        await Guard("read validatingadmissionpolicies and validatingadmissionpolicybindings", () => SecretPolicyAsync(ct)).ConfigureAwait(false),
        await Guard($"read secrets in {ControlPlaneNames.Namespace}", () => RootCaAsync(ct)).ConfigureAwait(false),
    ];

    private async Task<CheckResult> CrdAsync(CancellationToken ct)
    {
        var crd = await Read(() => client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(ControlPlaneNames.CrdName, cancellationToken: ct)).ConfigureAwait(false);
        if (crd is null)
        {
            return CheckResult.Fail($"CRD {ControlPlaneNames.CrdName} is not installed", Install);
        }
        var established = crd.Status?.Conditions?.FirstOrDefault(c => c.Type == "Established");
        return established?.Status == "True"
            ? CheckResult.Pass($"CRD {ControlPlaneNames.CrdName} installed and established")
            : CheckResult.Fail($"CRD {ControlPlaneNames.CrdName} is not established ({established?.Message ?? "no Established condition"})",
                $"kubectl describe crd {ControlPlaneNames.CrdName} names the problem; re-apply config/crd");
    }

    private async Task<CheckResult> OperatorAsync(CancellationToken ct)
    {
        var deployment = await Read(() => client.AppsV1.ReadNamespacedDeploymentAsync(ControlPlaneNames.OperatorDeployment, ControlPlaneNames.Namespace, cancellationToken: ct)).ConfigureAwait(false);
        var where = $"{ControlPlaneNames.Namespace}/{ControlPlaneNames.OperatorDeployment}";
        if (deployment is not null)
        {
            var available = deployment.Status?.AvailableReplicas ?? 0;
            var wanted = deployment.Spec?.Replicas ?? 1;
            return available > 0
                ? CheckResult.Pass($"operator ready: Deployment {where} has {available}/{wanted} replicas available")
                : CheckResult.Fail($"operator not ready: Deployment {where} has 0/{wanted} replicas available",
                    $"kubectl -n {ControlPlaneNames.Namespace} describe deployment {ControlPlaneNames.OperatorDeployment} and its pods' logs say why");
        }
        // Local mode runs no Deployment: a held leader Lease shows an operator that runs and writes.
        var lease = await Read(() => client.CoordinationV1.ReadNamespacedLeaseAsync(ControlPlaneNames.LeaderLease, ControlPlaneNames.Namespace, cancellationToken: ct)).ConfigureAwait(false);
        var leaseWhere = $"{ControlPlaneNames.Namespace}/{ControlPlaneNames.LeaderLease}";
        if (lease is null)
        {
            return CheckResult.Fail($"operator not found: no Deployment {where} and no Lease {leaseWhere}", Install);
        }
        return LeaseHolder.Of(lease, now) is { } holder
            ? CheckResult.Pass($"operator ready: {holder} holds Lease {leaseWhere}")
            : CheckResult.Fail($"operator not running: Lease {leaseWhere} is not held (no renewal within its duration)",
                "start the operator (mesh-operator local, or check the mesh-operator pods' logs)");
    }

    private async Task<CheckResult> InjectorAsync(CancellationToken ct)
    {
        var name = ControlPlaneNames.InjectorConfiguration;
        var configuration = await Read(() => client.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync(name, cancellationToken: ct)).ConfigureAwait(false);
        return configuration is null
            ? CheckResult.Fail($"MutatingWebhookConfiguration {name} not found, so no pod gets a sidecar", Install)
            : Webhooks("webhook configuration", name, configuration.Webhooks?.Select(w => (w.Name, w.ClientConfig?.CaBundle)).ToList() ?? []);
    }

    /// <summary>
    /// The validator's failurePolicy is Ignore, so a missing or untrusted validator blocks nothing: it silently lets
    /// through what the planner refuses, which then shows only later in status. That is why check looks at it too.
    /// </summary>
    private async Task<CheckResult> ValidatorAsync(CancellationToken ct)
    {
        var name = ControlPlaneNames.ValidatorConfiguration;
        var configuration = await Read(() => client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync(name, cancellationToken: ct)).ConfigureAwait(false);
        return configuration is null
            ? CheckResult.Fail($"ValidatingWebhookConfiguration {name} not found, so kubectl apply admits MeshPolicies the planner refuses (they fail later, in status)", Install)
            : Webhooks("validator configuration", name, configuration.Webhooks?.Select(w => (w.Name, w.ClientConfig?.CaBundle)).ToList() ?? []);
    }

    /// <summary>
    /// The API server's guard of workload certificates: without it (or without a Deny binding) a pod the injector
    /// never sees (opted out, or created while the operator is down) may mount another workload's identity.
    /// </summary>
    private async Task<CheckResult> SecretPolicyAsync(CancellationToken ct)
    {
        var name = ControlPlaneNames.WorkloadSecretPolicy;
        const string Apply = "kubectl apply --server-side -k config/webhook (Kubernetes 1.30+; older clusters keep the injector's check only)";
        var policy = await Read(() => client.AdmissionregistrationV1.ReadValidatingAdmissionPolicyAsync(name, cancellationToken: ct)).ConfigureAwait(false);
        if (policy is null)
        {
            return CheckResult.Fail($"ValidatingAdmissionPolicy {name} not found, so only the injector stops a pod from using another ServiceAccount's workload certificate", Apply);
        }

        var bindings = await KubeClientFactory.Call(client, "list ValidatingAdmissionPolicyBindings",
            () => client.AdmissionregistrationV1.ListValidatingAdmissionPolicyBindingAsync(cancellationToken: ct)).ConfigureAwait(false);
        var denying = bindings.Items.Where(b => b.Spec?.PolicyName == name && b.Spec.ValidationActions?.Contains("Deny") == true).Select(b => b.Metadata.Name).ToList();
        return denying.Count > 0
            ? CheckResult.Pass($"workload certificate policy {name}: enforced by binding {string.Join(", ", denying)}")
            : CheckResult.Fail($"ValidatingAdmissionPolicy {name} has no binding with validationActions Deny, so it refuses nothing", Apply);
    }

    private CheckResult Webhooks(string what, string name, IReadOnlyList<(string Name, byte[]? CaBundle)> webhooks)
    {
        foreach (var (webhook, caBundle) in webhooks)
        {
            if (caBundle is not { Length: > 0 } bundle)
            {
                return CheckResult.Fail($"webhook {webhook} of {name} has no caBundle, so the API server cannot trust it",
                    "the operator writes the caBundle when it starts: check its logs");
            }
            if (Certificates.FirstOf(bundle) is not { } certificate)
            {
                return CheckResult.Fail($"webhook {webhook} of {name} has a caBundle that holds no PEM certificate",
                    "delete the caBundle field and restart the operator so that it writes a fresh one");
            }
            using (certificate)
            {
                var (valid, text) = Certificates.Validity(certificate, now);
                if (!valid)
                {
                    return CheckResult.Fail($"webhook {webhook} of {name}: caBundle certificate {text}",
                        "restart the operator so that it issues a new serving certificate and writes its caBundle");
                }
            }
        }
        return webhooks.Count > 0
            ? CheckResult.Pass($"{what} {name}: caBundle {Describe(webhooks[0].CaBundle!)}")
            : CheckResult.Fail($"{name} has no webhooks", Install);
    }

    private async Task<CheckResult> RootCaAsync(CancellationToken ct)
    {
        var where = $"{ControlPlaneNames.Namespace}/{ControlPlaneNames.RootCaSecret}";
        var secret = await Read(() => client.CoreV1.ReadNamespacedSecretAsync(ControlPlaneNames.RootCaSecret, ControlPlaneNames.Namespace, cancellationToken: ct)).ConfigureAwait(false);
        if (secret is null)
        {
            return CheckResult.Fail($"root CA Secret {where} not found",
                "the operator creates it when it reconciles the first MeshPolicy with built-in certificates: apply one, or check the operator's logs");
        }
        if (secret.Data is null || !secret.Data.TryGetValue(ControlPlaneNames.RootCaKey, out var pem) || Certificates.FirstOf(pem) is not { } root)
        {
            return CheckResult.Fail($"root CA Secret {where} holds no certificate under {ControlPlaneNames.RootCaKey}",
                "delete the Secret so that the operator creates a new root (workload certificates are then reissued)");
        }
        using (root)
        {
            var (valid, text) = Certificates.Validity(root, now);
            return valid
                ? CheckResult.Pass($"root CA {where} {text}")
                : CheckResult.Fail($"root CA {where} {text}", "the operator rotates the root before expiry: check its logs; deleting the Secret makes it create a new one");
        }
    }

    private string Describe(byte[] bundle)
    {
        using var certificate = Certificates.FirstOf(bundle)!;
        return Certificates.Validity(certificate, now).Text;
    }

    /// <summary>The object, or null when the API answers 404.</summary>
    private async Task<T?> Read<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await KubeClientFactory.Call(client, $"read {typeof(T).Name[2..]}", read).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>RBAC refusals become a failed check, not an aborted command.</summary>
    private static async Task<CheckResult> Guard(string what, Func<Task<CheckResult>> check)
    {
        try
        {
            return await check().ConfigureAwait(false);
        }
        catch (Cli.CommandFailure e) when (e.Forbidden)
        {
            return CheckResult.Fail($"cannot {what}: {e.Refusal}", "ask for RBAC that allows it, or use a kubeconfig that has it");
        }
    }
}
