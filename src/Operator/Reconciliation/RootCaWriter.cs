using k8s.Models;
using Mesh.Operator.Certificates;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Reconciliation;

/// <summary>Writes the built-in CA's root Secret when the decider says so (create, stage a successor, rotate).</summary>
internal sealed class RootCaWriter(KubeApi api, BuiltInCertificateAuthority ca)
{
    /// <summary>Returns the root Secret as it is after the decision (written or kept).</summary>
    public async Task<V1Secret> EnsureAsync(V1Secret? existing, CancellationToken ct)
    {
        var ns = ca.Options.OperatorNamespace;
        var unlabelled = false;
        if (existing is null)
        {
            // The Secret informer sees only Secrets labelled as ours (ResourceKinds.Secret): a root Secret made by hand,
            // or whose label was removed, is read directly, kept if valid, and labelled so that the cache sees it again.
            existing = await api.GetAsync<V1Secret>(ResourceKinds.Secret, ObjectKey.Create(ns, ca.Options.RootSecretName), ct).ConfigureAwait(false);
            unlabelled = existing is not null;
        }

        var plan = ca.PlanRoot(existing);
        if (plan.Action == RootCaAction.Keep)
        {
            if (!unlabelled)
            {
                return existing!;
            }

            var labels = new Dictionary<string, string>(existing!.Metadata.Labels ?? new Dictionary<string, string>())
            {
                [CertificateNames.ManagedByLabel] = CertificateNames.ManagedByValue,
                [CertificateNames.ComponentLabel] = "root-ca",
            };
            existing.Metadata.Labels = labels;
            return await api.ReplaceAsync(ResourceKinds.Secret, existing, ct).ConfigureAwait(false);
        }

        var secret = ca.BuildRootSecret(plan, existing);
        if (await api.GetAsync<V1Namespace>(ResourceKinds.Namespace, ObjectKey.Create(null, ns), ct).ConfigureAwait(false) is null)
        {
            await api.CreateAsync(ResourceKinds.Namespace, new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, ct).ConfigureAwait(false);
        }

        return existing is null
            ? await api.CreateAsync(ResourceKinds.Secret, secret, ct).ConfigureAwait(false)
            : await api.ReplaceAsync(ResourceKinds.Secret, secret, ct).ConfigureAwait(false);
    }
}
