using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using Mesh.Operator.Certificates;
using static Mesh.Operator.Tests.Certificates.CaTestKit;

namespace Mesh.Operator.Tests.Certificates;

public sealed class RootCaTests
{
    [Fact]
    public void Creates_a_root_when_the_secret_is_missing()
    {
        RootCaDecider.Decide(null, T0, Options).Should().Match<RootCaPlan>(p => p.Action == RootCaAction.Create && p.Reason == "NotFound");

        var secret = NewRoot(T0);

        secret.Metadata.Name.Should().Be("mesh-root-ca");
        secret.Metadata.NamespaceProperty.Should().Be("mesh-system");
        secret.Type.Should().Be("kubernetes.io/tls");
        secret.Data.Keys.Should().BeEquivalentTo("tls.crt", "tls.key", "ca.crt");
        secret.Metadata.Labels.Should().Contain("app.kubernetes.io/managed-by", "mesh-operator");
        Encoding.ASCII.GetString(secret.Data["tls.key"]).Should().StartWith("-----BEGIN PRIVATE KEY-----");
        Encoding.ASCII.GetString(secret.Data["ca.crt"]).Should().Be(Encoding.ASCII.GetString(secret.Data["tls.crt"]));
    }

    [Fact]
    public void The_root_is_a_self_signed_p256_ca_valid_for_a_year()
    {
        using var root = Certificate(NewRoot(T0));

        root.Subject.Should().Be($"CN=Mesh Root CA {T0.ToUnixTimeSeconds()}, O=mesh.dev");
        root.SubjectName.EnumerateRelativeDistinguishedNames(reversed: false).Select(r => r.GetSingleElementType().Value)
            .Should().Equal("2.5.4.10", "2.5.4.3"); // encoded O first, then CN: openssl shows "O = mesh.dev, CN = ..."
        root.Issuer.Should().Be(root.Subject);
        var constraints = root.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        constraints.CertificateAuthority.Should().BeTrue();
        constraints.HasPathLengthConstraint.Should().BeTrue();
        constraints.PathLengthConstraint.Should().Be(0);
        constraints.Critical.Should().BeTrue();
        root.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages.Should().Be(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign);
        root.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifier.Should().NotBeNullOrEmpty();
        using var key = root.GetECDsaPublicKey()!;
        key.ExportParameters(false).Curve.Oid.Value.Should().Be("1.2.840.10045.3.1.7"); // prime256v1 / P-256
        (root.NotAfter - root.NotBefore).Should().Be(TimeSpan.FromDays(365));
        new DateTimeOffset(root.NotBefore.ToUniversalTime()).Should().Be(T0);
    }

