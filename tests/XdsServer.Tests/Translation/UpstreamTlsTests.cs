using Envoy.Config.Cluster.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Translation;

namespace Mesh.XdsServer.Tests.Translation;

/// <summary>Which outbound clusters get client TLS, per proxy kind and destination mTLS mode.</summary>
public sealed class UpstreamTlsTests
{
    private const string Cluster = "outbound|9080||reviews.shop.svc.cluster.local";

    [Theory]
    [InlineData(MtlsMode.Permissive)]
    [InlineData(MtlsMode.Strict)]
    public void Sidecars_choose_tls_per_endpoint_and_check_the_destination_identities(MtlsMode mode)
    {
        var (cluster, endpoints) = Translate(mode, ProxyKind.Sidecar);

        cluster.TransportSocket.Should().BeNull();
        cluster.TransportSocketMatches.Select(m => m.Name).Should().Equal("tlsMode-mesh", "tlsMode-disabled");
        var tls = cluster.TransportSocketMatches[0].TransportSocket.TypedConfig.Unpack<UpstreamTlsContext>();
        tls.Sni.Should().Be("outbound_.9080_._.reviews.shop.svc.cluster.local");
        tls.CommonTlsContext.CombinedValidationContext.DefaultValidationContext.MatchTypedSubjectAltNames
            .Select(m => m.Matcher.Exact).Should().Equal("spiffe://example.org/ns/shop/sa/reviews", "spiffe://example.org/ns/shop/sa/reviews-v2");
        tls.CommonTlsContext.TlsCertificateSdsSecretConfigs.Single().Name.Should().Be(SecretBuilder.WorkloadCertificate);
        MeshedFlags(endpoints).Should().Equal([true, false], "only the endpoint whose pod runs a sidecar is reached over mTLS");
    }

    [Fact]
    public void Sidecars_send_plaintext_when_the_destination_disables_mtls()
    {
        var (cluster, endpoints) = Translate(MtlsMode.Disabled, ProxyKind.Sidecar);

        cluster.TransportSocket.Should().BeNull();
        cluster.TransportSocketMatches.Should().BeEmpty();
        MeshedFlags(endpoints).Should().Equal([false, false]);
    }

    [Theory]
    [InlineData(MtlsMode.Permissive)]
    [InlineData(MtlsMode.Disabled)]
    public void Grpc_clients_call_plaintext_unless_the_destination_is_strict(MtlsMode mode)
    {
        var (cluster, _) = Translate(mode, ProxyKind.ProxylessGrpc);

        cluster.TransportSocket.Should().BeNull("a client without mesh certificates would NACK a TLS cluster it does not need");
        cluster.TransportSocketMatches.Should().BeEmpty("gRPC clients NACK transport_socket_matches");
    }

    [Fact]
    public void Grpc_clients_get_certificate_provider_tls_towards_a_strict_destination()
    {
        var (cluster, _) = Translate(MtlsMode.Strict, ProxyKind.ProxylessGrpc);

        var tls = cluster.TransportSocket.TypedConfig.Unpack<UpstreamTlsContext>();
        tls.CommonTlsContext.TlsCertificateProviderInstance.InstanceName.Should().Be("default");
        tls.CommonTlsContext.ValidationContext.CaCertificateProviderInstance.InstanceName.Should().Be("default");
        tls.CommonTlsContext.TlsParams.Should().BeNull("gRPC NACKs tls_params");
        tls.CommonTlsContext.TlsCertificateSdsSecretConfigs.Should().BeEmpty("gRPC NACKs SDS");
#pragma warning disable CS0612 // the deprecated field is the one gRPC reads
        tls.CommonTlsContext.ValidationContext.MatchSubjectAltNames.Select(m => m.Exact)
            .Should().Equal("spiffe://example.org/ns/shop/sa/reviews", "spiffe://example.org/ns/shop/sa/reviews-v2");
#pragma warning restore CS0612
    }

    [Fact]
    public void A_caller_whose_own_policy_disables_mtls_holds_no_certificate_and_calls_plaintext()
    {
        var model = Model(MtlsMode.Strict) with
        {
            MtlsByNamespace = new Dictionary<string, MtlsMode> { ["legacy"] = MtlsMode.Disabled },
        };

        var fromLegacy = MeshTranslator.TranslateOnce(model, new ProxyScope { Namespace = "legacy" });
        var fromShop = MeshTranslator.TranslateOnce(model, new ProxyScope { Namespace = "shop" });

        fromLegacy.Clusters.Single(c => c.Name == Cluster).TransportSocketMatches.Should().BeEmpty();
        fromLegacy.Secrets.Should().BeEmpty("SDS would point at certificate files this sidecar does not have");
        fromShop.Clusters.Single(c => c.Name == Cluster).TransportSocketMatches.Should().HaveCount(2);
        fromShop.Secrets.Select(s => s.Name).Should().BeEquivalentTo(SecretBuilder.WorkloadCertificate, SecretBuilder.TrustBundle);
    }

    [Fact]
    public void The_expected_identities_use_the_destination_policy_s_trust_domain()
    {
        var model = Model(MtlsMode.Strict) with { TrustDomain = "first-policy.example" };
        model = model with { Services = [model.Services[0] with { TrustDomain = "shop.example" }] };

        var cluster = MeshTranslator.TranslateOnce(model, new ProxyScope { Namespace = "shop", Kind = ProxyKind.ProxylessGrpc }).Clusters.Single(c => c.Name == Cluster);

#pragma warning disable CS0612 // the deprecated field is the one gRPC reads
        cluster.TransportSocket.TypedConfig.Unpack<UpstreamTlsContext>().CommonTlsContext.ValidationContext.MatchSubjectAltNames
            .Select(m => m.Exact).Should().Equal("spiffe://shop.example/ns/shop/sa/reviews", "spiffe://shop.example/ns/shop/sa/reviews-v2");
#pragma warning restore CS0612
    }

    private static (Cluster Cluster, Envoy.Config.Endpoint.V3.ClusterLoadAssignment Endpoints) Translate(MtlsMode mode, ProxyKind kind)
    {
        var result = MeshTranslator.TranslateOnce(Model(mode), new ProxyScope { Namespace = "shop", Kind = kind });
        return (result.Clusters.Single(c => c.Name == Cluster), result.Endpoints.Single(e => e.ClusterName == Cluster));
    }

    private static MeshModel Model(MtlsMode mode) =>
        new()
        {
            TrustDomain = "example.org",
            Services =
            [
                new MeshService
                {
                    Name = "reviews",
                    Namespace = "shop",
                    ClusterIp = "10.96.0.20",
                    Mtls = mode,
                    ServiceAccounts = ["reviews-v2", "reviews"],
                    Ports = [new ServicePort { Port = 9080, Protocol = ServiceProtocol.Grpc }],
                    Endpoints =
                    [
                        new ServiceEndpoint { Address = "10.0.0.1", Meshed = true },
                        new ServiceEndpoint { Address = "10.0.0.2" },
                    ],
                },
            ],
        };

    private static IEnumerable<bool> MeshedFlags(Envoy.Config.Endpoint.V3.ClusterLoadAssignment assignment) =>
        assignment.Endpoints.SelectMany(l => l.LbEndpoints)
            .OrderBy(e => e.Endpoint.Address.SocketAddress.Address, StringComparer.Ordinal)
            .Select(e => e.Metadata?.FilterMetadata.ContainsKey(UpstreamTlsBuilder.TransportSocketMatchKey) == true);
}
