using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s.Models;
using Mesh.Operator.Certificates;
using static Mesh.Operator.Tests.Certificates.CaTestKit;

namespace Mesh.Operator.Tests.Certificates;

public sealed class WorkloadCertificateTests : IDisposable
{
    private readonly V1Secret _rootSecret = NewRoot(T0);
    private readonly RootCaState _ca;

    public WorkloadCertificateTests() => _ca = Load(_rootSecret);

    public void Dispose() => _ca.Dispose();

    [Fact]
    public void Issues_a_certificate_that_chains_to_the_root()
    {
        var secret = Issue(Request(), _ca, T0.AddHours(1));

        using var leaf = Certificate(secret);
        Verifies(leaf, Bundle(secret), T0.AddHours(2)).Should().BeTrue();
        Bundle(secret).Single().Thumbprint.Should().Be(_ca.Signer.Thumbprint);
        var aki = leaf.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single();
        var ski = _ca.Signer.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single();
        Convert.ToHexString(aki.KeyIdentifier!.Value.Span).Should().Be(ski.SubjectKeyIdentifier);
    }

    [Fact]
    public void The_certificate_carries_exactly_one_uri_san_with_the_spiffe_id_and_nothing_else()
    {
        using var leaf = Certificate(Issue(Request(sa: "bookinfo-reviews", trustDomain: "prod.example"), _ca, T0));

        var san = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        san.Critical.Should().BeTrue("the subject is empty (RFC 5280 4.2.1.6)");
        san.EnumerateDnsNames().Should().BeEmpty();
        san.EnumerateIPAddresses().Should().BeEmpty();
        CertificateFactory.SingleUriSan(leaf).Should().Be("spiffe://prod.example/ns/shop/sa/bookinfo-reviews");
        leaf.SubjectName.RawData.Should().Equal(new X500DistinguishedName("").RawData);
    }

    [Fact]
    public void The_certificate_is_a_leaf_for_server_and_client_authentication()
    {
        using var leaf = Certificate(Issue(Request(), _ca, T0));

        leaf.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority.Should().BeFalse();
        leaf.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages
            .Should().Be(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment);
        leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value)
            .Should().Equal("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    }

    [Fact]
    public void The_key_is_ecdsa_p256_in_pkcs8_pem_and_matches_the_certificate()
    {
        var secret = Issue(Request(), _ca, T0);

        var keyPem = Encoding.ASCII.GetString(secret.Data["tls.key"]);
        keyPem.Should().StartWith("-----BEGIN PRIVATE KEY-----");
        using var key = ECDsa.Create();
        key.ImportFromPem(keyPem);
        key.KeySize.Should().Be(256);
        key.ExportParameters(false).Curve.Oid.Value.Should().Be("1.2.840.10045.3.1.7"); // prime256v1 / P-256
        using var pair = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(secret.Data["tls.crt"]), keyPem);
        pair.HasPrivateKey.Should().BeTrue();
    }

    [Theory]
    [InlineData(24)]
    [InlineData(1)]
    [InlineData(72)]
    public void The_configured_duration_is_honoured(int hours)
    {
        using var leaf = Certificate(Issue(Request(duration: TimeSpan.FromHours(hours)), _ca, T0.AddMinutes(3)));

        (leaf.NotAfter - leaf.NotBefore).Should().Be(TimeSpan.FromHours(hours));
        new DateTimeOffset(leaf.NotBefore.ToUniversalTime()).Should().Be(T0.AddMinutes(3));
    }

    [Theory]
    [InlineData(-1, WorkloadCertificateAction.Keep)]
    [InlineData(0, WorkloadCertificateAction.Issue)]
    [InlineData(1, WorkloadCertificateAction.Issue)]
    public void Renews_at_half_life_by_default(int secondsFromBoundary, WorkloadCertificateAction expected)
    {
        var secret = Issue(Request(), _ca, T0);

        var plan = WorkloadCertificateDecider.Decide(secret, Request(), _ca, T0.AddHours(12).AddSeconds(secondsFromBoundary));

        plan.Action.Should().Be(expected);
        if (expected == WorkloadCertificateAction.Issue)
        {
            plan.Reason.Should().Be("Renewing");
        }
        else
        {
            plan.RenewAt.Should().Be(T0.AddHours(12));
        }
    }

    [Theory]
    [InlineData(-1, WorkloadCertificateAction.Keep)]
    [InlineData(0, WorkloadCertificateAction.Issue)]
    [InlineData(1, WorkloadCertificateAction.Issue)]
    public void Renews_at_the_configured_renew_before(int secondsFromBoundary, WorkloadCertificateAction expected)
    {
        var request = Request(renewBefore: TimeSpan.FromHours(2));
        var secret = Issue(request, _ca, T0);

        WorkloadCertificateDecider.Decide(secret, request, _ca, T0.AddHours(22).AddSeconds(secondsFromBoundary)).Action.Should().Be(expected);
    }

