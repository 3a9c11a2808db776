using CsCheck;
using Google.Protobuf;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Translation;

namespace Mesh.XdsServer.Tests.Translation;

/// <summary>
/// Incremental translation is invisible: one translator fed a random sequence of models (endpoint changes, route weight
/// and retry budget changes, ports, subsets, services coming and going, namespace settings, rebuilt-but-equal models)
/// gives, after every step and for every proxy scope, byte for byte what a fresh translator gives for that model. A
/// scope whose config inputs did not move keeps its last result after a config change, so the scopes differ in what
/// they see and serve.
/// </summary>
public sealed class IncrementalTranslationPropertyTests
{
    private const int Services = 6;

    private static readonly ProxyScope[] Scopes =
    [
        new() { Namespace = "a", ServiceAccount = "s0", Labels = new Dictionary<string, string> { ["app"] = "svc-0" } },
        new() { Namespace = "b", ServiceAccount = "s1", Labels = new Dictionary<string, string> { ["app"] = "svc-1" }, Locality = new Locality { Region = "r1", Zone = "z1" } },
        new() { Namespace = "a", ServiceAccount = "s2", Labels = new Dictionary<string, string> { ["app"] = "svc-2" }, Dependencies = [new ServiceRef("b", "svc-1")] },
        new() { Namespace = "b", Kind = ProxyKind.ProxylessGrpc },
        new() { Namespace = "a", Kind = ProxyKind.ProxylessGrpc, Locality = new Locality { Region = "r1", Zone = "z2" } },
        // Sees svc-3 and svc-4 only (svc-4 routes to itself): svc-2 routes to svc-3 but is not seen, so a retry budget
        // change of svc-2 (which goes on svc-3's clusters) must still reach it. Serves svc-5 (namespace b, svc-2 is in a).
        new() { Namespace = "b", ServiceAccount = "s5", Labels = new Dictionary<string, string> { ["app"] = "svc-5" }, Dependencies = [new ServiceRef("b", "svc-3")] },
    ];

    /// <summary>One change: what (0-8), to which service, with which value.</summary>
    private static readonly Gen<(int Kind, int Service, int Value)[]> Changes =
        Gen.Select(Gen.Int[0, 8], Gen.Int[0, Services - 1], Gen.Int[0, 99]).Array[1, 15];

    [Fact]
    public void Incremental_output_equals_cold_output_for_every_scope_after_every_change()
    {
        Changes.Sample(changes =>
        {
            var translator = new MeshTranslator();
            var model = BaseModel();
            AssertSame(translator, model, "the first model");
            foreach (var change in changes)
            {
                model = Apply(model, change);
                AssertSame(translator, model, $"after change {change}");
            }
        }, iter: 60, threads: 1);
    }

    [Fact]
    public void An_endpoint_only_change_builds_only_the_changed_services_load_assignments()
    {
        var translator = new MeshTranslator();
        var model = BaseModel();
        var before = Scopes.Select(s => translator.Translate(model, s)).ToArray();

        var changed = Apply(model, (0, 1, 42));
        var after = Scopes.Select(s => translator.Translate(changed, s)).ToArray();

        for (var i = 0; i < Scopes.Length; i++)
        {
            after[i].Clusters.Should().BeSameAs(before[i].Clusters, "clusters do not depend on endpoints");
            after[i].Listeners.Should().BeSameAs(before[i].Listeners);
            after[i].Routes.Should().BeSameAs(before[i].Routes);
            var previous = before[i].Endpoints.ToDictionary(e => e.ClusterName);
            foreach (var assignment in after[i].Endpoints)
            {
                var same = ReferenceEquals(previous[assignment.ClusterName], assignment);
                same.Should().Be(!assignment.ClusterName.Contains("svc-1.b", StringComparison.Ordinal), assignment.ClusterName);
            }
        }
    }

