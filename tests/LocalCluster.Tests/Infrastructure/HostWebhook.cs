using DotNet.Testcontainers.Configurations;

namespace Mesh.LocalCluster.Tests.Infrastructure;

/// <summary>
/// One webhook server on the test host, shared by every contract target in the process, and the base URL each target's
/// API server reaches it by. A k3s container cannot reach 127.0.0.1 of the host: Testcontainers forwards one host port
/// into every container created afterwards as <c>host.testcontainers.internal</c>, and allows that registration once per
/// process, hence one shared server with a handler per path.
/// </summary>
public static class HostWebhook
{
    /// <summary>The name containers reach the host by once a port is exposed.</summary>
    public const string ContainerHostName = "host.testcontainers.internal";

    private static readonly Lazy<Task<TestWebhookServer>> Server =
        new(() => TestWebhookServer.StartAsync("127.0.0.1", ContainerHostName));

    private static readonly Lazy<Task> Exposed = new(async () =>
    {
        var server = await Server.Value;
        await TestcontainersSettings.ExposeHostPortsAsync((ushort)server.Address.Port);
    });

    /// <summary>The shared server, started on first use (127.0.0.1, free port).</summary>
    public static Task<TestWebhookServer> ServerAsync() => Server.Value;

    /// <summary>Makes the server reachable from containers created after this call returns.</summary>
    public static Task ExposeToContainersAsync() => Exposed.Value;

    /// <summary>A unique path on the shared server, so tests running in parallel never answer each other's reviews.</summary>
    public static string UniquePath(string prefix) => "/" + ClusterTargetExtensions.Unique(prefix);
}
