using Grpc.AspNetCore.Server;
using Mesh.XdsServer.Cache;
using Mesh.XdsServer.Metrics;
using Mesh.XdsServer.Server;
using Mesh.XdsServer.Status;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mesh.XdsServer.Hosting;

public static class XdsServerServiceCollectionExtensions
{
    /// <summary>
    /// Registers the ADS server: a singleton <see cref="SnapshotCache"/> to set snapshots on, a
    /// <see cref="ProxyStatusRegistry"/> (also as <see cref="IProxyStatusSource"/>) to read ACK/NACK state from, and gRPC.
    /// Registrations use TryAdd so that a host can replace a part (e.g. the TimeProvider).
    /// </summary>
    public static IServiceCollection AddXdsServer(this IServiceCollection services, Action<XdsServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddOptions<XdsServerOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        services.AddGrpc();
        services.AddOptions<GrpcServiceOptions<AdsService>>()
            .Configure<IOptions<XdsServerOptions>>((grpc, xds) => grpc.MaxReceiveMessageSize = xds.Value.MaxReceiveMessageSize);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IResourceValidator>(sp => new ProtoResourceValidator(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new SnapshotCache(sp.GetRequiredService<IResourceValidator>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ProxyStatusRegistry>();
        services.TryAddSingleton<IProxyStatusSource>(sp => sp.GetRequiredService<ProxyStatusRegistry>());
        services.TryAddSingleton<XdsMetrics>();
        services.TryAddSingleton<INodeResolver>(sp => new OptionsNodeResolver(sp.GetRequiredService<IOptions<XdsServerOptions>>().Value));
        services.TryAddSingleton(sp => new StreamServices(
            sp.GetRequiredService<SnapshotCache>(),
            sp.GetRequiredService<ProxyStatusRegistry>(),
            sp.GetRequiredService<IOptions<XdsServerOptions>>().Value,
            sp.GetRequiredService<XdsMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Mesh.XdsServer"),
            sp.GetRequiredService<INodeResolver>(),
            sp.GetService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None));
        return services;
    }
}
