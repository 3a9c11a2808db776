using k8s.Models;
using Mesh.Operator.Certificates;
using Mesh.Operator.Entities;
using Mesh.Operator.Entities.CertManager;

namespace Mesh.Operator.Tests.Certificates;

/// <summary>
/// cert-manager keeps a Certificate Ready=True until it expires even when its renewal fails; the MeshPolicy must say so
/// (with the expiry time) before the certificate expires, and go back to Issued once the renewal succeeds.
/// </summary>
public sealed class CertManagerRenewalTests
{
    private static readonly DateTime NotAfter = new(2026, 12, 5, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_ready_certificate_whose_renewal_fails_turns_the_condition_false_with_its_expiry()
    {
        var (policy, desired) = Desired();
        var observed = desired.Select(d => Observed(d, issuingFailed: d.Spec.SecretName == "mesh-workload-reviews")).ToList();

        var condition = CertManagerReadiness.Evaluate(policy, desired, observed, new IssuerObservation { Found = true });

        condition.Status.Should().Be(ConditionStatus.False);
        condition.Reason.Should().Be(ConditionReasons.IssuanceFailed);
        condition.Message.Should().Be("Certificate shop/mesh-workload-reviews could not be renewed after 3 failed attempt(s) "
            + "(The certificate request has failed to complete and will be retried: issuer refused); "
            + "it stays valid until 2026-12-05T12:00:00Z, when it expires unless a renewal succeeds.");
    }

    [Fact]
    public void Once_the_renewal_succeeds_the_condition_is_issued_again()
    {
        var (policy, desired) = Desired();

        var condition = CertManagerReadiness.Evaluate(policy, desired, desired.Select(d => Observed(d, issuingFailed: false)).ToList(), new IssuerObservation { Found = true });

        condition.Status.Should().Be(ConditionStatus.True);
        condition.Reason.Should().Be(ConditionReasons.Issued);
    }

    private static (MeshPolicy Policy, IReadOnlyList<Certificate> Desired) Desired()
    {
        var policy = new MeshPolicy
        {
            Metadata = new V1ObjectMeta { Name = "shop", NamespaceProperty = "shop" },
            Spec = new MeshPolicySpec
            {
                Mtls = new MtlsSpec { Certificates = new CertificatesSpec { Provider = CertificateProvider.CertManager, IssuerRef = new IssuerReference { Name = "mesh-ca" } } },
            },
        };
        return (policy, CertManagerCertificates.For(policy, ["ratings", "reviews"]));
    }

    /// <summary>As cert-manager leaves a Certificate: Ready=True while valid; after a failed renewal also Issuing=False/Failed.</summary>
    private static Certificate Observed(Certificate desired, bool issuingFailed)
    {
        var conditions = new List<CertManagerCondition>
        {
            new() { Type = "Ready", Status = "True", Reason = "Ready", Message = "Certificate is up to date and has not expired", ObservedGeneration = 1 },
        };
        if (issuingFailed)
        {
            conditions.Add(new CertManagerCondition
            {
                Type = "Issuing", Status = "False", Reason = "Failed", ObservedGeneration = 1,
                Message = "The certificate request has failed to complete and will be retried: issuer refused",
            });
        }
        return new Certificate
        {
            Metadata = new V1ObjectMeta { Name = desired.Metadata.Name, NamespaceProperty = desired.Metadata.NamespaceProperty, Generation = 1 },
            Spec = desired.Spec,
            Status = new CertificateStatus
            {
                Conditions = conditions,
                NotAfter = NotAfter,
                RenewalTime = NotAfter.AddHours(-8),
                FailedIssuanceAttempts = issuingFailed ? 3 : null,
                LastFailureTime = issuingFailed ? NotAfter.AddHours(-7) : null,
            },
        };
    }
}
