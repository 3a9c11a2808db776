using System.Net;
using System.Text.Json;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Tests.Support;

namespace Mesh.XdsServer.Tests.Debug;

public sealed class DebugEndpointTests
{
    [Fact]
    public async Task The_proxies_endpoint_lists_each_type_as_synced_or_nacked_with_the_last_error()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create(TestResources.Service("svc", 1), new Dictionary<string, string> { ["g"] = "2" }));
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Cluster);
        await envoy.ReceiveAndAckAsync();
        await envoy.SubscribeAsync(TypeUrls.Listener);
        var listeners = await envoy.ReceiveAsync();
        await envoy.NackAsync(listeners, "", "listener svc: no");
        await server.WaitForStatusAsync("p", s => s.LastError is not null);
        await envoy.SubscribeAsync(TypeUrls.Route, "svc");
        await server.WaitForStatusAsync("p", s => s.Types.Count == 3);
        using var http = server.NewHttpClient();

        using var json = JsonDocument.Parse(await http.GetStringAsync("/debug/xds/proxies"));

        var proxy = json.RootElement.GetProperty("proxies").EnumerateArray().Single();
        proxy.GetProperty("nodeId").GetString().Should().Be("p");
        proxy.GetProperty("api").GetString().Should().Be("sotw");
        proxy.GetProperty("synced").GetBoolean().Should().BeFalse();
        proxy.GetProperty("labels").GetProperty("g").GetString().Should().Be("2");
        proxy.GetProperty("lastError").GetString().Should().Be("listener svc: no");
        var types = proxy.GetProperty("types");
        types.GetProperty("CDS").GetProperty("state").GetString().Should().Be("SYNCED");
        types.GetProperty("LDS").GetProperty("state").GetString().Should().Be("NACKED");
        types.GetProperty("LDS").GetProperty("lastNack").GetProperty("error").GetString().Should().Be("listener svc: no");
        types.GetProperty("LDS").GetProperty("lastNack").GetProperty("rejectedResources").EnumerateArray().Select(e => e.GetString())
            .Should().Equal(["svc"], "the error names the listener it rejects");
        types.GetProperty("RDS").GetProperty("state").GetString().Should().BeOneOf("STALE", "SYNCED");
    }

    [Fact]
    public async Task A_subscribed_type_with_no_snapshot_shows_as_not_sent()
    {
        await using var server = await XdsTestServer.StartAsync();
        await using var envoy = new FakeEnvoy(server.NewClient(), "lonely");
        await envoy.SubscribeAsync(TypeUrls.Cluster);
        await server.WaitForStatusAsync("lonely", _ => true);
        using var http = server.NewHttpClient();

        using var json = JsonDocument.Parse(await http.GetStringAsync("/debug/xds/proxies"));

        json.RootElement.GetProperty("proxies")[0].GetProperty("types").GetProperty("CDS").GetProperty("state").GetString()
            .Should().Be("NOT SENT");
    }

    [Fact]
    public async Task The_config_endpoint_dumps_what_the_proxy_acked_in_config_dump_shape_with_secrets_redacted()
    {
        await using var server = await XdsTestServer.StartAsync();
        var secret = new Secret
        {
            Name = "cert",
            TlsCertificate = new TlsCertificate
            {
                CertificateChain = new Envoy.Config.Core.V3.DataSource { InlineString = "-----BEGIN CERTIFICATE-----" },
                PrivateKey = new Envoy.Config.Core.V3.DataSource { InlineString = "TOP-SECRET-KEY" },
            },
        };
        server.Cache.SetSnapshot("p", Snapshot.Create([.. TestResources.Service("svc", 1), secret]));
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Listener);
        var lds = await envoy.ReceiveAndAckAsync();
        await envoy.SubscribeAsync(TypeUrls.Secret);
        await envoy.ReceiveAndAckAsync();
        await server.WaitForStatusAsync("p", s => s.Synced && s.Types.Count == 2);
        using var http = server.NewHttpClient();

        var body = await http.GetStringAsync("/debug/xds/config/p");
        using var json = JsonDocument.Parse(body);

        body.Should().NotContain("TOP-SECRET-KEY");
        var configs = json.RootElement.GetProperty("configs").EnumerateArray().ToList();
        configs.Select(c => c.GetProperty("@type").GetString()).Should().Equal(
            "type.googleapis.com/envoy.admin.v3.ListenersConfigDump", "type.googleapis.com/envoy.admin.v3.SecretsConfigDump");
        var listener = configs[0].GetProperty("dynamic_listeners")[0];
        configs[0].GetProperty("version_info").GetString().Should().Be(lds.VersionInfo);
        listener.GetProperty("listener").GetProperty("name").GetString().Should().Be("svc");
        listener.GetProperty("listener").GetProperty("apiListener").GetProperty("apiListener").GetProperty("@type").GetString()
            .Should().EndWith("HttpConnectionManager", "typed_config is printed through the type registry");
        configs[1].GetProperty("dynamic_active_secrets")[0].GetProperty("secret").GetProperty("tlsCertificate")
            .GetProperty("privateKey").GetProperty("inlineString").GetString().Should().Be("[redacted]");
    }

    [Fact]
    public async Task The_config_endpoint_answers_404_for_a_node_that_is_not_connected()
    {
        await using var server = await XdsTestServer.StartAsync();
        using var http = server.NewHttpClient();

        var response = await http.GetAsync("/debug/xds/config/nobody");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Contain("nobody");
    }
}
