using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Tests.Support;
using Prometheus;

namespace Mesh.XdsServer.Tests.Protocol;

public sealed class MetricsTests
{
    [Fact]
    public async Task Pushes_bytes_nacks_and_convergence_are_counted_per_type()
    {
        // The default registry is process-wide and tests run in parallel: assert growth, not absolute values.
        var before = await ScrapeAsync();
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("metrics", Snapshot.Create([TestResources.StaticCluster("a")]));
        await using var envoy = new FakeEnvoy(server.NewClient(), "metrics");
        await envoy.SubscribeAsync(TypeUrls.Cluster);
        await envoy.ReceiveAndAckAsync();
        server.Cache.SetSnapshot("metrics", Snapshot.Create([TestResources.StaticCluster("b")]));
        await envoy.ReceiveAndAckAsync();
        await server.WaitForStatusAsync("metrics", s => s.Synced);
        server.Cache.SetSnapshot("metrics", Snapshot.Create([TestResources.StaticCluster("c")]));
        var rejected = await envoy.ReceiveAsync();
        await envoy.NackAsync(rejected, "", "no");
        await server.WaitForStatusAsync("metrics", s => s.LastError is not null);

        var after = await ScrapeAsync();

        Value(after, "mesh_xds_pushes_total{type=\"CDS\"}").Should().BeGreaterThanOrEqualTo(Value(before, "mesh_xds_pushes_total{type=\"CDS\"}") + 3);
        Value(after, "mesh_xds_sent_bytes_total{type=\"CDS\"}").Should().BeGreaterThan(Value(before, "mesh_xds_sent_bytes_total{type=\"CDS\"}"));
        Value(after, "mesh_xds_nacks_total{type=\"CDS\"}").Should().BeGreaterThanOrEqualTo(Value(before, "mesh_xds_nacks_total{type=\"CDS\"}") + 1);
        Value(after, "mesh_xds_convergence_seconds_count{type=\"CDS\"}").Should().BeGreaterThanOrEqualTo(Value(before, "mesh_xds_convergence_seconds_count{type=\"CDS\"}") + 1);
        Value(after, "mesh_xds_push_duration_seconds_count{type=\"CDS\"}").Should().BeGreaterThanOrEqualTo(3);
        Value(after, "mesh_xds_connected_proxies{api=\"sotw\"}").Should().BeGreaterThanOrEqualTo(1);
    }

    private static async Task<string> ScrapeAsync()
    {
        using var stream = new MemoryStream();
        await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static double Value(string exposition, string series)
    {
        var line = exposition.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
