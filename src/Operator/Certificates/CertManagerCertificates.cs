using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.Entities.CertManager;

namespace Mesh.Operator.Certificates;

/// <summary>
/// The cert-manager provider (spec.mtls.certificates.provider CertManager): one cert-manager.io/v1 Certificate per
/// ServiceAccount, asking for what the built-in CA would issue, into the Secret name the built-in CA would use.
/// </summary>
public static class CertManagerCertificates
{
    /// <summary>
    /// The Certificates that must exist, sorted by name. Their Secrets carry <c>mesh.dev/policy</c> but not the
    /// managed-by label: cert-manager owns them, and the reconciler's label-based pruning must not delete them.
    /// </summary>
    public static IReadOnlyList<Certificate> For(MeshPolicy policy, IEnumerable<string> serviceAccounts)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(serviceAccounts);
        var name = policy.Metadata.Name ?? throw new ArgumentException("The MeshPolicy has no name.", nameof(policy));
        var @namespace = policy.Metadata.NamespaceProperty ?? throw new ArgumentException("The MeshPolicy has no namespace.", nameof(policy));
        var issuer = policy.Spec.Mtls?.Certificates?.IssuerRef
            ?? throw new ArgumentException("spec.mtls.certificates.issuerRef is required with provider CertManager.", nameof(policy));
        var trustDomain = MeshPolicyDefaults.TrustDomainOf(policy.Spec);
        var duration = GoDuration.Format(MeshPolicyDefaults.CertificateDurationOf(policy.Spec));
        var renewBefore = GoDuration.Format(MeshPolicyDefaults.CertificateRenewBeforeOf(policy.Spec));
        return serviceAccounts
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(sa =>
            {
                var spiffeId = SpiffeId.For(trustDomain, @namespace, sa);
                var secretName = WorkloadSecretNames.For(sa);
                return new Certificate
                {
                    Metadata = new V1ObjectMeta
                    {
                        Name = secretName,
                        NamespaceProperty = @namespace,
                        Labels = new Dictionary<string, string>(MeshLabels.ForPolicy(name)),
                        Annotations = new Dictionary<string, string> { [CertificateNames.SpiffeIdAnnotation] = spiffeId },
                    },
                    Spec = new CertificateSpec
                    {
                        SecretName = secretName,
                        SecretTemplate = new CertificateSecretTemplate
                        {
                            Labels = new Dictionary<string, string>
                            {
                                [CertificateNames.PolicyLabel] = name,
                                [CertificateNames.ComponentLabel] = "workload-certificate",
                            },
                            Annotations = new Dictionary<string, string> { [CertificateNames.SpiffeIdAnnotation] = spiffeId },
                        },
                        Duration = duration,
                        RenewBefore = renewBefore,
                        Uris = [spiffeId],
                        IssuerRef = new CertManagerIssuerRef
                        {
                            Name = issuer.Name,
                            Kind = MeshPolicyDefaults.KindOf(issuer).ToString(),
                            Group = MeshPolicyDefaults.GroupOf(issuer),
                        },
                        PrivateKey = new CertificatePrivateKey
                        {
                            Algorithm = PrivateKeyValues.Ecdsa,
                            Size = 256,
                            Encoding = PrivateKeyValues.Pkcs8,
                            RotationPolicy = PrivateKeyValues.RotateAlways,
                        },
                        Usages = [.. CertificateUsages.Workload],
                    },
                };
            })
            .ToList();
    }
}
