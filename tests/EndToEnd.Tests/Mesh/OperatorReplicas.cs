using System.Net;
using k8s;
using Mesh.Operator.Hosting;
using Mesh.Operator.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.EndToEnd.Tests.Mesh;

/// <summary>Operator replicas in-process, as cluster mode composes them, for tests that run several on one API.</summary>
internal static class OperatorReplicas
{
    private const string ClusterType = "type.googleapis.com/envoy.config.cluster.v3.Cluster";

    /// <summary>A replica on free loopback ports (HTTP, plaintext xDS) electing its leader on the mesh-system Lease.</summary>
    public static WebApplication Build(KubernetesClientConfiguration kubernetes, string identity) => OperatorHost.Build(new OperatorHostOptions
    {
        Kubernetes = kubernetes,
        HttpEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
        XdsEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
        Manager = new ControllerManagerOptions { LeaderElection = new LeaderElectionOptions { LeaseNamespace = "mesh-system", Identity = identity } },
    });

    public static bool IsLeader(WebApplication app) => app.Services.GetRequiredService<ControllerManager>().IsLeader;

    /// <summary>The plaintext xDS address (the second one the host listens on).</summary>
    public static string XdsUrl(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Skip(1).First();

    /// <summary>The key of the replica's proxyless snapshot, built from now on as if a proxyless client had connected
    /// (it is built only for connected clients otherwise).</summary>
    public static string ProxylessKey(WebApplication app) =>
        app.Services.GetRequiredService<global::Mesh.XdsServer.Config.MeshConfigServer>().ServeProxyless(global::Mesh.XdsServer.Model.ProxyCapabilities.Full);

    /// <summary>Whether the replica's proxyless snapshot holds <paramref name="cluster"/>.</summary>
    public static bool ServesCluster(WebApplication app, string cluster) =>
        app.Services.GetRequiredService<global::Mesh.XdsServer.Cache.SnapshotCache>().TryGetSnapshot(ProxylessKey(app), out var snapshot)
        && snapshot.Get(ClusterType).Ordered.Any(r => r.Name == cluster);
}
