using Mesh.XdsServer.Contract;
using Mesh.XdsServer.Model;

namespace Mesh.XdsServer.Tests.Config;

/// <summary>Small mesh models for the config server's tests: namespace "shop" with reviews (app=reviews) and ratings (app=ratings), each its own policy.</summary>
internal static class ConfigModels
{
    public static MeshService Service(string name, string policy, int port = 9080, string ns = "shop") => new()
    {
        Name = name,
        Namespace = ns,
        ClusterIp = "10.96.0." + (name.Length + port % 7),
        Selector = new Dictionary<string, string> { ["app"] = name },
        Ports = [new ServicePort { Port = port, Protocol = ServiceProtocol.Http }],
        Endpoints = [new ServiceEndpoint { Address = "10.0.0." + name.Length, Zone = "a", Meshed = true }],
        Policy = policy,
        SourceField = "spec.services[0]",
    };

    public static Workload Pod(string name, string app, string ns = "shop", string sa = "default", string? policy = "reviews", string hash = "abc") => new()
    {
        Name = name,
        Namespace = ns,
        Ip = "10.0.1." + name.Length,
        Labels = new Dictionary<string, string> { ["app"] = app, ["pod-template-hash"] = hash },
        ServiceAccount = sa,
        Policy = policy,
    };

    public static string NodeId(Workload pod) => SidecarContract.NodeId(pod.Ip, pod.Name, pod.Namespace);

    public static MeshModel MeshModelOf(IReadOnlyList<Workload> workloads, long reviewsGeneration = 1, long ratingsGeneration = 7) => new()
    {
        Services = [Service("reviews", "reviews"), Service("ratings", "ratings", 8080)],
        Workloads = workloads,
        Policies =
        [
            new MeshPolicyRef { Namespace = "shop", Name = "reviews", Generation = reviewsGeneration },
            new MeshPolicyRef { Namespace = "shop", Name = "ratings", Generation = ratingsGeneration },
        ],
    };
}
