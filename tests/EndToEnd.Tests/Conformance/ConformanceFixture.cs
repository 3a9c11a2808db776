using Mesh.EndToEnd.Tests.Mesh;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests.Conformance;

/// <summary>Local mode plus one node process (grpc-js-xds client and backends v1/v2) bootstrapped on our xDS port.</summary>
public sealed class ConformanceFixture : IAsyncLifetime
{
    private string? _bootstrap;
    private NodeMeshClient? _client;

    public LocalMeshFixture Mesh { get; } = new();

    internal NodeMeshClient Client => _client ?? throw new InvalidOperationException("The fixture has not started.");

    public int PortV1 { get; private set; }

    public int PortV2 { get; private set; }

    public async Task InitializeAsync()
    {
        await Mesh.InitializeAsync();
        // Not sidecar~...: the operator serves this node the proxyless snapshot.
        _bootstrap = GrpcXdsBootstrap.Write(Mesh.XdsAddress, $"e2e-conformance~{Guid.NewGuid():N}");
        _client = NodeMeshClient.Start(_bootstrap, TimeSpan.FromMinutes(5));
        var ports = (await _client.NextAsync("backends", TimeSpan.FromSeconds(60))).GetProperty("ports");
        PortV1 = ports.GetProperty("v1").GetInt32();
        PortV2 = ports.GetProperty("v2").GetInt32();
    }

    /// <summary>kubectl apply, which must succeed.</summary>
    public async Task ApplyAsync(string yaml)
    {
        var result = await Mesh.Kubectl.ApplyAsync(yaml);
        result.ExitCode.Should().Be(0, $"kubectl apply should succeed: {result}");
    }

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        if (_bootstrap is not null)
        {
            File.Delete(_bootstrap);
        }

        await Mesh.DisposeAsync();
    }
}
