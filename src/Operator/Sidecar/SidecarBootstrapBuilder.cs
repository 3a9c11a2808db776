using Envoy.Config.Bootstrap.V3;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Envoy.Type.Matcher.V3;
using Google.Protobuf.WellKnownTypes;
using Mesh.Operator.Certificates;
using Mesh.XdsServer.Contract;
using HttpProtocolOptions = Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptions;
using Route = Envoy.Config.Route.V3.Route;
using RouteMatch = Envoy.Config.Route.V3.RouteMatch;

namespace Mesh.Operator.Sidecar;

/// <summary>
/// Builds the sidecar bootstrap of one namespace (pure). One object serves every pod of the namespace: node id and
/// cluster come from <c>--service-node</c>/<c>--service-cluster</c> (the downward API fills them), per-pod probe routes
/// from <c>--config-yaml</c> (<see cref="AppHealthConfig"/>). Layout after Istio's envoy_bootstrap.json: admin on
/// 127.0.0.1:15000, ADS over mTLS to the operator, readiness on 15021 and Prometheus on 15090 through the admin.
/// </summary>
internal static class SidecarBootstrapBuilder
{
    public static Bootstrap Build(SidecarBootstrapInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrEmpty(input.Namespace);
        var ads = new ConfigSource
        {
            Ads = new AggregatedConfigSource(),
            ResourceApiVersion = ApiVersion.V3,
            // Never give up waiting for the first LDS/CDS: until it arrives Envoy is not LIVE, /ready stays 503 and the
            // pod is not Ready. The 15 s default would make an unconfigured proxy look ready and refuse captured traffic.
            InitialFetchTimeout = new Duration(),
        };
        return new Bootstrap
        {
            Admin = new Admin { Address = EnvoyProtos.Socket("127.0.0.1", SidecarContract.AdminPort) },
            DynamicResources = new Bootstrap.Types.DynamicResources
            {
                LdsConfig = ads,
                CdsConfig = ads.Clone(),
                AdsConfig = new ApiConfigSource
                {
                    ApiType = input.DeltaXds ? ApiConfigSource.Types.ApiType.DeltaGrpc : ApiConfigSource.Types.ApiType.Grpc,
                    TransportApiVersion = ApiVersion.V3,
                    // The node (id from --service-node) goes on the first request only: it never changes on a stream.
                    SetNodeOnFirstMessageOnly = true,
                    GrpcServices = { new GrpcService { EnvoyGrpc = new GrpcService.Types.EnvoyGrpc { ClusterName = BootstrapNames.XdsCluster } } },
                },
            },
            StaticResources = new Bootstrap.Types.StaticResources
            {
                Clusters =
                {
                    XdsCluster(input),
                    EnvoyProtos.SingleHostCluster(BootstrapNames.AdminCluster, "127.0.0.1", SidecarContract.AdminPort, dns: false),
                    EnvoyProtos.SingleHostCluster(BootstrapNames.AppHealthCluster, "127.0.0.1", SidecarContract.AgentPort, dns: false),
                },
                Listeners = { HealthListener(), StatsListener() },
            },
        };
    }

    /// <summary>The SPIFFE identity the xDS server's certificate must carry (the operator's ServiceAccount).</summary>
    public static string XdsServerIdentity(SidecarBootstrapInput input) =>
        SpiffeId.For(input.TrustDomain, input.ControlPlaneNamespace, SidecarContract.OperatorServiceAccount);

