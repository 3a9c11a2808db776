using k8s.Models;
using Mesh.Operator.Certificates;
using Mesh.Operator.Entities;
using Mesh.Operator.Entities.CertManager;

namespace Mesh.Operator.Tests.Certificates;

public sealed class CertManagerTests
{
    public static IEnumerable<object[]> CertificateCases => GoldenFile.Cases("certmanager");

    public static IEnumerable<object[]> ReadinessCases => GoldenFile.Cases("certmanager-ready");

    [Theory]
    [MemberData(nameof(CertificateCases))]
    public void Certificates_match_the_golden_files(string name)
    {
        var input = GoldenFile.LoadAll(GoldenFile.TestData($"certmanager/{name}/input.yaml"));
        var policy = input.OfType<MeshPolicy>().Single();

        var certificates = CertManagerCertificates.For(policy, ServiceAccounts(input));

        GoldenFile.Match(GoldenFile.TestData($"certmanager/{name}/expected.yaml"), GoldenFile.ToYaml(certificates));
    }

    [Theory]
    [MemberData(nameof(ReadinessCases))]
    public void Readiness_matches_the_golden_files(string name)
    {
        var input = GoldenFile.LoadAll(GoldenFile.TestData($"certmanager-ready/{name}/input.yaml"));
        var policy = input.OfType<MeshPolicy>().Single();
        var desired = CertManagerCertificates.For(policy, ServiceAccounts(input));
        var issuerName = policy.Spec.Mtls!.Certificates!.IssuerRef!.Name;
        IssuerStatus? status = input.OfType<Issuer>().FirstOrDefault(i => i.Metadata.Name == issuerName)?.Status
            ?? input.OfType<ClusterIssuer>().FirstOrDefault(i => i.Metadata.Name == issuerName)?.Status;
        var found = input.OfType<Issuer>().Any(i => i.Metadata.Name == issuerName) || input.OfType<ClusterIssuer>().Any(i => i.Metadata.Name == issuerName);

        var condition = CertManagerReadiness.Evaluate(policy, desired, input.OfType<Certificate>().ToList(), new IssuerObservation { Found = found, Status = status });

        GoldenFile.Match(GoldenFile.TestData($"certmanager-ready/{name}/expected.txt"),
            $"status: \"{condition.Status}\"\nreason: {condition.Reason}\nmessage: {condition.Message}\n");
    }

    [Fact]
    public void The_condition_turns_true_once_cert_manager_has_issued_every_certificate()
    {
        var policy = Policy();
        var desired = CertManagerCertificates.For(policy, ["ratings", "reviews"]);
        var issuer = new IssuerObservation { Found = true };

        var before = CertManagerReadiness.Evaluate(policy, desired, [], issuer);
        before.Status.Should().Be("False");
        before.Reason.Should().Be("Pending");
        before.Message.Should().Contain("shop/mesh-workload-ratings, shop/mesh-workload-reviews").And.Contain("cert-manager must be installed");

        // Play cert-manager: issue into the Secret named by the Certificate, then report Ready.
        using var ca = CaTestKit.Load(CaTestKit.NewRoot(CaTestKit.T0));
        var issued = desired.Select(d =>
        {
            var request = CaTestKit.Request(sa: d.Spec.Uris!.Single().Split('/')[^1]);
            var secret = CaTestKit.Issue(request, ca, CaTestKit.T0);
            secret.Metadata.Name.Should().Be(d.Spec.SecretName);
            CertificateFactory.SingleUriSan(CaTestKit.Certificate(secret)).Should().Be(d.Spec.Uris!.Single());
            return WithReady(d, "True", "Ready", "Certificate is up to date and has not expired");
        }).ToList();

        var halfway = CertManagerReadiness.Evaluate(policy, desired, [issued[0]], issuer);
        halfway.Status.Should().Be("False");
        halfway.Message.Should().Contain("shop/mesh-workload-reviews").And.NotContain("mesh-workload-ratings,");

        var after = CertManagerReadiness.Evaluate(policy, desired, issued, issuer);
        after.Should().Be(new CertificatesCondition { Status = "True", Reason = "Issued", Message = "2 of 2 Certificates issued by Issuer shop/mesh-ca (cert-manager.io)." });
    }

