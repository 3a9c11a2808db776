using Mesh.XdsServer.Model;

namespace Mesh.Benchmarks.Translation;

/// <summary>A synthetic mesh: <c>services</c> HTTP services over 10 namespaces, each with 10 endpoints in 3 zones,
/// two subsets, a header route and a weighted default route with retries and a timeout.</summary>
internal static class LargeMeshModel
{
    public static MeshModel Build(int services, int endpointsPerService, string version) => new()
    {
        Version = version,
        Services = Enumerable.Range(0, services).Select(i => Service(i, endpointsPerService)).ToArray(),
    };

    private static MeshService Service(int i, int endpoints) => new()
    {
        Name = $"svc-{i}",
        Namespace = $"ns-{i % 10}",
        ClusterIp = $"10.96.{i / 250}.{i % 250}",
        Selector = new Dictionary<string, string> { ["app"] = $"svc-{i}" },
        SourceField = $"spec.services[{i / 10}]",
        Ports = [new ServicePort { Port = 8080, Protocol = i % 4 == 0 ? ServiceProtocol.Grpc : ServiceProtocol.Http }],
        Subsets =
        [
            new ServiceSubset { Name = "v1", Labels = new Dictionary<string, string> { ["version"] = "v1" } },
            new ServiceSubset { Name = "v2", Labels = new Dictionary<string, string> { ["version"] = "v2" } },
        ],
        Endpoints = Enumerable.Range(0, endpoints).Select(e => new ServiceEndpoint
        {
            Address = $"10.{i / 250}.{i % 250}.{e + 1}",
            Region = "r1",
            Zone = $"z{e % 3}",
            Labels = new Dictionary<string, string> { ["app"] = $"svc-{i}", ["version"] = e % 2 == 0 ? "v1" : "v2" },
        }).ToArray(),
        Routes =
        [
            new MeshRoute
            {
                Name = "testers",
                Match = new RouteMatch { Headers = [new HeaderMatch { Name = "x-user-group", Exact = "testers" }] },
                Backends = [new RouteBackend { Subset = "v2" }],
            },
            new MeshRoute
            {
                Name = "default",
                Backends = [new RouteBackend { Subset = "v1", Weight = 90 }, new RouteBackend { Subset = "v2", Weight = 10 }],
                Timeout = TimeSpan.FromSeconds(2),
                Retries = new RetryPolicy { Attempts = 3, PerTryTimeout = TimeSpan.FromMilliseconds(500) },
            },
        ],
        LoadBalancing = new LoadBalancingPolicy { LocalityFailover = true },
        OutlierDetection = new OutlierDetectionPolicy(),
    };
}