    [Fact]
    public void A_route_change_of_one_service_keeps_every_other_services_routes_and_clusters()
    {
        var translator = new MeshTranslator();
        var model = BaseModel();
        var before = translator.Translate(model, Scopes[0]);

        var after = translator.Translate(Apply(model, (1, 3, 17)), Scopes[0]);

        var routes = before.Routes.Single(r => r.Name == "8080").VirtualHosts.ToDictionary(h => h.Name);
        foreach (var host in after.Routes.Single(r => r.Name == "8080").VirtualHosts.Where(h => h.Name != "allow_any"))
        {
            // svc-2's routes send to svc-3: its virtual host depends on svc-3's ports and is built again too, but it comes
            // out equal, so the earlier instance is kept (nothing downstream sees a new message).
            var same = ReferenceEquals(routes[host.Name], host);
            same.Should().Be(!host.Name.StartsWith("svc-3.", StringComparison.Ordinal), host.Name);
        }
        var clusters = before.Clusters.ToDictionary(c => c.Name);
        after.Clusters.Where(c => !c.Name.Contains("svc-3.", StringComparison.Ordinal))
            .Should().OnlyContain(c => ReferenceEquals(clusters[c.Name], c), "only the changed service's resources are built again");
        // svc-3's clusters are built again (its config version moved) but weights are not in them: equal, so kept.
        after.Clusters.Should().BeSameAs(before.Clusters, "every cluster came out equal, so the whole list is the earlier one");
        after.Endpoints.Should().BeSameAs(before.Endpoints, "weights are not in load assignments either");
        after.Listeners.Should().BeSameAs(before.Listeners);
    }

    [Fact]
    public void A_route_change_keeps_the_whole_result_of_a_scope_that_neither_sees_nor_serves_the_service()
    {
        var translator = new MeshTranslator();
        var model = BaseModel();
        var scope = Scopes[5]; // sees svc-3 and svc-4, serves svc-5
        var before = translator.Translate(model, scope);

        var builds = translator.ScopeBuilds;

        var unseen = translator.Translate(model = Apply(model, (1, 0, 17)), scope);
        unseen.Should().BeSameAs(before, "svc-0's weights are nothing this scope reads");
        translator.ScopeBuilds.Should().Be(builds, "the scope's config inputs did not move: its builders do not run");

        var seen = translator.Translate(Apply(model, (1, 3, 17)), scope);
        translator.ScopeBuilds.Should().Be(builds + 1);
        seen.Should().NotBeSameAs(before);
        seen.Routes.Should().NotBeSameAs(before.Routes, "svc-3's weights are in this scope's routes");
        seen.Clusters.Should().BeSameAs(before.Clusters, "weights are not in clusters");
    }

    [Fact]
    public void A_change_that_alters_a_resource_hands_out_a_new_instance_and_keeps_the_others()
    {
        var translator = new MeshTranslator();
        var model = BaseModel();
        var before = translator.Translate(model, Scopes[0]);

        // A subset less on svc-3: its subset clusters go, its other clusters stay equal and are kept by instance.
        var after = translator.Translate(Apply(model, (4, 3, 0)), Scopes[0]);

        after.Clusters.Should().NotBeSameAs(before.Clusters);
        var clusters = before.Clusters.ToDictionary(c => c.Name);
        after.Clusters.Should().OnlyContain(c => ReferenceEquals(clusters[c.Name], c), "what is left of svc-3's clusters is equal to what it was");
        after.Clusters.Count.Should().BeLessThan(before.Clusters.Count);
    }

    private static void AssertSame(MeshTranslator translator, MeshModel model, string because)
    {
        foreach (var scope in Scopes)
        {
            var incremental = translator.Translate(model, scope);
            var cold = MeshTranslator.TranslateOnce(model, scope);
            var reason = $"{because}, scope {scope.Namespace}/{scope.ServiceAccount}/{scope.Kind}";
            Bytes(incremental.Clusters).Should().Equal(Bytes(cold.Clusters), reason);
            Bytes(incremental.Endpoints).Should().Equal(Bytes(cold.Endpoints), reason);
            Bytes(incremental.Listeners).Should().Equal(Bytes(cold.Listeners), reason);
            Bytes(incremental.Routes).Should().Equal(Bytes(cold.Routes), reason);
            Bytes(incremental.Secrets).Should().Equal(Bytes(cold.Secrets), reason);
            incremental.SourceFields.Should().Equal(cold.SourceFields, reason);
            incremental.SourcePolicies.Should().Equal(cold.SourcePolicies, reason);
        }
    }

    private static IEnumerable<string> Bytes(IEnumerable<IMessage> messages) => messages.Select(m => Convert.ToBase64String(m.ToByteArray()));

    private static MeshModel BaseModel() => new()
    {
        Services = Enumerable.Range(0, Services).Select(Service).ToArray(),
        MtlsByNamespace = new Dictionary<string, MtlsMode> { ["a"] = MtlsMode.Strict },
    };

