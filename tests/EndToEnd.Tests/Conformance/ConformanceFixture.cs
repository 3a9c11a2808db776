using System.Text.Json;
using Mesh.EndToEnd.Tests.Mesh;

namespace Mesh.EndToEnd.Tests.Conformance;

/// <summary>Local mode plus one node process (grpc-js-xds client and backends v1/v2) bootstrapped on our xDS port.</summary>
public sealed class ConformanceFixture : IAsyncLifetime
{
    private readonly string _bootstrap = Path.Combine(Path.GetTempPath(), $"mesh-e2e-bootstrap-{Guid.NewGuid():N}.json");
    private NodeMeshClient? _client;

    public LocalMeshFixture Mesh { get; } = new();

    internal NodeMeshClient Client => _client ?? throw new InvalidOperationException("The fixture has not started.");

    public int PortV1 { get; private set; }

    public int PortV2 { get; private set; }

    public async Task InitializeAsync()
    {
        await Mesh.InitializeAsync();
        var bootstrap = new
        {
            xds_servers = new[] { new { server_uri = Mesh.XdsAddress, channel_creds = new[] { new { type = "insecure" } }, server_features = Array.Empty<string>() } },
            // Not sidecar~...: the operator serves this node the proxyless snapshot. locality is required by grpc-js-xds.
            node = new { id = $"e2e-conformance~{Guid.NewGuid():N}", locality = new { } },
        };
        await File.WriteAllTextAsync(_bootstrap, JsonSerializer.Serialize(bootstrap));
        _client = NodeMeshClient.Start(_bootstrap, TimeSpan.FromMinutes(5));
        var ports = (await _client.NextAsync("backends", TimeSpan.FromSeconds(60))).GetProperty("ports");
        PortV1 = ports.GetProperty("v1").GetInt32();
        PortV2 = ports.GetProperty("v2").GetInt32();
    }

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        File.Delete(_bootstrap);
        await Mesh.DisposeAsync();
    }
}
