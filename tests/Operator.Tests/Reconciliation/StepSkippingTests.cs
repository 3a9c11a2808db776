using System.Security.Cryptography;
using k8s;
using k8s.Models;
using Mesh.Operator.Certificates;
using Mesh.Operator.Entities;
using Mesh.Operator.Entities.CertManager;
using Mesh.Operator.Injection;
using Mesh.Operator.NetworkPolicies;
using Mesh.Operator.Publishing;
using Mesh.Operator.Reconciliation;
using Mesh.Operator.Runtime;
using Mesh.Operator.Tests.Runtime;
using Mesh.XdsServer.Cache;
using Mesh.XdsServer.Config;
using Mesh.XdsServer.Status;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Operator.Tests.Reconciliation;

/// <summary>
/// Step skipping against the embedded API with the real steps: a step whose inputs hash the same as at its last run is
/// not run, whatever woke the reconcile (level-based); an endpoint-only change runs no child step and writes no status,
/// while a real change (a new pod, a deleted child) runs the steps it concerns.
/// </summary>
public sealed class StepSkippingTests
{
    private const string Policy = "p";

    [Fact]
    public async Task An_endpoint_only_change_runs_no_child_step_and_writes_no_status()
    {
        await using var world = await World.StartAsync();
        await world.ConvergeAsync();

        await world.Env.Api.ReplaceAsync(ResourceKinds.EndpointSlice, world.Slice(["10.0.0.1", "10.0.0.2"]), CancellationToken.None);
        await world.RefreshAsync();
        world.ResetCounts();
        await world.ReconcileAsync();

        world.Steps.Select(s => (s.ConditionType, s.Runs)).Should().OnlyContain(s => s.Runs == 0, "nothing a step reads changed");
        world.StatusWrites.Should().Be(0);
        world.Publisher.Get(world.Env.Namespace, Policy)!.Services.Single().Endpoints.Select(e => e.Address)
            .Should().BeEquivalentTo(["10.0.0.1", "10.0.0.2"], "the xDS config still follows the endpoints");
    }

    [Fact]
    public async Task A_new_pod_runs_the_certificate_and_workload_steps_and_writes_status()
    {
        await using var world = await World.StartAsync();
        await world.ConvergeAsync();

        await world.Env.Api.CreateAsync(ResourceKinds.Pod, world.Pod("reviews-2", "details"), CancellationToken.None);
        await world.RefreshAsync();
        world.ResetCounts();
        await world.ReconcileAsync();

        world.Step(ConditionTypes.CertificatesReady).Runs.Should().Be(1);
        world.Step(ConditionTypes.WorkloadsReady).Runs.Should().Be(1);
        world.StatusWrites.Should().BeGreaterThan(0, "status.workloads counts the new pod");
        (await world.Env.Api.GetAsync<V1Secret>(ResourceKinds.Secret, ObjectKey.Create(world.Env.Namespace, CertificateNames.WorkloadSecretPrefix + "details"), CancellationToken.None))
            .Should().NotBeNull();
    }

    [Fact]
    public async Task A_deleted_child_runs_its_step_again_whatever_event_woke_the_reconcile()
    {
        await using var world = await World.StartAsync();
        await world.ConvergeAsync();
        var secret = CertificateNames.WorkloadSecretPrefix + "reviews";

        await world.Env.Api.SendForStringAsync(HttpMethod.Delete, ResourceKinds.Secret.ObjectPath(ObjectKey.Create(world.Env.Namespace, secret)), null, null, CancellationToken.None);
        await world.RefreshAsync();
        world.ResetCounts();
        await world.ReconcileAsync();

        world.Step(ConditionTypes.CertificatesReady).Runs.Should().Be(1);
        world.Step(ConditionTypes.NetworkPoliciesReady).Runs.Should().Be(0);
        (await world.Env.Api.GetAsync<V1Secret>(ResourceKinds.Secret, ObjectKey.Create(world.Env.Namespace, secret), CancellationToken.None))
            .Should().NotBeNull("the step put the certificate back");
    }

    [Fact]
    public async Task A_restarted_reconciler_runs_every_step_once()
    {
        await using var world = await World.StartAsync();
        await world.ConvergeAsync();

        world.Restart();
        world.ResetCounts();
        await world.ReconcileAsync();

        world.Steps.Should().OnlyContain(s => s.Runs == 1, "the memory of input hashes is not persisted");
        world.StatusWrites.Should().Be(0, "the same outcomes make the same status");
    }

