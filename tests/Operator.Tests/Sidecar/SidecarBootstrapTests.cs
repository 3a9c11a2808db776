using Envoy.Config.Bootstrap.V3;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Mesh.Operator.Sidecar;
using Mesh.Operator.Tests.Certificates;
using Mesh.XdsServer.Contract;
using Mesh.XdsServer.Validation;
using HttpProtocolOptions = Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptions;

namespace Mesh.Operator.Tests.Sidecar;

public sealed class SidecarBootstrapTests
{
    private static readonly SidecarBootstrapInput Shop = new() { Namespace = "shop", TrustDomain = "cluster.local" };

    [Fact]
    public void The_bootstrap_of_a_namespace_matches_the_golden_files()
    {
        GoldenFile.Match(GoldenFile.TestData("shop/bootstrap.json"), EnvoyJson.Format(SidecarBootstrapBuilder.Build(Shop)));
        GoldenFile.Match(GoldenFile.TestData("shop/sds-certificate.json"), EnvoyJson.Format(SdsFiles.Certificate()));
        GoldenFile.Match(GoldenFile.TestData("shop/sds-trust-bundle.json"), EnvoyJson.Format(SdsFiles.TrustBundle()));
    }

    [Fact]
    public void The_bootstrap_json_parses_strictly_into_envoy_Bootstrap_and_breaks_no_validate_rule()
    {
        var built = SidecarBootstrapBuilder.Build(Shop);

        var parsed = EnvoyParsing.ParseValid<Bootstrap>(EnvoyJson.Format(built));

        parsed.Should().Be(built, "the JSON must carry every field the builder set");
    }

    [Fact]
    public void The_sds_files_parse_into_one_secret_each_named_as_the_bootstrap_asks()
    {
        var certificate = EnvoyParsing.ParseValid<DiscoveryResponse>(EnvoyJson.Format(SdsFiles.Certificate()));
        var bundle = EnvoyParsing.ParseValid<DiscoveryResponse>(EnvoyJson.Format(SdsFiles.TrustBundle()));

        var cert = certificate.Resources.Should().ContainSingle().Subject.Unpack<Secret>();
        cert.Name.Should().Be(SidecarContract.WorkloadCertificateSecret);
        cert.TlsCertificate.CertificateChain.Filename.Should().Be("/var/run/mesh/certs/tls.crt");
        cert.TlsCertificate.PrivateKey.Filename.Should().Be("/var/run/mesh/certs/tls.key");
        cert.TlsCertificate.WatchedDirectory.Path.Should().Be(SidecarContract.CertificateDirectory);
        var ca = bundle.Resources.Should().ContainSingle().Subject.Unpack<Secret>();
        ca.Name.Should().Be(SidecarContract.TrustBundleSecret);
        ca.ValidationContext.TrustedCa.Filename.Should().Be("/var/run/mesh/certs/ca.crt");
        ca.ValidationContext.WatchedDirectory.Path.Should().Be(SidecarContract.CertificateDirectory);
        ProtoValidator.Validate(cert).Should().BeEmpty();
        ProtoValidator.Validate(ca).Should().BeEmpty();
    }

    [Fact]
    public void A_misspelled_field_is_refused_by_the_strict_parser()
    {
        var json = EnvoyJson.Format(SidecarBootstrapBuilder.Build(Shop)).Replace("\"connect_timeout\"", "\"conect_timeout\"", StringComparison.Ordinal);

        var parse = () => EnvoyParsing.Parse<Bootstrap>(json);

        parse.Should().Throw<InvalidProtocolBufferException>().WithMessage("*conect_timeout*");
    }

    [Fact]
    public void An_unknown_any_type_is_refused_by_the_strict_parser()
    {
        var json = EnvoyJson.Format(SidecarBootstrapBuilder.Build(Shop))
            .Replace("envoy.extensions.upstreams.http.v3.HttpProtocolOptions\"", "envoy.extensions.upstreams.http.v3.HttpProtocolOption\"", StringComparison.Ordinal);

        var parse = () => EnvoyParsing.Parse<Bootstrap>(json);

        parse.Should().Throw<InvalidOperationException>().WithMessage("*HttpProtocolOption*");
    }

    [Fact]
    public void A_value_that_breaks_a_validate_rule_is_reported()
    {
        var json = EnvoyJson.Format(SidecarBootstrapBuilder.Build(Shop)).Replace("\"port_value\": 15012", "\"port_value\": 70000", StringComparison.Ordinal);

        var errors = ProtoValidator.Validate(EnvoyParsing.Parse<Bootstrap>(json));

        errors.Should().ContainSingle().Which.Should().Contain("PortValue").And.Contain("65535");
    }

