using BenchmarkDotNet.Attributes;
using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.Planning;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Translation;

namespace Mesh.Benchmarks.Planning;

/// <summary>
/// One reconcile's pure work for a big namespace: plan a MeshPolicy of 1,000 services x 10 endpoints (pods with
/// v1/v2 labels, one EndpointSlice per service), then translate the model for one proxyless client.
/// The CRD caps a policy at 128 services; the planner does not, so this measures it well past that cap.
/// </summary>
[MemoryDiagnoser]
public class PlannerBenchmarks
{
    private const int Services = 1000;
    private const int Endpoints = 10;
    private MeshPolicy _policy = null!;
    private NamespaceState _state = null!;

    [GlobalSetup]
    public void Setup()
    {
        _policy = new MeshPolicy
        {
            Metadata = new V1ObjectMeta { Name = "big", NamespaceProperty = "big", Generation = 1, CreationTimestamp = DateTime.UnixEpoch },
            Spec = new MeshPolicySpec
            {
                Services = Enumerable.Range(0, Services).Select(i => new ServicePolicy
                {
                    Name = $"svc-{i}",
                    Ports = [new ServicePortPolicy { Port = 8080, Protocol = AppProtocol.HTTP }],
                    Subsets =
                    [
                        new Subset { Name = "v1", Labels = new Dictionary<string, string> { ["version"] = "v1" } },
                        new Subset { Name = "v2", Labels = new Dictionary<string, string> { ["version"] = "v2" } },
                    ],
                    Routes =
                    [
                        new RouteRule
                        {
                            Name = "testers",
                            Match = new Operator.Entities.RouteMatch { Headers = [new Operator.Entities.HeaderMatch { Name = "x-user-group", Exact = "testers" }] },
                            Backends = [new Operator.Entities.RouteBackend { Subset = "v2" }],
                        },
                        new RouteRule
                        {
                            Name = "default",
                            Backends = [new Operator.Entities.RouteBackend { Subset = "v1", Weight = 90 }, new Operator.Entities.RouteBackend { Subset = "v2", Weight = 10 }],
                            Timeout = "2s",
                            Retries = new Operator.Entities.RetryPolicy { Attempts = 3, PerTryTimeout = "500ms" },
                        },
                    ],
                }).ToList(),
            },
        };
        var pods = new List<V1Pod>();
        var slices = new List<V1EndpointSlice>();
        var services = new List<V1Service>();
        for (var i = 0; i < Services; i++)
        {
            services.Add(new V1Service
            {
                Metadata = new V1ObjectMeta { Name = $"svc-{i}", NamespaceProperty = "big" },
                Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = $"svc-{i}" }, Ports = [new V1ServicePort { Name = "http", Port = 8080 }] },
            });
            var endpoints = new List<V1Endpoint>();
            for (var e = 0; e < Endpoints; e++)
            {
                var name = $"svc-{i}-{e}";
                pods.Add(new V1Pod
                {
                    Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "big", Labels = new Dictionary<string, string> { ["app"] = $"svc-{i}", ["version"] = e % 2 == 0 ? "v1" : "v2" } },
                    Spec = new V1PodSpec { ServiceAccountName = $"sa-{i % 50}" },
                });
                endpoints.Add(new V1Endpoint
                {
                    Addresses = [$"10.{i / 250}.{i % 250}.{e + 1}"],
                    Conditions = new V1EndpointConditions { Ready = true },
                    Zone = $"z{e % 3}",
                    TargetRef = new V1ObjectReference { Kind = "Pod", Name = name },
                });
            }
            slices.Add(new V1EndpointSlice
            {
                Metadata = new V1ObjectMeta { Name = $"svc-{i}-x", NamespaceProperty = "big", Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = $"svc-{i}" } },
                AddressType = "IPv4",
                Ports = [new Discoveryv1EndpointPort { Name = "http", Port = 8080 }],
                Endpoints = endpoints,
            });
        }
        _state = new NamespaceState { Namespace = "big", Policies = [_policy], Services = services, EndpointSlices = slices, Pods = pods };
    }

    [Benchmark]
    public MeshPlan Plan() => MeshPlanner.Plan(_policy, _state);

    [Benchmark]
    public TranslatedResources PlanAndTranslate()
    {
        var plan = MeshPlanner.Plan(_policy, _state);
        return MeshTranslator.TranslateOnce(new MeshModel { Services = plan.Services }, new ProxyScope { Namespace = "", Kind = ProxyKind.ProxylessGrpc });
    }
}
