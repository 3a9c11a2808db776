using k8s.Models;
using Mesh.Operator.Certificates;
using Mesh.Operator.Entities;

namespace Mesh.Operator.Tests.Robustness;

/// <summary>
/// Security checklist: certificates asked of cert-manager stay in the policy's namespace, name an issuer without a
/// namespace (cert-manager then resolves a namespaced Issuer in the Certificate's own namespace), and carry exactly
/// the SPIFFE identity of one ServiceAccount of that namespace.
/// </summary>
public sealed class CertificateScopeTests
{
    private static MeshPolicy Policy(IssuerKind kind) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "team-a", Generation = 1 },
        Spec = new MeshPolicySpec
        {
            Mtls = new MtlsSpec
            {
                Certificates = new CertificatesSpec
                {
                    Provider = CertificateProvider.CertManager,
                    IssuerRef = new IssuerReference { Name = "ca", Kind = kind },
                },
            },
        },
    };

    [Theory]
    [InlineData(IssuerKind.Issuer)]
    [InlineData(IssuerKind.ClusterIssuer)]
    public void Each_certificate_lives_in_the_policys_namespace_and_names_only_its_own_service_account(IssuerKind kind)
    {
        var certificates = CertManagerCertificates.For(Policy(kind), ["reviews", "ratings", "reviews"]);

        certificates.Should().HaveCount(2, "one Certificate per distinct ServiceAccount");
        foreach (var certificate in certificates)
        {
            certificate.Metadata.NamespaceProperty.Should().Be("team-a");
            certificate.Spec.IssuerRef.Name.Should().Be("ca");
            certificate.Spec.IssuerRef.Kind.Should().Be(kind.ToString());
            certificate.Spec.Uris.Should().ContainSingle().Which.Should().StartWith("spiffe://cluster.local/ns/team-a/sa/");
            certificate.Spec.DnsNames.Should().BeNullOrEmpty("a workload certificate names no host another workload could claim");
        }

        certificates.Select(c => c.Spec.Uris![0]).Should().Equal(
            "spiffe://cluster.local/ns/team-a/sa/ratings", "spiffe://cluster.local/ns/team-a/sa/reviews");
        certificates.Select(c => c.Spec.SecretName).Should().Equal(WorkloadSecretNames.For("ratings"), WorkloadSecretNames.For("reviews"));
    }
}
