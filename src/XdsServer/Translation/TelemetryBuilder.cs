using Envoy.Config.Accesslog.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Trace.V3;
using Envoy.Extensions.AccessLoggers.Stream.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Type.V3;
using Google.Protobuf.WellKnownTypes;
using Mesh.XdsServer.Model;
using static Mesh.XdsServer.Translation.ProtoHelpers;
using TcpProxyConfig = Envoy.Extensions.Filters.Network.TcpProxy.V3.TcpProxy;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// Sidecar telemetry from spec.observability: access logs on every HCM and tcp_proxy (the stdout stream logger, JSON
/// or text, with Istio's fields as far as stock Envoy knows them: response flags, upstream cluster, the peer's SPIFFE
/// id, duration, and the RBAC audit rule that matched) and Zipkin tracing on every HCM, spans sent to a
/// LOGICAL_DNS collector cluster. Proxyless gRPC takes neither (the planner says so in the policy status).
/// </summary>
internal static class TelemetryBuilder
{
    public const string StdoutAccessLogger = "envoy.access_loggers.stdout";
    public const string ZipkinTracer = "envoy.tracers.zipkin";

    /// <summary>The Zipkin v2 JSON span endpoint.</summary>
    public const string ZipkinSpansPath = "/api/v2/spans";

    private static readonly (string Key, string Command)[] HttpFields =
    [
        ("start_time", "%START_TIME%"),
        ("method", "%REQ(:METHOD)%"),
        ("path", "%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%"),
        ("protocol", "%PROTOCOL%"),
        ("response_code", "%RESPONSE_CODE%"),
        ("response_flags", "%RESPONSE_FLAGS%"),
        ("response_code_details", "%RESPONSE_CODE_DETAILS%"),
        ("bytes_received", "%BYTES_RECEIVED%"),
        ("bytes_sent", "%BYTES_SENT%"),
        ("duration", "%DURATION%"),
        ("upstream_service_time", "%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%"),
        ("x_forwarded_for", "%REQ(X-FORWARDED-FOR)%"),
        ("user_agent", "%REQ(USER-AGENT)%"),
        ("request_id", "%REQ(X-REQUEST-ID)%"),
        ("authority", "%REQ(:AUTHORITY)%"),
        ("upstream_host", "%UPSTREAM_HOST%"),
        ("upstream_cluster", "%UPSTREAM_CLUSTER%"),
        ("upstream_transport_failure_reason", "%UPSTREAM_TRANSPORT_FAILURE_REASON%"),
        ("downstream_local_address", "%DOWNSTREAM_LOCAL_ADDRESS%"),
        ("downstream_remote_address", "%DOWNSTREAM_REMOTE_ADDRESS%"),
        ("downstream_peer_uri_san", "%DOWNSTREAM_PEER_URI_SAN%"),
        ("route_name", "%ROUTE_NAME%"),
        ("audit_policy", $"%DYNAMIC_METADATA(envoy.filters.http.rbac:{RbacFilterBuilder.AuditPrefix}shadow_effective_policy_id)%"),
    ];

    private static readonly (string Key, string Command)[] TcpFields =
    [
        ("start_time", "%START_TIME%"),
        ("response_flags", "%RESPONSE_FLAGS%"),
        ("bytes_received", "%BYTES_RECEIVED%"),
        ("bytes_sent", "%BYTES_SENT%"),
        ("duration", "%DURATION%"),
        ("upstream_host", "%UPSTREAM_HOST%"),
        ("upstream_cluster", "%UPSTREAM_CLUSTER%"),
        ("upstream_transport_failure_reason", "%UPSTREAM_TRANSPORT_FAILURE_REASON%"),
        ("downstream_local_address", "%DOWNSTREAM_LOCAL_ADDRESS%"),
        ("downstream_remote_address", "%DOWNSTREAM_REMOTE_ADDRESS%"),
        ("downstream_peer_uri_san", "%DOWNSTREAM_PEER_URI_SAN%"),
        ("requested_server_name", "%REQUESTED_SERVER_NAME%"),
        ("connection_termination_details", "%CONNECTION_TERMINATION_DETAILS%"),
    ];

