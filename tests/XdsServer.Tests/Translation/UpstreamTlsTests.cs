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

    private static (Cluster Cluster, Envoy.Config.Endpoint.V3.ClusterLoadAssignment Endpoints) Translate(MtlsMode mode, ProxyKind kind)
    {
        var model = new MeshModel
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
        var result = MeshTranslator.TranslateOnce(model, new ProxyScope { Namespace = "shop", Kind = kind });
        return (result.Clusters.Single(c => c.Name == Cluster), result.Endpoints.Single(e => e.ClusterName == Cluster));
    }

    private static IEnumerable<bool> MeshedFlags(Envoy.Config.Endpoint.V3.ClusterLoadAssignment assignment) =>
        assignment.Endpoints.SelectMany(l => l.LbEndpoints)
            .OrderBy(e => e.Endpoint.Address.SocketAddress.Address, StringComparer.Ordinal)
            .Select(e => e.Metadata?.FilterMetadata.ContainsKey(UpstreamTlsBuilder.TransportSocketMatchKey) == true);
}