    /// <summary>Counts runs of a real step; the input hash is the real step's.</summary>
    private sealed class CountingStep(IReconcileStep inner) : IReconcileStep
    {
        public int Runs { get; set; }

        public string ConditionType => inner.ConditionType;

        public Task<StepOutcome> RunAsync(StepContext context, CancellationToken ct)
        {
            Runs++;
            return inner.RunAsync(context, ct);
        }

        public string? InputHash(StepContext context) => inner.InputHash(context);
    }

    private sealed class NoProxies : IProxyStatusSource
    {
        public IReadOnlyList<ProxyStatus> GetProxies() => [];

        public ProxyStatus? GetProxy(string nodeId) => null;
    }

    private sealed class NoEvents : IEventRecorder
    {
        public Task RecordAsync(IKubernetesObject<V1ObjectMeta> regarding, string type, string reason, string message, CancellationToken ct = default) => Task.CompletedTask;
    }

    /// <summary>One namespace with a policy governing Service reviews, one pod, one EndpointSlice; caches filled by listing.</summary>
    private sealed class World : IAsyncDisposable
    {
        private readonly ObjectCache<MeshPolicy> _policies = new();
        private readonly ObjectCache<V1Service> _services = new();
        private readonly ObjectCache<V1EndpointSlice> _slices = new();
        private readonly ObjectCache<V1Pod> _pods = new();
        private readonly ObjectCache<V1NetworkPolicy> _networkPolicies = new();
        private readonly ObjectCache<V1Secret> _secrets = new();
        private readonly ObjectCache<V1ConfigMap> _configMaps = new();
        private readonly KubeApi _operatorApi;
        private readonly RequestCounter _counter;
        private readonly BuiltInCertificateAuthority _ca = new(new BuiltInCaOptions(), TimeProvider.System, SerialNumbers.FromRandom(RandomNumberGenerator.Create()));
        private MeshPolicyReconciler _reconciler = null!;

        private World(TestApi env)
        {
            Env = env;
            _operatorApi = env.NewApi(out _counter);
            Publisher = new MeshPublisher(new MeshConfigServer(new SnapshotCache(), NullLogger<MeshConfigServer>.Instance));
            Restart();
        }

        public TestApi Env { get; }

        public MeshPublisher Publisher { get; }

        public List<CountingStep> Steps { get; } = [];

        public int StatusWrites => _counter.Writes("meshpolicies");

        public CountingStep Step(string conditionType) => Steps.Single(s => s.ConditionType == conditionType);

        public static async Task<World> StartAsync()
        {
            var env = await TestApi.StartAsync();
            var ns = env.Namespace;
            await env.Api.CreateAsync(ResourceKinds.MeshPolicy, new MeshPolicy
            {
                Metadata = new V1ObjectMeta { Name = Policy, NamespaceProperty = ns },
                Spec = new MeshPolicySpec { Services = [new ServicePolicy { Name = "reviews" }] },
            }, CancellationToken.None);
            await env.Api.CreateAsync(ResourceKinds.Service, new V1Service
            {
                ApiVersion = "v1",
                Kind = "Service",
                Metadata = new V1ObjectMeta { Name = "reviews", NamespaceProperty = ns },
                Spec = new V1ServiceSpec
                {
                    Selector = new Dictionary<string, string> { ["app"] = "reviews" },
                    Ports = [new V1ServicePort { Name = "http", Port = 9080, Protocol = "TCP", AppProtocol = "http" }],
                    ClusterIP = "10.96.0.10",
                },
            }, CancellationToken.None);
            var world = new World(env);
            await env.Api.CreateAsync(ResourceKinds.Pod, world.Pod("reviews-1", "reviews"), CancellationToken.None);
            await env.Api.CreateAsync(ResourceKinds.EndpointSlice, world.Slice(["10.0.0.1"]), CancellationToken.None);
            await new RootCaWriter(env.Api, world._ca).EnsureAsync(null, CancellationToken.None);
            await world.RefreshAsync();
            return world;
        }

