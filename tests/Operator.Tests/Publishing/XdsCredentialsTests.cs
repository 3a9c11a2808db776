using System.Security.Cryptography.X509Certificates;
using k8s.Models;
using Mesh.Operator.Publishing;
using Mesh.Testing;
using static Mesh.Operator.Tests.Certificates.CaTestKit;

namespace Mesh.Operator.Tests.Publishing;

/// <summary>
/// The xDS port's credentials are read on every TLS handshake: the root Secret is parsed once per cached object, the
/// server certificate is kept while the signing root is the same and it is fresh, and replaced when either changes.
/// </summary>
public sealed class XdsCredentialsTests
{
    private readonly ManualTimeProvider _time = new(); // starts at T0
    private V1Secret? _secret = NewRoot(T0);

    private XdsCredentials Credentials() => new(() => _secret, Options, new XdsIdentityOptions(), _time);

    [Fact]
    public void Handshakes_against_the_same_secret_object_parse_it_once_and_share_one_certificate()
    {
        var credentials = Credentials();

        var certificates = Enumerable.Range(0, 50).Select(_ => credentials.ServerCertificate).ToList();
        var bundles = Enumerable.Range(0, 50).Select(_ => credentials.TrustBundle).ToList();

        credentials.RootParses.Should().Be(1);
        certificates.Distinct().Should().ContainSingle().Which.Should().NotBeNull();
        bundles.Distinct().Should().ContainSingle().Which.Should().NotBeEmpty();
    }

    [Fact]
    public void An_equal_secret_read_again_is_parsed_but_keeps_the_certificate()
    {
        var credentials = Credentials();
        var first = credentials.ServerCertificate;

        _secret = new V1Secret { Metadata = _secret!.Metadata, Data = new Dictionary<string, byte[]>(_secret.Data), Type = _secret.Type };

        credentials.ServerCertificate.Should().BeSameAs(first);
        credentials.RootParses.Should().Be(2);
    }

    [Fact]
    public void A_new_signing_root_issues_a_certificate_from_it()
    {
        var credentials = Credentials();
        var first = credentials.ServerCertificate!;
        var rotated = Advance(_secret!, T0.AddDays(335));
        _time.Advance(TimeSpan.FromDays(335).Add(TimeSpan.FromHours(1)));
        _secret = Advance(rotated, T0.AddDays(335).AddHours(1));

        var second = credentials.ServerCertificate!;

        second.Should().NotBeSameAs(first);
        second.Issuer.Should().Be(Load(_secret).Signer.Subject);
        credentials.TrustBundle.Cast<X509Certificate2>().Select(c => c.Thumbprint).Should().Contain(Load(_secret).Signer.Thumbprint);
    }

    [Fact]
    public void A_certificate_past_half_its_life_is_replaced_even_for_the_same_secret_object()
    {
        var credentials = Credentials();
        var first = credentials.ServerCertificate!;

        _time.Advance(TimeSpan.FromHours(13));

        var second = credentials.ServerCertificate!;
        second.Should().NotBeSameAs(first);
        second.NotAfter.Should().BeAfter(first.NotAfter);
    }

    [Fact]
    public void No_root_secret_serves_nothing()
    {
        _secret = null;
        var credentials = Credentials();

        credentials.ServerCertificate.Should().BeNull();
        credentials.TrustBundle.Should().BeEmpty();
    }
}