    private static string Ns(int i) => i % 2 == 0 ? "a" : "b";

    private static MeshService Service(int i) => new()
    {
        Name = $"svc-{i}",
        Namespace = Ns(i),
        ClusterIp = $"10.96.0.{i + 1}",
        Selector = new Dictionary<string, string> { ["app"] = $"svc-{i}" },
        Ports = i == 5
            ? [new ServicePort { Port = 9000, Protocol = ServiceProtocol.Tcp }]
            : [new ServicePort { Port = 8080, Protocol = i % 3 == 0 ? ServiceProtocol.Grpc : ServiceProtocol.Http }],
        Subsets = [new ServiceSubset { Name = "v1", Labels = new Dictionary<string, string> { ["version"] = "v1" } }],
        Endpoints = Endpoints(i, 0),
        Routes = i == 5 ? [] :
        [
            new MeshRoute
            {
                Name = "split",
                Backends =
                [
                    new RouteBackend { Subset = "v1", Weight = 70 },
                    i == 4
                        ? new RouteBackend { Weight = 30 }
                        : new RouteBackend { Service = $"svc-{i + 1}", Namespace = Ns(i + 1), Weight = 30 },
                ],
                Retries = new RetryPolicy { Attempts = 2, BudgetPercent = 20 },
                Mirror = i == 2 ? new MirrorPolicy { Service = "svc-4", Namespace = "a", Percent = 10 } : null,
            },
        ],
        LoadBalancing = new LoadBalancingPolicy { LocalityFailover = i % 2 == 1 },
        OutlierDetection = i % 2 == 1 ? new OutlierDetectionPolicy() : null,
        ServiceAccounts = [$"s{i}"],
        Policy = $"{Ns(i)}/p",
        SourceField = $"spec.services[{i}]",
    };

    private static ServiceEndpoint[] Endpoints(int service, int value) =>
        Enumerable.Range(0, 2 + value % 3).Select(e => new ServiceEndpoint
        {
            Address = $"10.{service}.{value}.{e + 1}",
            Region = "r1",
            Zone = $"z{(e + value) % 3}",
            Ready = (e + value) % 4 != 3,
            Meshed = e % 2 == 0,
            Labels = new Dictionary<string, string> { ["version"] = e % 2 == 0 ? "v1" : "v2" },
        }).ToArray();

    private static MeshModel Apply(MeshModel model, (int Kind, int Service, int Value) change)
    {
        var (kind, index, value) = change;
        var name = $"svc-{index}";
        MeshModel With(Func<MeshService, MeshService> edit) =>
            model with { Services = model.Services.Select(s => s.Name == name ? edit(s) : s).ToArray() };
        return kind switch
        {
            0 => With(s => s with { Endpoints = Endpoints(index, value) }),
            1 => With(s => s with
            {
                Routes = s.Routes.Select(r => r with { Backends = r.Backends.Select((b, i) => b with { Weight = i == 0 ? value + 1 : 100 - value }).ToArray() }).ToArray(),
            }),
            2 => With(s => s with { Routes = s.Routes.Select(r => r with { Retries = new RetryPolicy { Attempts = 2, BudgetPercent = value } }).ToArray() }),
            3 => With(s => s with { Ports = s.Ports.Select(p => p with { Port = value % 2 == 0 ? 8080 : 8081 }).ToArray() }),
            4 => With(s => s with { Subsets = value % 2 == 0 ? [] : Service(index).Subsets }),
            5 => model.Services.Any(s => s.Name == name)
                ? model with { Services = model.Services.Where(s => s.Name != name).ToArray() }
                : model with { Services = [.. model.Services, Service(index)] },
            6 => model with
            {
                MtlsByNamespace = new Dictionary<string, MtlsMode> { [Ns(index)] = (MtlsMode)(value % 3) },
                EgressByNamespace = new Dictionary<string, EgressPolicy> { ["a"] = new() { Mode = value % 2 == 0 ? EgressMode.AllowAny : EgressMode.RegistryOnly } },
            },
            7 => model with { Services = model.Services.Select(s => s with { }).ToArray(), TrustDomain = value % 5 == 0 ? "example.org" : model.TrustDomain },
            _ => With(s => s with { Mtls = (MtlsMode)(value % 3), ServiceAccounts = [$"s{value % 2}"] }),
        };
    }
}
