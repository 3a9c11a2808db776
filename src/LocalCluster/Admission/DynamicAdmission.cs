using System.Text.Json.Nodes;
using Mesh.LocalCluster.Admission.Policies;

namespace Mesh.LocalCluster.Admission;

/// <summary>
/// kube-apiserver's dynamic admission in its plugin order: mutating webhooks, then (after the lifecycle's own
/// defaulting and validation) ValidatingAdmissionPolicies, then validating webhooks.
/// </summary>
internal sealed class DynamicAdmission(AdmissionChain webhooks, PolicyAdmission policies) : IAdmissionChain
{
    public bool Applies(AdmissionAttributes request) => webhooks.Applies(request) || policies.Applies(request);

    public Task<JsonObject?> MutateAsync(AdmissionAttributes request, Action<string> warn, CancellationToken ct) =>
        webhooks.MutateAsync(request, warn, ct);

    public Task ValidateAsync(AdmissionAttributes request, Action<string> warn, CancellationToken ct)
    {
        policies.Validate(request, warn);
        return webhooks.ValidateAsync(request, warn, ct);
    }
}