    [Fact]
    public void The_secret_data_is_pem_that_travels_base64_encoded_in_json()
    {
        var secret = NewRoot(T0);

        var json = KubernetesJson.Serialize(secret);

        json.Should().Contain(Convert.ToBase64String(secret.Data["tls.crt"]));
        KubernetesJson.Deserialize<k8s.Models.V1Secret>(json).Data["ca.crt"].Should().Equal(secret.Data["ca.crt"]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(200)]
    [InlineData(334)]
    public void Keeps_a_valid_root_and_never_regenerates_it(int days)
    {
        var secret = NewRoot(T0);

        var plan = RootCaDecider.Decide(secret, T0.AddDays(days), Options);

        plan.Action.Should().Be(RootCaAction.Keep);
        RootCaSecretBuilder.Build(plan, secret, T0.AddDays(days), Options, Serials()).Should().BeSameAs(secret);
    }

    [Fact]
    public void Stages_a_successor_before_expiry_and_the_bundle_holds_old_and_new_roots()
    {
        var original = NewRoot(T0);
        var rotateAt = T0.AddDays(365 - 30);
        RootCaDecider.Decide(original, rotateAt.AddSeconds(-1), Options).Action.Should().Be(RootCaAction.Keep);
        RootCaDecider.Decide(original, rotateAt, Options).Action.Should().Be(RootCaAction.Rotate);

        var rotated = Advance(original, rotateAt);

        using var oldRoot = Certificate(original);
        using var newRoot = Certificate(rotated, CertificateNames.NextCrt);
        Certificate(rotated).Thumbprint.Should().Be(oldRoot.Thumbprint, "the old root keeps signing until the successor is published");
        Bundle(rotated).Select(c => c.Thumbprint).Should().Equal(newRoot.Thumbprint, oldRoot.Thumbprint);
        RootCaDecider.Decide(rotated, rotateAt.AddMinutes(59), Options).Action.Should().Be(RootCaAction.Keep);
    }

    [Fact]
    public void Activates_the_successor_after_the_delay_while_the_old_root_stays_trusted_until_it_expires()
    {
        var rotateAt = T0.AddDays(335);
        var rotated = Advance(NewRoot(T0), rotateAt);
        using var oldRoot = Certificate(rotated);
        using var newRoot = Certificate(rotated, CertificateNames.NextCrt);

        RootCaDecider.Decide(rotated, rotateAt.AddHours(1), Options).Action.Should().Be(RootCaAction.Activate);
        var activated = Advance(rotated, rotateAt.AddHours(1));

        Certificate(activated).Thumbprint.Should().Be(newRoot.Thumbprint);
        activated.Data.Should().NotContainKey(CertificateNames.NextCrt);
        Bundle(activated).Select(c => c.Thumbprint).Should().Equal(newRoot.Thumbprint, oldRoot.Thumbprint);
        RootCaDecider.Decide(activated, T0.AddDays(365).AddSeconds(-1), Options).Action.Should().Be(RootCaAction.Keep);

        RootCaDecider.Decide(activated, T0.AddDays(365), Options).Action.Should().Be(RootCaAction.RefreshBundle);
        var pruned = Advance(activated, T0.AddDays(365));
        Bundle(pruned).Select(c => c.Thumbprint).Should().Equal(newRoot.Thumbprint);
        Certificate(pruned).Thumbprint.Should().Be(newRoot.Thumbprint);
    }

    [Fact]
    public void A_leaf_signed_by_the_old_root_still_verifies_against_the_bundle_after_activation()
    {
        var rotateAt = T0.AddDays(335);
        var original = NewRoot(T0);
        using var before = Load(original);
        var leafSecret = Issue(Request(), before, rotateAt.AddMinutes(-5));
        var activated = Advance(Advance(original, rotateAt), rotateAt.AddHours(1));
        using var after = Load(activated);
        using var leaf = Certificate(leafSecret);

        after.Signer.Thumbprint.Should().NotBe(before.Signer.Thumbprint);
        Verifies(leaf, Bundle(activated), rotateAt.AddHours(2)).Should().BeTrue();
        WorkloadCertificateDecider.Decide(leafSecret, Request(), after, rotateAt.AddHours(2)).Action
            .Should().Be(WorkloadCertificateAction.UpdateTrustBundle, "only ca.crt changes; the certificate stays until its renewal time");
    }

    [Fact]
    public void Recreates_an_expired_root()
    {
        var plan = RootCaDecider.Decide(NewRoot(T0), T0.AddDays(366), Options);

        plan.Action.Should().Be(RootCaAction.Create);
        plan.Reason.Should().Be("Expired");
    }

    [Theory]
    [InlineData("tls.key", null, "tls.key is missing")]
    [InlineData("tls.crt", null, "tls.crt is missing")]
    [InlineData("ca.crt", null, "ca.crt is missing")]
    [InlineData("tls.crt", "garbage", "no PEM certificate")]
    [InlineData("tls.key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "not an ECDSA private key")]
    public void Recreates_a_malformed_root_secret_and_says_what_is_wrong(string key, string? value, string expected)
    {
        var broken = WithData(NewRoot(T0), key, value is null ? null : Encoding.ASCII.GetBytes(value));

        var plan = RootCaDecider.Decide(broken, T0.AddHours(1), Options);

        plan.Action.Should().Be(RootCaAction.Create);
        plan.Reason.Should().Be("Malformed");
        plan.Message.Should().Contain(expected).And.Contain("mesh-system/mesh-root-ca");
    }

    [Fact]
    public void Recreates_a_root_secret_whose_key_belongs_to_another_certificate()
    {
        var broken = WithData(NewRoot(T0), "tls.key", NewRoot(T0).Data["tls.key"]);

        var plan = RootCaDecider.Decide(broken, T0.AddHours(1), Options);

        plan.Action.Should().Be(RootCaAction.Create);
        plan.Message.Should().Contain("does not match");
    }

    [Fact]
    public void Refuses_a_leaf_certificate_as_root()
    {
        using var ca = Load(NewRoot(T0));
        var leaf = Issue(Request(), ca, T0);
        var notCa = leaf;

        var plan = RootCaDecider.Decide(notCa, T0.AddHours(1), Options);

        plan.Action.Should().Be(RootCaAction.Create);
        plan.Message.Should().Contain("not a CA certificate");
    }

    [Fact]
    public void Serial_numbers_come_from_the_injected_source()
    {
        var secret = RootCaSecretBuilder.Build(RootCaDecider.Decide(null, T0, Options), null, T0, Options, () => [0x12, 0x34, 0x56]);

        Certificate(secret).SerialNumber.Should().Be("123456");
    }

    [Fact]
    public void Random_serials_are_positive_and_sixteen_bytes()
    {
        var serials = SerialNumbers.FromRandom(RandomNumberGenerator.Create());

        var all = Enumerable.Range(0, 50).Select(_ => serials()).ToList();

        all.Should().OnlyContain(s => s.Length == 16 && s[0] >= 0x40 && s[0] < 0x80);
        all.Select(Convert.ToHexString).Should().OnlyHaveUniqueItems();
    }
}
