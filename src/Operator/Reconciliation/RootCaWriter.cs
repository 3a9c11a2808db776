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
        var plan = ca.PlanRoot(existing);
        if (plan.Action == RootCaAction.Keep)
        {
            return existing!;
        }

        var ns = ca.Options.OperatorNamespace;
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
