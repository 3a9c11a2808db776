using Envoy.Config.Bootstrap.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf;
using Mesh.XdsServer.Contract;
using Route = Envoy.Config.Route.V3.Route;
using RouteMatch = Envoy.Config.Route.V3.RouteMatch;

namespace Mesh.Operator.Sidecar;

/// <summary>
/// The per-pod part of the bootstrap: a listener on 127.0.0.1:<see cref="SidecarContract.AgentPort"/> with one route per
/// rewritten kubelet probe, each to a cluster on 127.0.0.1:&lt;app port&gt; with the original path. The injector passes it
/// to Envoy as <c>--config-yaml</c> (Envoy merges it over the namespace's bootstrap file).
/// </summary>
/// <remarks>
/// Why per pod and not in the namespace's bootstrap: probes are per pod, the bootstrap is one object per namespace
/// (kept so, to avoid one ConfigMap per pod). A generic route that reads the target port from the request would let
/// anyone who reaches the unauthenticated health port call any localhost port of the pod, bypassing Strict mTLS;
/// routes from the pod's own probes expose exactly the probed paths, as Istio's agent does. Why a second listener:
/// a merged --config-yaml appends listeners and cannot add routes to the bootstrap's health listener, so the health
/// listener (kubelet-facing, <see cref="SidecarContract.HealthPort"/>) forwards <c>/app-health/</c> to this one, bound
/// to loopback only. Nothing is needed from the control plane, so app probes keep working while it is down.
/// </remarks>
internal static class AppHealthConfig
{
    public static Bootstrap Build(IReadOnlyDictionary<string, AppProber> probers)
    {
        ArgumentNullException.ThrowIfNull(probers);
        var problems = AppProbers.Validate(probers);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(probers));
        }

        var host = new VirtualHost { Name = BootstrapNames.AppHealthListener, Domains = { "*" } };
        var resources = new Bootstrap.Types.StaticResources();
        foreach (var (path, prober) in probers.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var cluster = BootstrapNames.AppProbeCluster(prober.Port, prober.Scheme);
            var route = new Route
            {
                Match = new RouteMatch { Path = path },
                Route_ = new RouteAction { Cluster = cluster, PrefixRewrite = prober.Path },
            };
            foreach (var header in prober.Headers ?? [])
            {
                if (string.Equals(header.Name, "Host", StringComparison.OrdinalIgnoreCase))
                {
                    // Envoy refuses to add :authority through request_headers_to_add; the route rewrites it instead.
                    route.Route_.HostRewriteLiteral = header.Value;
                    continue;
                }

                route.RequestHeadersToAdd.Add(new Envoy.Config.Core.V3.HeaderValueOption
                {
                    Header = new Envoy.Config.Core.V3.HeaderValue { Key = header.Name.ToLowerInvariant(), Value = header.Value },
                    AppendAction = Envoy.Config.Core.V3.HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExistsOrAdd,
                });
            }

            host.Routes.Add(route);
            if (resources.Clusters.All(c => c.Name != cluster))
            {
                var probe = EnvoyProtos.SingleHostCluster(cluster, "127.0.0.1", prober.Port, dns: false);
                if (prober.Scheme == "HTTPS")
                {
                    // Like the kubelet: TLS without verifying the app's certificate.
                    probe.TransportSocket = EnvoyProtos.Tls(new UpstreamTlsContext());
                }

                resources.Clusters.Add(probe);
            }
        }

        resources.Listeners.Add(EnvoyProtos.HttpListener(BootstrapNames.AppHealthListener, "127.0.0.1", SidecarContract.AgentPort,
            new RouteConfiguration { Name = BootstrapNames.AppHealthListener, VirtualHosts = { host } }));
        return new Bootstrap { StaticResources = resources };
    }

    /// <summary>The value of Envoy's <c>--config-yaml</c> (JSON is YAML), on one line; null when the pod has no rewritten probe.</summary>
    public static string? ConfigYaml(IReadOnlyDictionary<string, AppProber> probers) =>
        probers.Count == 0 ? null : Compact.Format(Build(probers));

    private static readonly JsonFormatter Compact = new(JsonFormatter.Settings.Default
        .WithTypeRegistry(EnvoyJson.Registry)
        .WithPreserveProtoFieldNames(true));
}
