using k8s.Models;
using Mesh.Operator.Entities;

namespace Mesh.Operator.Certificates;

/// <summary>
/// CertificatesReady when the built-in CA could not write some workload Secrets (pure). A refused renewal leaves the
/// old certificate in place, valid until its notAfter: the condition names that time, so the coming expiry shows
/// before it bites rather than a stale "Issued".
/// </summary>
public static class WorkloadCertificateFailure
{
    /// <param name="failures">Per failed write: the request, the Secret as it was (null if none), the API's error.</param>
    public static CertificatesCondition Evaluate(IReadOnlyList<(WorkloadCertificateRequest Request, V1Secret? Existing, string Error)> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (failures.Count == 0)
        {
            throw new ArgumentException("At least one failure is expected.", nameof(failures));
        }
        var (request, existing, error) = failures[0];
        var more = failures.Count > 1 ? $" ({failures.Count - 1} more failed: {string.Join(", ", failures.Skip(1).Select(f => f.Request.SecretName))})" : "";
        return new CertificatesCondition
        {
            Status = ConditionStatus.False,
            Reason = ConditionReasons.IssuanceFailed,
            Message = $"Secret {request.Namespace}/{request.SecretName} could not be written ({error.TrimEnd('.')}); {Current(existing)}{more}.",
        };
    }

    private static string Current(V1Secret? existing)
    {
        var pem = existing?.Data?.TryGetValue(CertificateNames.TlsCrt, out var crt) == true ? crt : null;
        var leaf = pem is null ? null : Pem.ParseCertificates(pem, out _)?.FirstOrDefault();
        if (leaf is null)
        {
            return "the workload has no usable certificate yet";
        }
        using (leaf)
        {
            var notAfter = CertificateFactory.NotAfter(leaf).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
            return $"its current certificate stays valid until {notAfter}, when it expires unless a write succeeds";
        }
    }
}
