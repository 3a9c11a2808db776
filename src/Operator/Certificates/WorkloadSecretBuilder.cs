using k8s.Models;

namespace Mesh.Operator.Certificates;

/// <summary>Carries out a <see cref="WorkloadCertificatePlan"/>: returns the workload Secret as it must be written.</summary>
internal static class WorkloadSecretBuilder
{
    public static V1Secret Build(WorkloadCertificatePlan plan, WorkloadCertificateRequest request, RootCaState ca, V1Secret? existing, DateTimeOffset now, Func<byte[]> serials)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentNullException.ThrowIfNull(serials);
        switch (plan.Action)
        {
            case WorkloadCertificateAction.Keep:
                return existing ?? throw new ArgumentException("Keep needs the existing Secret.", nameof(existing));
            case WorkloadCertificateAction.UpdateTrustBundle:
                var current = existing ?? throw new ArgumentException("UpdateTrustBundle needs the existing Secret.", nameof(existing));
                var data = new Dictionary<string, byte[]>(current.Data ?? new Dictionary<string, byte[]>())
                {
                    [CertificateNames.CaCrt] = Pem.Bytes(ca.BundlePem),
                };
                return Secret(request, existing, data, current.Metadata?.Annotations ?? new Dictionary<string, string>());
            case WorkloadCertificateAction.Issue:
                using (var leaf = CertificateFactory.IssueWorkload(ca.Signer, request.SpiffeId, now, request.Duration, serials()))
                {
                    var issued = new Dictionary<string, byte[]>
                    {
                        [CertificateNames.TlsCrt] = Pem.Bytes(leaf.ExportCertificatePem() + "\n"),
                        [CertificateNames.TlsKey] = Pem.Bytes(RootCaSecretBuilder.KeyPem(leaf)),
                        [CertificateNames.CaCrt] = Pem.Bytes(ca.BundlePem),
                    };
                    var annotations = new Dictionary<string, string>
                    {
                        [CertificateNames.SpiffeIdAnnotation] = request.SpiffeId,
                        [CertificateNames.NotAfterAnnotation] = CertificateFactory.NotAfter(leaf).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                        [CertificateNames.IssuerFingerprintAnnotation] = ca.SignerFingerprint,
                    };
                    return Secret(request, existing, issued, annotations);
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(plan), plan.Action, "Unknown workload certificate action.");
        }
    }

    private static V1Secret Secret(WorkloadCertificateRequest request, V1Secret? existing, IDictionary<string, byte[]> data, IDictionary<string, string> annotations) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta
        {
            Name = request.SecretName,
            NamespaceProperty = request.Namespace,
            ResourceVersion = existing?.Metadata?.ResourceVersion,
            Labels = WorkloadLabels(request),
            Annotations = new Dictionary<string, string>(annotations),
        },
        Type = CertificateNames.TlsSecretType,
        Data = data,
    };

    internal static Dictionary<string, string> WorkloadLabels(WorkloadCertificateRequest request) => new()
    {
        [CertificateNames.ManagedByLabel] = CertificateNames.ManagedByValue,
        [CertificateNames.PolicyLabel] = request.PolicyName,
        [CertificateNames.ComponentLabel] = "workload-certificate",
    };
}
