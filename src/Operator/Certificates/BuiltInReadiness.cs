using Mesh.Operator.Entities;

namespace Mesh.Operator.Certificates;

/// <summary>CertificatesReady under the built-in CA, from the plans the reconciler carried out and the writes that failed.</summary>
public static class BuiltInReadiness
{
    /// <param name="plans">The plan per request, in the same order as <paramref name="requests"/>.</param>
    /// <param name="writeErrors">Secret name -> error of the write that carried out its plan (empty when all succeeded).</param>
    public static CertificatesCondition Evaluate(
        IReadOnlyList<WorkloadCertificateRequest> requests, IReadOnlyList<WorkloadCertificatePlan> plans, IReadOnlyDictionary<string, string> writeErrors)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(writeErrors);
        if (requests.Count != plans.Count)
        {
            throw new ArgumentException("One plan per request is expected.", nameof(plans));
        }
        if (requests.Count == 0)
        {
            return new CertificatesCondition { Status = ConditionStatus.True, Reason = ConditionReasons.NotRequired, Message = "No selected workload needs a certificate." };
        }
        var failed = requests.Where(r => writeErrors.ContainsKey(r.SecretName)).ToList();
        if (failed.Count > 0)
        {
            var first = failed[0];
            var more = failed.Count > 1 ? $" ({failed.Count - 1} more failed)" : "";
            return new CertificatesCondition
            {
                Status = ConditionStatus.False,
                Reason = ConditionReasons.IssuanceFailed,
                Message = $"Secret {first.Namespace}/{first.SecretName} could not be written: {writeErrors[first.SecretName]}{more}.",
            };
        }
        var issued = plans.Count(p => p.Action == WorkloadCertificateAction.Issue);
        var renewAt = plans.Where(p => p.RenewAt is not null).Select(p => p.RenewAt!.Value).DefaultIfEmpty().Min();
        var next = renewAt == default ? "" : $" Next renewal at {renewAt:yyyy-MM-ddTHH:mm:ssZ}.";
        return new CertificatesCondition
        {
            Status = ConditionStatus.True,
            Reason = ConditionReasons.Issued,
            Message = $"{requests.Count} workload certificates valid ({issued} issued in this reconcile) by the built-in CA.{next}",
        };
    }
}
