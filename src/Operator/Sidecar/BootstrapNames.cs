namespace Mesh.Operator.Sidecar;

/// <summary>Names inside the bootstrap (static clusters and listeners); Istio's where users know them.</summary>
internal static class BootstrapNames
{
    /// <summary>The static cluster reaching the xDS server (Istio's name).</summary>
    public const string XdsCluster = "xds-grpc";

    /// <summary>The static cluster reaching Envoy's own admin on 127.0.0.1 (readiness and Prometheus go through it).</summary>
    public const string AdminCluster = "mesh-admin";

    /// <summary>The static cluster reaching the per-pod app-health listener on 127.0.0.1 (see <see cref="AppHealthConfig"/>).</summary>
    public const string AppHealthCluster = "mesh-app-health";

    /// <summary>The listener kubelet probes (readiness and rewritten app probes).</summary>
    public const string HealthListener = "mesh-health";

    /// <summary>The Prometheus scrape listener.</summary>
    public const string StatsListener = "mesh-prometheus";

    /// <summary>The per-pod listener (from --config-yaml) that forwards rewritten probes to the app.</summary>
    public const string AppHealthListener = "mesh-app-health";

    /// <summary>The cluster of one probed app port: <c>mesh-app-probe|&lt;port&gt;|&lt;scheme&gt;</c>.</summary>
    public static string AppProbeCluster(int port, string scheme) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"mesh-app-probe|{port}|{scheme.ToLowerInvariant()}");

    /// <summary>Envoy's admin path that answers 200 once the server is LIVE (initial xDS fetched, listeners warmed).</summary>
    public const string AdminReadyPath = "/ready";

    /// <summary>Envoy's admin path of the Prometheus exposition, served unchanged on the stats port.</summary>
    public const string PrometheusPath = "/stats/prometheus";
}
