using Mesh.XdsServer.Contract;
using Mesh.XdsServer.Model;

namespace Mesh.XdsServer.Translation;

/// <summary>Resource and filter names, following Istio's so that users and tools recognise them.</summary>
public static class XdsNames
{
    public const string PassthroughCluster = "PassthroughCluster";
    public const string BlackHoleCluster = "BlackHoleCluster";
    public const string InboundPassthroughCluster = "InboundPassthroughCluster";
    public const string VirtualOutbound = "virtualOutbound";
    public const string VirtualInbound = "virtualInbound";
    public const int OutboundCapturePort = SidecarContract.OutboundCapturePort;
    public const int InboundCapturePort = SidecarContract.InboundCapturePort;

    public const string FaultFilter = "envoy.filters.http.fault";
    public const string RouterFilter = "envoy.filters.http.router";
    /// <summary>The HTTP RBAC filters of inbound HCMs (one per action: names must be unique in an HCM).</summary>
    public const string RbacDenyFilter = "envoy.filters.http.rbac.deny";
    public const string RbacAllowFilter = "envoy.filters.http.rbac.allow";
    public const string RbacAuditFilter = "envoy.filters.http.rbac.audit";
    public const string NetworkRbacDenyFilter = "envoy.filters.network.rbac.deny";
    public const string NetworkRbacAllowFilter = "envoy.filters.network.rbac.allow";
    public const string NetworkRbacAuditFilter = "envoy.filters.network.rbac.audit";
    public const string LocalRateLimitFilter = "envoy.filters.http.local_ratelimit";
    public const string HttpConnectionManagerFilter = "envoy.filters.network.http_connection_manager";
    public const string TcpProxyFilter = "envoy.filters.network.tcp_proxy";
    public const string OriginalDstListenerFilter = "envoy.filters.listener.original_dst";
    public const string TlsInspectorListenerFilter = "envoy.filters.listener.tls_inspector";
    public const string HttpProtocolOptionsKey = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";
    public const string TlsTransportSocket = "envoy.transport_sockets.tls";

    /// <summary><c>outbound|&lt;port&gt;|&lt;subset&gt;|&lt;host&gt;</c> (subset empty for the whole service).</summary>
    public static string OutboundCluster(int port, string? subset, string host) => $"outbound|{port}|{subset}|{host}";

    /// <summary><c>inbound|&lt;targetPort&gt;||</c>.</summary>
    public static string InboundCluster(int targetPort) => $"inbound|{targetPort}||";

    /// <summary>A sidecar's outbound HTTP route configuration for one port: <c>"&lt;port&gt;"</c>.</summary>
    public static string SidecarRouteConfig(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The proxyless API listener (and its route configuration): <c>&lt;host&gt;:&lt;port&gt;</c>, so that
    /// <c>xds:///&lt;host&gt;:&lt;port&gt;</c> resolves.</summary>
    public static string ApiListener(MeshService service, int port) => $"{service.Host}:{port}";

    /// <inheritdoc cref="SidecarContract.ProxylessServerListenerTemplate"/>
    public const string ProxylessServerListenerTemplate = SidecarContract.ProxylessServerListenerTemplate;

    /// <summary>The server listener of a proxyless gRPC server bound to <paramref name="host"/>:<paramref name="port"/>
    /// (IPv6 hosts in brackets, as grpc-js formats them).</summary>
    public static string ProxylessServerListener(string host, int port) =>
        ProxylessServerListenerTemplate.Replace("%s", $"{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}", StringComparison.Ordinal);

    /// <summary>A virtual host of one service port.</summary>
    public static string VirtualHost(MeshService service, int port) => $"{service.Host}:{port}";

    /// <summary>The sidecar outbound HTTP listener of a port: <c>0.0.0.0_&lt;port&gt;</c>.</summary>
    public static string OutboundHttpListener(int port) => $"0.0.0.0_{port}";

    /// <summary>The sidecar outbound TCP listener of a service port: <c>&lt;ip&gt;_&lt;port&gt;</c>.</summary>
    public static string OutboundTcpListener(string address, int port) => $"{address}_{port}";
}
