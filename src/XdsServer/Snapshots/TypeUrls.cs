namespace Mesh.XdsServer.Snapshots;

/// <summary>The xDS resource type URLs this server serves, and the order it pushes them in.</summary>
public static class TypeUrls
{
    public const string Cluster = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
    public const string Endpoint = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";
    public const string Listener = "type.googleapis.com/envoy.config.listener.v3.Listener";
    public const string Route = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";
    public const string Secret = "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret";

    /// <summary>
    /// Make-before-break push order: a cluster exists before its endpoints, both before a listener or route that names them
    /// (Istio's PushOrder in pilot/pkg/xds/ads.go uses the same order, secrets last).
    /// </summary>
    public static IReadOnlyList<string> PushOrder { get; } = [Cluster, Endpoint, Listener, Route, Secret];

    /// <summary>True for the types where a state-of-the-world response must hold every subscribed resource.</summary>
    public static bool RequiresFullStateInSotw(string typeUrl) => typeUrl is Cluster or Listener;

    public static bool IsKnown(string typeUrl) => OrderOf(typeUrl) >= 0;

    /// <summary>Position in <see cref="PushOrder"/>, or -1 for a type this server does not serve.</summary>
    public static int OrderOf(string typeUrl) => typeUrl switch
    {
        Cluster => 0,
        Endpoint => 1,
        Listener => 2,
        Route => 3,
        Secret => 4,
        _ => -1,
    };

    /// <summary>A short name for logs, metrics labels and the debug endpoint.</summary>
    public static string ShortName(string typeUrl) => typeUrl switch
    {
        Cluster => "CDS",
        Endpoint => "EDS",
        Listener => "LDS",
        Route => "RDS",
        Secret => "SDS",
        _ => "unknown",
    };
}