        public V1Pod Pod(string name, string serviceAccount) => new()
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Env.Namespace, Labels = new Dictionary<string, string> { ["app"] = "reviews" } },
            Spec = new V1PodSpec { ServiceAccountName = serviceAccount, Containers = [new V1Container { Name = "app", Image = "reviews" }] },
        };

        public V1EndpointSlice Slice(IReadOnlyList<string> addresses)
        {
            var existing = _slices.Get(Env.Namespace, "reviews-abc");
            return new V1EndpointSlice
            {
                ApiVersion = "discovery.k8s.io/v1",
                Kind = "EndpointSlice",
                Metadata = new V1ObjectMeta
                {
                    Name = "reviews-abc",
                    NamespaceProperty = Env.Namespace,
                    ResourceVersion = existing?.Metadata.ResourceVersion,
                    Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = "reviews" },
                },
                AddressType = "IPv4",
                Endpoints = addresses.Select(a => new V1Endpoint { Addresses = [a], Conditions = new V1EndpointConditions { Ready = true } }).ToList(),
                Ports = [new Discoveryv1EndpointPort { Name = "http", Port = 9080, Protocol = "TCP" }],
            };
        }

        /// <summary>A new reconciler: what an operator restart does to the step memory.</summary>
        public void Restart()
        {
            Steps.Clear();
            var children = new ChildApplier(_operatorApi);
            var api = new KubeApi(new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }));
            var certManager = new CertManagerInformers(
                new Informer<Certificate>(CertificateKinds.Certificate, api, TimeProvider.System, NullLogger.Instance),
                new Informer<Issuer>(CertificateKinds.Issuer, api, TimeProvider.System, NullLogger.Instance),
                new Informer<ClusterIssuer>(CertificateKinds.ClusterIssuer, api, TimeProvider.System, NullLogger.Instance));
            Steps.Add(new CountingStep(new CertificateStep(children, _ca, _secrets, certManager, TimeProvider.System)));
            Steps.Add(new CountingStep(new WorkloadsStep(_operatorApi, new InjectorOptions(), new BootstrapStep(children, _configMaps), new NoEvents(), TimeProvider.System)));
            Steps.Add(new CountingStep(new NetworkPolicyStep(children, _networkPolicies, new NetworkPolicyOptions())));
            _reconciler = new MeshPolicyReconciler(
                _policies,
                new PlanMemo(new NamespaceGatherer(_policies, _services, _slices, _pods, new ObjectCache<PartialObjectMetadata>(), _networkPolicies)),
                Publisher,
                new NoProxies(),
                _ => [],
                [.. Steps],
                new NetworkPolicyOptions(),
                _operatorApi,
                new NoEvents(),
                TimeProvider.System);
        }

        public void ResetCounts()
        {
            _counter.Reset();
            foreach (var step in Steps)
            {
                step.Runs = 0;
            }
        }

        public Task ReconcileAsync() => _reconciler.ReconcileAsync(ObjectKey.Create(Env.Namespace, Policy), CancellationToken.None);

        /// <summary>Reconciles until a reconcile runs no step (children and status written and seen by the caches).</summary>
        public async Task ConvergeAsync()
        {
            for (var i = 0; i < 6; i++)
            {
                ResetCounts();
                await ReconcileAsync();
                await RefreshAsync();
                if (Steps.All(s => s.Runs == 0))
                {
                    return;
                }
            }
            throw new InvalidOperationException("the reconciles did not settle: " + string.Join(", ", Steps.Select(s => $"{s.ConditionType}={s.Runs}")));
        }

        /// <summary>What the informers would hold now: every kind listed again.</summary>
        public async Task RefreshAsync()
        {
            await FillAsync(_policies, ResourceKinds.MeshPolicy, Env.Namespace);
            await FillAsync(_services, ResourceKinds.Service, Env.Namespace);
            await FillAsync(_slices, ResourceKinds.EndpointSlice, Env.Namespace);
            await FillAsync(_pods, ResourceKinds.Pod, Env.Namespace);
            await FillAsync(_networkPolicies, ResourceKinds.NetworkPolicy, Env.Namespace);
            await FillAsync(_secrets, ResourceKinds.Secret, null);
            await FillAsync(_configMaps, ResourceKinds.ConfigMap, Env.Namespace);
        }

        private async Task FillAsync<T>(ObjectCache<T> cache, ResourceKind kind, string? ns)
            where T : class, IKubernetesObject<V1ObjectMeta>
        {
            var items = (await Env.Api.ListAsync<T>(kind, ns, CancellationToken.None)).Items;
            foreach (var stale in cache.List().Where(c => items.All(i => i.Metadata.Uid != c.Metadata.Uid)).ToList())
            {
                cache.Remove(ObjectKey.Of(stale));
            }
            foreach (var item in items)
            {
                cache.Upsert(item);
            }
        }

        public ValueTask DisposeAsync() => Env.DisposeAsync();
    }
}