    [Fact]
    public void The_renewed_certificate_is_issued_while_the_old_one_is_still_valid()
    {
        var old = Issue(Request(), _ca, T0);
        var renewAt = T0.AddHours(12);

        var renewed = Issue(Request(), _ca, renewAt, old);

        using var oldLeaf = Certificate(old);
        using var newLeaf = Certificate(renewed);
        new DateTimeOffset(newLeaf.NotBefore.ToUniversalTime()).Should().BeBefore(new DateTimeOffset(oldLeaf.NotAfter.ToUniversalTime()));
        newLeaf.SerialNumber.Should().NotBe(oldLeaf.SerialNumber);
        renewed.Data["tls.key"].Should().NotEqual(old.Data["tls.key"]);
    }

    [Fact]
    public void Keeps_a_valid_certificate_without_touching_it()
    {
        var secret = Issue(Request(), _ca, T0);

        var plan = WorkloadCertificateDecider.Decide(secret, Request(), _ca, T0.AddHours(3));

        plan.Action.Should().Be(WorkloadCertificateAction.Keep);
        WorkloadSecretBuilder.Build(plan, Request(), _ca, secret, T0.AddHours(3), Serials()).Should().BeSameAs(secret);
    }

    [Theory]
    [InlineData("tls.crt", null, "tls.crt is missing")]
    [InlineData("tls.key", null, "tls.key is missing")]
    [InlineData("tls.crt", "not a certificate", "no PEM certificate")]
    [InlineData("tls.key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "not an ECDSA private key")]
    public void Reissues_a_malformed_secret(string key, string? value, string expected)
    {
        var broken = WithData(Issue(Request(), _ca, T0), key, value is null ? null : Encoding.ASCII.GetBytes(value));

        var plan = WorkloadCertificateDecider.Decide(broken, Request(), _ca, T0.AddHours(1));

        plan.Action.Should().Be(WorkloadCertificateAction.Issue);
        plan.Reason.Should().Be("Malformed");
        plan.Message.Should().Contain(expected).And.Contain("shop/mesh-workload-reviews");
    }

    [Fact]
    public void Reissues_when_the_key_belongs_to_another_certificate()
    {
        var other = Issue(Request(sa: "other"), _ca, T0);
        var broken = WithData(Issue(Request(), _ca, T0), "tls.key", other.Data["tls.key"]);

        WorkloadCertificateDecider.Decide(broken, Request(), _ca, T0.AddHours(1)).Reason.Should().Be("Malformed");
    }

    [Fact]
    public void Reissues_when_the_secret_has_no_data_at_all()
    {
        var empty = new V1Secret { Metadata = new V1ObjectMeta { Name = "mesh-workload-reviews", NamespaceProperty = "shop" } };

        WorkloadCertificateDecider.Decide(empty, Request(), _ca, T0).Reason.Should().Be("Malformed");
    }

    [Fact]
    public void Reissues_when_the_trust_domain_changes()
    {
        var secret = Issue(Request(trustDomain: "cluster.local"), _ca, T0);

        var plan = WorkloadCertificateDecider.Decide(secret, Request(trustDomain: "prod.example"), _ca, T0.AddHours(1));

        plan.Action.Should().Be(WorkloadCertificateAction.Issue);
        plan.Reason.Should().Be("IdentityChanged");
        plan.Message.Should().Contain("spiffe://cluster.local/ns/shop/sa/reviews").And.Contain("spiffe://prod.example/ns/shop/sa/reviews");
    }

    [Fact]
    public void Reissues_when_the_duration_changes()
    {
        var secret = Issue(Request(duration: TimeSpan.FromHours(24)), _ca, T0);

        var plan = WorkloadCertificateDecider.Decide(secret, Request(duration: TimeSpan.FromHours(48)), _ca, T0.AddHours(1));

        plan.Reason.Should().Be("DurationChanged");
    }

    [Fact]
    public void Reissues_when_the_issuing_root_is_no_longer_trusted()
    {
        var secret = Issue(Request(), _ca, T0);
        using var replacement = Load(NewRoot(T0.AddHours(1)));

        var plan = WorkloadCertificateDecider.Decide(secret, Request(), replacement, T0.AddHours(2));

        plan.Action.Should().Be(WorkloadCertificateAction.Issue);
        plan.Reason.Should().Be("IssuerUntrusted");
        using var reissued = Certificate(Issue(Request(), replacement, T0.AddHours(2), secret));
        Verifies(reissued, replacement.Bundle, T0.AddHours(3)).Should().BeTrue();
    }

    [Fact]
    public void Rewrites_only_the_trust_bundle_when_a_successor_root_is_staged()
    {
        var options = Options with { RootValidity = TimeSpan.FromDays(40) };
        var root = NewRoot(T0, options);
        using var ca = Load(root);
        var leafAt = T0.AddDays(10);
        var secret = Issue(Request(), ca, leafAt);
        using var staged = Load(Advance(root, leafAt.AddHours(1), options));
        staged.Next.Should().NotBeNull();

        var plan = WorkloadCertificateDecider.Decide(secret, Request(), staged, leafAt.AddHours(1));
        var updated = WorkloadSecretBuilder.Build(plan, Request(), staged, secret, leafAt.AddHours(1), Serials());

        plan.Action.Should().Be(WorkloadCertificateAction.UpdateTrustBundle);
        updated.Data["tls.crt"].Should().Equal(secret.Data["tls.crt"]);
        updated.Data["tls.key"].Should().Equal(secret.Data["tls.key"]);
        Bundle(updated).Should().HaveCount(2);
        WorkloadCertificateDecider.Decide(updated, Request(), staged, leafAt.AddHours(1)).Action.Should().Be(WorkloadCertificateAction.Keep);
    }

    [Fact]
    public void A_certificate_never_outlives_its_issuer()
    {
        var options = Options with { RootValidity = TimeSpan.FromHours(30), RootRotateBefore = TimeSpan.FromHours(1) };
        using var ca = Load(NewRoot(T0, options));

        var secret = Issue(Request(), ca, T0.AddHours(20));

        using var leaf = Certificate(secret);
        leaf.NotAfter.Should().Be(ca.Signer.NotAfter);
        WorkloadCertificateDecider.Decide(secret, Request(), ca, T0.AddHours(21)).Action.Should().Be(WorkloadCertificateAction.Keep);
        WorkloadCertificateDecider.Decide(secret, Request(), ca, T0.AddHours(25)).Action.Should().Be(WorkloadCertificateAction.Issue);
    }

    [Fact]
    public void The_secret_is_named_labelled_and_annotated_for_the_reconciler()
    {
        var secret = Issue(Request(), _ca, T0);

        secret.Metadata.Name.Should().Be("mesh-workload-reviews");
        secret.Metadata.NamespaceProperty.Should().Be("shop");
        secret.Type.Should().Be("kubernetes.io/tls");
        secret.Data.Keys.Should().BeEquivalentTo("tls.crt", "tls.key", "ca.crt");
        secret.Metadata.Labels.Should().Contain("app.kubernetes.io/managed-by", "mesh-operator").And.Contain("mesh.dev/policy", "shop");
        secret.Metadata.Annotations.Should().Contain("mesh.dev/spiffe-id", "spiffe://cluster.local/ns/shop/sa/reviews")
            .And.Contain("mesh.dev/not-after", "2026-11-26T12:00:00Z")
            .And.Contain("mesh.dev/issuer-sha256", _ca.SignerFingerprint);
    }

    [Fact]
    public void Long_service_account_names_give_valid_distinct_secret_names()
    {
        var a = new string('a', 250);
        var b = new string('a', 249) + "b";

        WorkloadSecretNames.For(a).Length.Should().BeLessThanOrEqualTo(253);
        WorkloadSecretNames.For(a).Should().NotBe(WorkloadSecretNames.For(b));
        WorkloadSecretNames.For("reviews").Should().Be("mesh-workload-reviews");
    }

    [Fact]
    public void One_request_per_service_account_of_the_selected_pods()
    {
        V1Pod Pod(string? sa) => new() { Spec = new V1PodSpec { ServiceAccountName = sa } };

        var requests = WorkloadCertificateRequests.For("shop", "shop", [Pod("reviews"), Pod(null), Pod("reviews"), Pod("ratings")], "cluster.local", TimeSpan.FromHours(24), null);

        requests.Select(r => r.ServiceAccount).Should().Equal("default", "ratings", "reviews");
        requests.Select(r => r.SecretName).Should().Equal("mesh-workload-default", "mesh-workload-ratings", "mesh-workload-reviews");
    }

    [Fact]
    public void The_authority_uses_the_injected_clock()
    {
        var clock = new ManualTime(T0);
        var authority = new BuiltInCertificateAuthority(Options, clock, Serials());
        var root = authority.BuildRootSecret(authority.PlanRoot(null), null);
        using var ca = BuiltInCertificateAuthority.LoadRoot(root);
        var secret = authority.BuildWorkloadSecret(authority.PlanWorkload(null, Request(), ca), Request(), ca, null);

        clock.Now = T0.AddHours(11);
        authority.PlanWorkload(secret, Request(), ca).Action.Should().Be(WorkloadCertificateAction.Keep);
        clock.Now = T0.AddHours(12);
        authority.PlanWorkload(secret, Request(), ca).Action.Should().Be(WorkloadCertificateAction.Issue);
        authority.PlanRoot(root).Action.Should().Be(RootCaAction.Keep);
    }

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