    /// <summary>Identifies the telemetry settings in translation cache keys of listeners that carry them.</summary>
    public static string Key(ObservabilityPolicy policy) =>
        $"log={policy.AccessLog?.ToString() ?? "off"};trace={(policy.Tracing is { } t ? $"{t.Host}:{t.Port}@{t.SamplingPercent}" : "off")}";

    /// <summary>
    /// A sidecar listener with telemetry: every HCM and tcp_proxy in its chains gets the access log (and HCMs the
    /// tracer). Builds on a fresh listener from <paramref name="build"/>: cached listeners are never mutated.
    /// </summary>
    public static Listener Apply(Listener listener, ObservabilityPolicy policy)
    {
        if (policy.AccessLog is null && policy.Tracing is null)
        {
            return listener;
        }
        foreach (var chain in listener.FilterChains.Append(listener.DefaultFilterChain).Where(c => c is not null))
        {
            foreach (var filter in chain.Filters)
            {
                if (filter.TypedConfig.Is(HttpConnectionManager.Descriptor))
                {
                    filter.TypedConfig = Pack(Apply(filter.TypedConfig.Unpack<HttpConnectionManager>(), policy));
                }
                else if (filter.TypedConfig.Is(TcpProxyConfig.Descriptor))
                {
                    filter.TypedConfig = Pack(Apply(filter.TypedConfig.Unpack<TcpProxyConfig>(), policy));
                }
            }
        }
        return listener;
    }

    /// <summary>Adds access logging and tracing to a sidecar HCM.</summary>
    public static HttpConnectionManager Apply(HttpConnectionManager hcm, ObservabilityPolicy policy)
    {
        if (policy.AccessLog is { } format)
        {
            hcm.AccessLog.Add(AccessLog(format, HttpFields));
        }
        if (policy.Tracing is { } tracing)
        {
            hcm.Tracing = new HttpConnectionManager.Types.Tracing
            {
                RandomSampling = new Percent { Value = Math.Clamp(tracing.SamplingPercent, 0, 100) },
                Provider = new Envoy.Config.Trace.V3.Tracing.Types.Http
                {
                    Name = ZipkinTracer,
                    TypedConfig = Pack(new ZipkinConfig
                    {
                        CollectorCluster = CollectorCluster(tracing),
                        CollectorEndpoint = ZipkinSpansPath,
                        CollectorEndpointVersion = ZipkinConfig.Types.CollectorEndpointVersion.HttpJson,
                        CollectorHostname = tracing.Host,
                        TraceId128Bit = true,
                        SharedSpanContext = false,
                    }),
                },
            };
        }
        return hcm;
    }

    /// <summary>Adds access logging to a sidecar tcp_proxy.</summary>
    public static TcpProxyConfig Apply(TcpProxyConfig proxy, ObservabilityPolicy policy)
    {
        if (policy.AccessLog is { } format)
        {
            proxy.AccessLog.Add(AccessLog(format, TcpFields));
        }
        return proxy;
    }

    /// <summary>The collector's cluster: <c>tracing|&lt;host&gt;:&lt;port&gt;</c>.</summary>
    public static string CollectorCluster(TracingPolicy tracing) => $"tracing|{tracing.Host}:{tracing.Port}";

    private static AccessLog AccessLog(AccessLogFormat format, (string Key, string Command)[] fields)
    {
        var logFormat = new SubstitutionFormatString();
        if (format == AccessLogFormat.Json)
        {
            var json = new Struct();
            foreach (var (key, command) in fields)
            {
                json.Fields[key] = Value.ForString(command);
            }
            logFormat.JsonFormat = json;
        }
        else
        {
            var line = string.Join(' ', fields.Select(f => f.Key is "start_time" ? $"[{f.Command}]" : f.Command.Contains("REQ(", StringComparison.Ordinal) ? $"\"{f.Command}\"" : f.Command));
            logFormat.TextFormatSource = new DataSource { InlineString = line + "\n" };
        }
        return new AccessLog { Name = StdoutAccessLogger, TypedConfig = Pack(new StdoutAccessLog { LogFormat = logFormat }) };
    }
}
