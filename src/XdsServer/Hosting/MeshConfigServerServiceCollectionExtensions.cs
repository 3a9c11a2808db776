using Mesh.XdsServer.Cache;
using Mesh.XdsServer.Config;
using Mesh.XdsServer.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Mesh.XdsServer.Hosting;

public static class MeshConfigServerServiceCollectionExtensions
{
    /// <summary>
    /// Registers the ADS server (<see cref="XdsServerServiceCollectionExtensions.AddXdsServer"/>) driven by a
    /// <see cref="MeshConfigServer"/>: the host publishes mesh models to it and it decides each proxy's snapshot.
    /// Register an <see cref="INodeAuthorizer"/> first to check client identities (default: trust node ids).
    /// </summary>
    public static IServiceCollection AddMeshConfigServer(this IServiceCollection services, Action<XdsServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddXdsServer(configure);
        services.TryAddSingleton<INodeAuthorizer>(AllowAllNodes.Instance);
        services.TryAddSingleton(sp => new MeshConfigServer(
            sp.GetRequiredService<SnapshotCache>(),
            sp.GetRequiredService<ILogger<MeshConfigServer>>(),
            sp.GetRequiredService<INodeAuthorizer>()));
        // Replaces the options-based resolver: which node gets which snapshot is the config server's decision.
        services.Replace(ServiceDescriptor.Singleton<INodeResolver>(sp => sp.GetRequiredService<MeshConfigServer>()));
        return services;
    }
}
