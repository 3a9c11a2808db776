using Mesh.XdsServer.Cache;
using Mesh.XdsServer.Hosting;
using Mesh.XdsServer.Metrics;
using Mesh.XdsServer.Status;
using Microsoft.Extensions.Logging;

namespace Mesh.XdsServer.Server;

/// <summary>The singletons every stream uses.</summary>
internal sealed record StreamServices(
    SnapshotCache Cache,
    ProxyStatusRegistry Registry,
    XdsServerOptions Options,
    XdsMetrics Metrics,
    TimeProvider TimeProvider,
    ILogger Logger,
    INodeResolver Resolver);