    [Fact]
    public void Says_that_cert_manager_is_missing_when_its_api_is_not_served()
    {
        var policy = Policy();

        var condition = CertManagerReadiness.Evaluate(policy, CertManagerCertificates.For(policy, ["reviews"]), [], new IssuerObservation { CertManagerInstalled = false });

        condition.Status.Should().Be("False");
        condition.Reason.Should().Be("ReferenceNotFound");
        condition.Message.Should().Contain("install cert-manager").And.Contain("shop/mesh-workload-reviews");
    }

    [Fact]
    public void A_ready_condition_about_an_older_generation_does_not_count()
    {
        var policy = Policy();
        var desired = CertManagerCertificates.For(policy, ["reviews"]);
        var stale = WithReady(desired[0], "True", "Ready", "ok");
        stale.Metadata.Generation = 3;
        stale.Status = stale.Status! with { Conditions = [stale.Status.Conditions![0] with { ObservedGeneration = 2 }] };

        CertManagerReadiness.Evaluate(policy, desired, [stale], new IssuerObservation { Found = true }).Reason.Should().Be("Pending");
    }

    [Fact]
    public void No_workloads_need_no_certificates()
    {
        var condition = CertManagerReadiness.Evaluate(Policy(), [], [], new IssuerObservation { Found = false });

        condition.Status.Should().Be("True");
        condition.Reason.Should().Be("NotRequired");
    }

    [Fact]
    public void A_reason_that_is_not_a_valid_condition_reason_becomes_issuance_failed()
    {
        var policy = Policy();
        var desired = CertManagerCertificates.For(policy, ["reviews"]);

        var condition = CertManagerReadiness.Evaluate(policy, desired, [WithReady(desired[0], "False", "bad reason!", "boom")], new IssuerObservation { Found = true });

        condition.Reason.Should().Be("IssuanceFailed");
        condition.Message.Should().Be("Certificate shop/mesh-workload-reviews is not ready: boom.");
    }

    [Fact]
    public void Refuses_a_policy_without_issuer_ref()
    {
        var policy = Policy();
        policy.Spec = policy.Spec with { Mtls = new MtlsSpec { Certificates = new CertificatesSpec { Provider = CertificateProvider.CertManager } } };

        var act = () => CertManagerCertificates.For(policy, ["reviews"]);

        act.Should().Throw<ArgumentException>().WithMessage("*spec.mtls.certificates.issuerRef*");
    }

    private static MeshPolicy Policy() => new()
    {
        Metadata = new V1ObjectMeta { Name = "shop", NamespaceProperty = "shop" },
        Spec = new MeshPolicySpec
        {
            Mtls = new MtlsSpec
            {
                Certificates = new CertificatesSpec { Provider = CertificateProvider.CertManager, IssuerRef = new IssuerReference { Name = "mesh-ca" } },
            },
        },
    };

    private static Certificate WithReady(Certificate desired, string status, string reason, string message) => new()
    {
        Metadata = new V1ObjectMeta { Name = desired.Metadata.Name, NamespaceProperty = desired.Metadata.NamespaceProperty, Generation = 1 },
        Spec = desired.Spec,
        Status = new CertificateStatus
        {
            Conditions = [new CertManagerCondition { Type = "Ready", Status = status, Reason = reason, Message = message, ObservedGeneration = 1 }],
        },
    };

    internal static IEnumerable<string> ServiceAccounts(IEnumerable<object> input) =>
        input.OfType<V1Pod>().Select(p => string.IsNullOrEmpty(p.Spec?.ServiceAccountName) ? "default" : p.Spec.ServiceAccountName);
}