    private static Cluster XdsCluster(SidecarBootstrapInput input)
    {
        var host = SidecarContract.XdsHost(input.ControlPlaneNamespace);
        var cluster = EnvoyProtos.SingleHostCluster(BootstrapNames.XdsCluster, host, SidecarContract.XdsTlsPort, dns: true);
        cluster.TypedExtensionProtocolOptions.Add("envoy.extensions.upstreams.http.v3.HttpProtocolOptions", Any.Pack(new HttpProtocolOptions
        {
            ExplicitHttpConfig = new HttpProtocolOptions.Types.ExplicitHttpConfig
            {
                Http2ProtocolOptions = new Http2ProtocolOptions
                {
                    // A control plane that vanished without a FIN is noticed within 40 s, then Envoy reconnects.
                    ConnectionKeepalive = new KeepaliveSettings
                    {
                        Interval = Duration.FromTimeSpan(TimeSpan.FromSeconds(30)),
                        Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
                    },
                },
            },
        }));
        cluster.UpstreamConnectionOptions = new UpstreamConnectionOptions { TcpKeepalive = new TcpKeepalive { KeepaliveTime = 300 } };
        cluster.TransportSocket = EnvoyProtos.Tls(new UpstreamTlsContext
        {
            Sni = host,
            CommonTlsContext = new CommonTlsContext
            {
                TlsParams = new TlsParameters { TlsMinimumProtocolVersion = TlsParameters.Types.TlsProtocol.Tlsv12 },
                AlpnProtocols = { "h2" },
                TlsCertificateSdsSecretConfigs = { FileSds(SidecarContract.WorkloadCertificateSecret, SidecarContract.CertificateSdsFile) },
                CombinedValidationContext = new CommonTlsContext.Types.CombinedCertificateValidationContext
                {
                    // The server is the operator: its SPIFFE identity, or the xDS Service's DNS name for a serving
                    // certificate issued without a URI SAN (either one suffices), chained to the mesh's trust bundle.
                    DefaultValidationContext = new CertificateValidationContext
                    {
                        MatchTypedSubjectAltNames =
                        {
                            new SubjectAltNameMatcher { SanType = SubjectAltNameMatcher.Types.SanType.Uri, Matcher = new StringMatcher { Exact = XdsServerIdentity(input) } },
                            new SubjectAltNameMatcher { SanType = SubjectAltNameMatcher.Types.SanType.Dns, Matcher = new StringMatcher { Exact = host } },
                        },
                    },
                    ValidationContextSdsSecretConfig = FileSds(SidecarContract.TrustBundleSecret, SidecarContract.TrustBundleSdsFile),
                },
            },
        });
        return cluster;
    }

    /// <summary>
    /// A secret read from a file of the mounted bootstrap ConfigMap (see <see cref="SdsFiles"/>). The SDS server cannot
    /// hand out the certificate that reaches it, so the xDS connection's own certificate comes from the filesystem
    /// (Envoy's "certificate rotation for xDS gRPC connection"). watched_directory, not the file itself: Kubernetes
    /// updates a ConfigMap or Secret volume by swapping its <c>..data</c> symlink, which a file watch never sees.
    /// </summary>
    private static SdsSecretConfig FileSds(string name, string file) => new()
    {
        Name = name,
        SdsConfig = new ConfigSource
        {
            ResourceApiVersion = ApiVersion.V3,
            PathConfigSource = new PathConfigSource
            {
                Path = $"{SidecarContract.BootstrapDirectory}/{file}",
                WatchedDirectory = new WatchedDirectory { Path = SidecarContract.BootstrapDirectory },
            },
        },
    };

    private static Envoy.Config.Listener.V3.Listener HealthListener() =>
        EnvoyProtos.HttpListener(BootstrapNames.HealthListener, "0.0.0.0", SidecarContract.HealthPort, new RouteConfiguration
        {
            Name = BootstrapNames.HealthListener,
            VirtualHosts =
            {
                new VirtualHost
                {
                    Name = BootstrapNames.HealthListener,
                    Domains = { "*" },
                    Routes =
                    {
                        // Admin /ready: 200 once the server is LIVE. Only this path of the admin is reachable here.
                        new Route
                        {
                            Match = new RouteMatch { Path = SidecarContract.ReadinessPath },
                            Route_ = new RouteAction { Cluster = BootstrapNames.AdminCluster, PrefixRewrite = BootstrapNames.AdminReadyPath },
                        },
                        // Rewritten kubelet probes go on to the pod's own app-health listener, which knows the pod's probes.
                        new Route
                        {
                            Match = new RouteMatch { Prefix = SidecarContract.AppHealthPrefix },
                            Route_ = new RouteAction { Cluster = BootstrapNames.AppHealthCluster },
                        },
                    },
                },
            },
        });

    private static Envoy.Config.Listener.V3.Listener StatsListener() =>
        EnvoyProtos.HttpListener(BootstrapNames.StatsListener, "0.0.0.0", SidecarContract.StatsPort, new RouteConfiguration
        {
            Name = BootstrapNames.StatsListener,
            VirtualHosts =
            {
                new VirtualHost
                {
                    Name = BootstrapNames.StatsListener,
                    Domains = { "*" },
                    Routes =
                    {
                        new Route
                        {
                            Match = new RouteMatch { Path = BootstrapNames.PrometheusPath },
                            Route_ = new RouteAction { Cluster = BootstrapNames.AdminCluster },
                        },
                    },
                },
            },
        });
}