    [Fact]
    public void Ads_is_delta_by_default_and_state_of_the_world_on_request()
    {
        SidecarBootstrapBuilder.Build(Shop).DynamicResources.AdsConfig.ApiType.Should().Be(ApiConfigSource.Types.ApiType.DeltaGrpc);
        SidecarBootstrapBuilder.Build(Shop with { DeltaXds = false }).DynamicResources.AdsConfig.ApiType.Should().Be(ApiConfigSource.Types.ApiType.Grpc);

        var dynamic = SidecarBootstrapBuilder.Build(Shop).DynamicResources;
        dynamic.AdsConfig.TransportApiVersion.Should().Be(ApiVersion.V3);
        dynamic.AdsConfig.SetNodeOnFirstMessageOnly.Should().BeTrue();
        dynamic.AdsConfig.GrpcServices.Should().ContainSingle().Which.EnvoyGrpc.ClusterName.Should().Be(BootstrapNames.XdsCluster);
        dynamic.LdsConfig.Ads.Should().NotBeNull();
        dynamic.CdsConfig.Ads.Should().NotBeNull();
        dynamic.LdsConfig.InitialFetchTimeout.Seconds.Should().Be(0, "the proxy must not turn ready without its config");
    }

    [Fact]
    public void The_xds_cluster_dials_the_operator_over_http2_mtls_and_checks_its_identity()
    {
        var bootstrap = SidecarBootstrapBuilder.Build(Shop with { TrustDomain = "Example.Org", ControlPlaneNamespace = "mesh-ops" });

        var cluster = bootstrap.StaticResources.Clusters.Single(c => c.Name == BootstrapNames.XdsCluster);
        cluster.Type.Should().Be(Cluster.Types.DiscoveryType.StrictDns);
        var address = cluster.LoadAssignment.Endpoints.Single().LbEndpoints.Single().Endpoint.Address.SocketAddress;
        (address.Address, address.PortValue).Should().Be(("mesh-xds.mesh-ops.svc", (uint)SidecarContract.XdsTlsPort));
        cluster.TypedExtensionProtocolOptions["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"].Unpack<HttpProtocolOptions>()
            .ExplicitHttpConfig.Http2ProtocolOptions.Should().NotBeNull();
        var tls = cluster.TransportSocket.TypedConfig.Unpack<UpstreamTlsContext>();
        tls.Sni.Should().Be("mesh-xds.mesh-ops.svc");
        var certificate = tls.CommonTlsContext.TlsCertificateSdsSecretConfigs.Should().ContainSingle().Subject;
        certificate.Name.Should().Be(SidecarContract.WorkloadCertificateSecret);
        certificate.SdsConfig.PathConfigSource.Path.Should().Be("/etc/mesh/bootstrap/sds-certificate.json");
        certificate.SdsConfig.PathConfigSource.WatchedDirectory.Path.Should().Be(SidecarContract.BootstrapDirectory);
        var validation = tls.CommonTlsContext.CombinedValidationContext;
        validation.ValidationContextSdsSecretConfig.Name.Should().Be(SidecarContract.TrustBundleSecret);
        validation.ValidationContextSdsSecretConfig.SdsConfig.PathConfigSource.Path.Should().Be("/etc/mesh/bootstrap/sds-trust-bundle.json");
        validation.DefaultValidationContext.MatchTypedSubjectAltNames.Select(m => (m.SanType, m.Matcher.Exact)).Should().Equal(
            (SubjectAltNameMatcher.Types.SanType.Uri, "spiffe://example.org/ns/mesh-ops/sa/mesh-operator"),
            (SubjectAltNameMatcher.Types.SanType.Dns, "mesh-xds.mesh-ops.svc"));
    }

    [Fact]
    public void Admin_binds_loopback_and_readiness_and_prometheus_reach_it_through_static_listeners()
    {
        var bootstrap = SidecarBootstrapBuilder.Build(Shop);

        bootstrap.Admin.Address.SocketAddress.Address.Should().Be("127.0.0.1");
        bootstrap.Admin.Address.SocketAddress.PortValue.Should().Be((uint)SidecarContract.AdminPort);
        var admin = bootstrap.StaticResources.Clusters.Single(c => c.Name == BootstrapNames.AdminCluster);
        admin.LoadAssignment.Endpoints.Single().LbEndpoints.Single().Endpoint.Address.SocketAddress.PortValue.Should().Be((uint)SidecarContract.AdminPort);

        var health = Routes(bootstrap, SidecarContract.HealthPort);
        health.Should().Contain((SidecarContract.ReadinessPath, BootstrapNames.AdminCluster, "/ready"));
        health.Should().Contain((SidecarContract.AppHealthPrefix, BootstrapNames.AppHealthCluster, ""));
        health.Should().HaveCount(2, "nothing else of the admin may be reachable from the pod network");
        Routes(bootstrap, SidecarContract.StatsPort).Should().Equal(("/stats/prometheus", BootstrapNames.AdminCluster, ""));
    }

    /// <summary>The routes of the listener on <paramref name="port"/>: (path or prefix, cluster, prefix_rewrite).</summary>
    internal static List<(string Match, string Cluster, string Rewrite)> Routes(Bootstrap bootstrap, int port)
    {
        var listener = bootstrap.StaticResources.Listeners.Single(l => l.Address.SocketAddress.PortValue == port);
        var hcm = listener.FilterChains.Single().Filters.Single().TypedConfig.Unpack<HttpConnectionManager>();
        hcm.HttpFilters.Last().Name.Should().Be("envoy.filters.http.router");
        return hcm.RouteConfig.VirtualHosts.Single().Routes
            .Select(r => (r.Match.Path is { Length: > 0 } path ? path : r.Match.Prefix, r.Route_.Cluster, r.Route_.PrefixRewrite))
            .ToList();
    }
}
