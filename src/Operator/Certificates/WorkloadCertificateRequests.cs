using k8s.Models;

namespace Mesh.Operator.Certificates;

/// <summary>Which certificates a policy needs: one per ServiceAccount used by a selected pod.</summary>
public static class WorkloadCertificateRequests
{
    /// <summary>
    /// One request per distinct ServiceAccount of <paramref name="selectedPods"/>, sorted by name. A pod without
    /// spec.serviceAccountName runs as <c>default</c> (what the ServiceAccount admission controller fills in).
    /// </summary>
    public static IReadOnlyList<WorkloadCertificateRequest> For(
        string policyName, string @namespace, IEnumerable<V1Pod> selectedPods, string trustDomain, TimeSpan duration, TimeSpan? renewBefore)
    {
        ArgumentNullException.ThrowIfNull(selectedPods);
        return selectedPods
            .Select(p => string.IsNullOrEmpty(p.Spec?.ServiceAccountName) ? "default" : p.Spec.ServiceAccountName)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(sa => new WorkloadCertificateRequest
            {
                PolicyName = policyName,
                Namespace = @namespace,
                ServiceAccount = sa,
                TrustDomain = trustDomain,
                Duration = duration,
                RenewBefore = renewBefore,
            })
            .ToList();
    }
}
