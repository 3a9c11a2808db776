using Mesh.XdsServer.Cache;
using Mesh.XdsServer.Hosting;
using Mesh.XdsServer.Metrics;
using Mesh.XdsServer.Status;
using Microsoft.Extensions.Logging;

namespace Mesh.XdsServer.Server;

/// <summary>
/// The singletons every stream uses. <paramref name="Stopping"/> fires when the host begins to shut down: every stream then
/// ends at once with UNAVAILABLE, so its proxy reconnects to another replica instead of waiting for the shutdown timeout.
/// </summary>
internal sealed record StreamServices(
    SnapshotCache Cache,
    ProxyStatusRegistry Registry,
    XdsServerOptions Options,
    XdsMetrics Metrics,
    TimeProvider TimeProvider,
    ILogger Logger,
    INodeResolver Resolver,
    CancellationToken Stopping = default)
{
    /// <summary>The bound on large writes shared by every stream of this server.</summary>
    public SendGate SendGate { get; init; } = new(Options.MaxConcurrentLargeSends, Options.LargeSendBytes, Options.LargeSendTimeout, TimeProvider);
}
