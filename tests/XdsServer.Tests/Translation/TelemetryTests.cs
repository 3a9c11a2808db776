using Envoy.Config.Trace.V3;
using Envoy.Extensions.AccessLoggers.Stream.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Extensions.Filters.Network.TcpProxy.V3;
using Mesh.XdsServer.Translation;

namespace Mesh.XdsServer.Tests.Translation;

public sealed class TelemetryTests
{
    private static TranslatedResources Translate(string name)
    {
        var @case = GoldenCase.All().Single(c => c.Name == name);
        return MeshTranslator.TranslateOnce(@case.Model, @case.Scope);
    }

    private static IEnumerable<Envoy.Config.Listener.V3.Filter> Filters(TranslatedResources result) =>
        result.Listeners.SelectMany(l => l.FilterChains.Append(l.DefaultFilterChain)).Where(c => c is not null).SelectMany(c => c.Filters);

    [Fact]
    public void Every_http_manager_and_tcp_proxy_of_the_namespace_writes_json_access_logs_to_stdout()
    {
        var filters = Filters(Translate("sidecar-telemetry")).ToList();
        var managers = filters.Where(f => f.TypedConfig.Is(HttpConnectionManager.Descriptor)).Select(f => f.TypedConfig.Unpack<HttpConnectionManager>()).ToList();
        var proxies = filters.Where(f => f.TypedConfig.Is(TcpProxy.Descriptor)).Select(f => f.TypedConfig.Unpack<TcpProxy>()).ToList();
        managers.Should().NotBeEmpty();
        proxies.Should().NotBeEmpty();
        foreach (var log in managers.SelectMany(m => m.AccessLog).Concat(proxies.SelectMany(p => p.AccessLog)))
        {
            log.Name.Should().Be(TelemetryBuilder.StdoutAccessLogger);
            log.TypedConfig.Unpack<StdoutAccessLog>().LogFormat.JsonFormat.Fields.Should().ContainKeys("response_flags", "upstream_cluster", "downstream_peer_uri_san", "duration");
        }
        managers.Should().OnlyContain(m => m.AccessLog.Count == 1);
        proxies.Should().OnlyContain(p => p.AccessLog.Count == 1);
    }

    [Fact]
    public void Every_http_manager_traces_to_the_zipkin_collector_cluster_at_the_sampling_rate()
    {
        var result = Translate("sidecar-telemetry");
        const string collector = "tracing|zipkin.observability:9411";
        result.Clusters.Should().Contain(c => c.Name == collector);
        var managers = Filters(result).Where(f => f.TypedConfig.Is(HttpConnectionManager.Descriptor)).Select(f => f.TypedConfig.Unpack<HttpConnectionManager>()).ToList();
        foreach (var hcm in managers)
        {
            hcm.Tracing.RandomSampling.Value.Should().Be(2.5);
            var zipkin = hcm.Tracing.Provider.TypedConfig.Unpack<ZipkinConfig>();
            zipkin.CollectorCluster.Should().Be(collector);
            zipkin.CollectorEndpoint.Should().Be("/api/v2/spans");
            zipkin.CollectorEndpointVersion.Should().Be(ZipkinConfig.Types.CollectorEndpointVersion.HttpJson);
        }
    }

    [Fact]
    public void Text_format_writes_one_line_and_a_namespace_without_telemetry_gets_none()
    {
        var text = Filters(Translate("sidecar-telemetry-text"))
            .Where(f => f.TypedConfig.Is(HttpConnectionManager.Descriptor)).Select(f => f.TypedConfig.Unpack<HttpConnectionManager>())
            .SelectMany(m => m.AccessLog).First().TypedConfig.Unpack<StdoutAccessLog>().LogFormat.TextFormatSource.InlineString;
        text.Should().Contain("%RESPONSE_FLAGS%").And.EndWith("\n");
        var plain = Filters(Translate("sidecar-subsets-and-routes")).Where(f => f.TypedConfig.Is(HttpConnectionManager.Descriptor))
            .Select(f => f.TypedConfig.Unpack<HttpConnectionManager>()).ToList();
        plain.Should().OnlyContain(m => m.AccessLog.Count == 0 && m.Tracing == null);
    }
}
