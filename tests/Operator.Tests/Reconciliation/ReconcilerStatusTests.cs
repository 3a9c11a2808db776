using k8s;
using k8s.Models;
using Mesh.Operator.Entities;
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
/// The real <see cref="MeshPolicyReconciler"/> against the embedded API, with its act steps replaced by recording
/// fakes: plan, publish, one status write only when something changed, events on transitions, deletion, next look.
/// </summary>
public sealed class ReconcilerStatusTests
{
    [Fact]
    public async Task An_accepted_policy_gets_one_status_write_and_a_second_look_writes_nothing()
    {
        await using var env = await TestApi.StartAsync();
        var rig = new Rig(env);
        var policy = await rig.CreateAsync(new MeshPolicySpec());

        await rig.ReconcileAsync(policy);

        var status = (await env.GetPolicyAsync("p"))!.Status!;
        status.ObservedGeneration.Should().Be(1);
        status.Conditions.Should().Contain(c => c.Type == ConditionTypes.Accepted && c.Status == ConditionStatus.True);
        status.Conditions.Should().Contain(c => c.Type == ConditionTypes.Ready && c.Status == ConditionStatus.True);
        rig.Writes.Writes("meshpolicies").Should().Be(1);
        rig.Events.Recorded.Should().Contain(e => e.Reason == ConditionReasons.Ready || e.Message.StartsWith("Ready=True", StringComparison.Ordinal));
        rig.Publisher.Get(env.Namespace, "p").Should().NotBeNull("an accepted plan is published");

        rig.Writes.Reset();
        var eventsBefore = rig.Events.Recorded.Count;
        await rig.ReconcileAsync((await env.GetPolicyAsync("p"))!);
        rig.Writes.Writes("meshpolicies").Should().Be(0, "nothing changed, so no status write");
        rig.Events.Recorded.Should().HaveCount(eventsBefore, "no condition moved");
        rig.Steps.Runs.Should().Be(2, "the steps run on every reconcile: they are level-based");
    }

    [Fact]
    public async Task A_policy_the_planner_refuses_is_not_published_and_says_which_field()
    {
        await using var env = await TestApi.StartAsync();
        var rig = new Rig(env);
        var policy = await rig.CreateAsync(new MeshPolicySpec { Services = [new ServicePolicy { Name = "missing" }] });

        await rig.ReconcileAsync(policy);

        var accepted = (await env.GetPolicyAsync("p"))!.Status!.Conditions!.Single(c => c.Type == ConditionTypes.Accepted);
        (accepted.Status, accepted.Reason).Should().Be((ConditionStatus.False, ConditionReasons.ReferenceNotFound));
        accepted.Message.Should().Contain("spec.services[0].name");
        rig.Publisher.Get(env.Namespace, "p").Should().BeNull();
        rig.Events.Recorded.Should().Contain(e => e.Type == EventTypes.Warning && e.Reason == ConditionReasons.ReferenceNotFound);
    }

    [Fact]
    public async Task A_policy_gone_from_the_cache_is_unpublished_and_nothing_is_written()
    {
        await using var env = await TestApi.StartAsync();
        var rig = new Rig(env);
        var policy = await rig.CreateAsync(new MeshPolicySpec());
        await rig.ReconcileAsync(policy);
        rig.Publisher.Get(env.Namespace, "p").Should().NotBeNull();

        rig.Policies.Remove(ObjectKey.Create(env.Namespace, "p"));
        rig.Writes.Reset();
        var result = await rig.Reconciler.ReconcileAsync(ObjectKey.Create(env.Namespace, "p"), CancellationToken.None);

        result.Should().Be(ReconcileResult.Done);
        rig.Publisher.Get(env.Namespace, "p").Should().BeNull();
        rig.Writes.Writes("meshpolicies").Should().Be(0);
    }

    [Fact]
    public async Task The_earliest_recheck_of_any_step_becomes_the_requeue_and_none_means_done()
    {
        await using var env = await TestApi.StartAsync();
        var rig = new Rig(env);
        var policy = await rig.CreateAsync(new MeshPolicySpec());

        (await rig.ReconcileAsync(policy)).Should().Be(ReconcileResult.Done);

        rig.Steps.RecheckIn = TimeSpan.FromHours(3);
        var result = await rig.ReconcileAsync(policy);
        result.RequeueAfter.Should().BeCloseTo(TimeSpan.FromHours(3), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_failing_step_keeps_Ready_false_with_its_reason()
    {
        await using var env = await TestApi.StartAsync();
        var rig = new Rig(env);
        var policy = await rig.CreateAsync(new MeshPolicySpec());
        rig.Steps.Failing = ConditionTypes.CertificatesReady;

        await rig.ReconcileAsync(policy);

        var conditions = (await env.GetPolicyAsync("p"))!.Status!.Conditions!;
        conditions.Single(c => c.Type == ConditionTypes.CertificatesReady).Reason.Should().Be(ConditionReasons.IssuanceFailed);
        conditions.Single(c => c.Type == ConditionTypes.Ready).Status.Should().Be(ConditionStatus.False);
    }

    [Fact]
    public async Task After_a_restart_a_status_that_only_counts_the_reconnecting_proxies_down_is_held_until_the_grace_ends()
    {
        await using var env = await TestApi.StartAsync();
        var first = new Rig(env);
        await first.ReconcileAsync(await first.CreateAsync(new MeshPolicySpec()));
        // What the previous operator instance recorded: five proxies connected and ACKed.
        var key = ObjectKey.Create(env.Namespace, "p");
        await env.Api.MergePatchAsync<MeshPolicy>(ResourceKinds.MeshPolicy, key, """{"status":{"proxies":{"connected":5,"acked":5}}}""", "status", CancellationToken.None);

        var restarted = new Rig(env);
        var held = await restarted.ReconcileAsync((await env.GetPolicyAsync("p"))!);

        restarted.Writes.Writes("meshpolicies").Should().Be(0, "the proxies are still reconnecting: no write");
        held.RequeueAfter.Should().BeGreaterThan(TimeSpan.FromSeconds(20), "it looks again when the window closes");
        (await env.GetPolicyAsync("p"))!.Status!.Proxies!.Connected.Should().Be(5);

        var late = new Rig(env, reconnectGrace: TimeSpan.Zero);
        await late.ReconcileAsync((await env.GetPolicyAsync("p"))!);

        late.Writes.Writes("meshpolicies").Should().Be(1, "after the window the truth is written");
        ((await env.GetPolicyAsync("p"))!.Status!.Proxies?.Connected ?? 0).Should().Be(0);
    }

    private sealed class Rig
    {
        private readonly TestApi _env;

        public Rig(TestApi env, TimeSpan? reconnectGrace = null)
        {
            _env = env;
            var api = env.NewApi(out var writes);
            Writes = writes;
            var server = new MeshConfigServer(new SnapshotCache(), NullLogger<MeshConfigServer>.Instance);
            Publisher = new MeshPublisher(server);
            var gatherer = new NamespaceGatherer(Policies, new ObjectCache<V1Service>(), new ObjectCache<V1EndpointSlice>(), new ObjectCache<V1Pod>(), new ObjectCache<PartialObjectMetadata>());
            Reconciler = new MeshPolicyReconciler(Policies, new PlanMemo(gatherer), Publisher, new NoProxies(), _ => [], Steps.All,
                new Mesh.Operator.NetworkPolicies.NetworkPolicyOptions(), api, Events, TimeProvider.System)
            {
                ReconnectGrace = reconnectGrace ?? Mesh.Operator.Status.ReconnectGrace.Default,
            };
        }

        public ObjectCache<MeshPolicy> Policies { get; } = new();

        public MeshPublisher Publisher { get; }

        public RequestCounter Writes { get; }

        public RecordingEvents Events { get; } = new();

        public FakeSteps Steps { get; } = new();

        internal MeshPolicyReconciler Reconciler { get; }

        public async Task<MeshPolicy> CreateAsync(MeshPolicySpec spec) =>
            await _env.Api.CreateAsync(ResourceKinds.MeshPolicy, new MeshPolicy
            {
                Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = _env.Namespace },
                Spec = spec,
            }, CancellationToken.None);

        /// <summary>What an informer would do (the cache holds the latest object), then one reconcile.</summary>
        public Task<ReconcileResult> ReconcileAsync(MeshPolicy policy)
        {
            Policies.Upsert(policy);
            return Reconciler.ReconcileAsync(ObjectKey.Create(policy.Metadata.NamespaceProperty, policy.Metadata.Name), CancellationToken.None);
        }
    }

    internal sealed class FakeSteps
    {
        public int Runs { get; private set; }

        public TimeSpan? RecheckIn { get; set; }

        public string? Failing { get; set; }

        public IReadOnlyList<IReconcileStep> All =>
        [
            new Step(this, ConditionTypes.CertificatesReady),
            new Step(this, ConditionTypes.NetworkPoliciesReady),
            new Step(this, ConditionTypes.WorkloadsReady),
        ];

        private sealed class Step(FakeSteps owner, string type) : IReconcileStep
        {
            public string ConditionType => type;

            public Task<StepOutcome> RunAsync(StepContext context, CancellationToken ct)
            {
                if (type == ConditionTypes.CertificatesReady)
                {
                    owner.Runs++;
                }

                var outcome = owner.Failing == type
                    ? new StepOutcome(ConditionStatus.False, ConditionReasons.IssuanceFailed, "the CA refused")
                    : new StepOutcome(ConditionStatus.True, ConditionReasons.UpToDate, "fine");
                return Task.FromResult(outcome with { RecheckAt = owner.RecheckIn is { } wait ? DateTimeOffset.UtcNow + wait : null });
            }
        }
    }

    internal sealed class RecordingEvents : IEventRecorder
    {
        public List<(string Type, string Reason, string Message)> Recorded { get; } = [];

        public Task RecordAsync(IKubernetesObject<V1ObjectMeta> regarding, string type, string reason, string message, CancellationToken ct = default)
        {
            Recorded.Add((type, reason, message));
            return Task.CompletedTask;
        }
    }

    private sealed class NoProxies : IProxyStatusSource
    {
        public IReadOnlyList<ProxyStatus> GetProxies() => [];

        public ProxyStatus? GetProxy(string nodeId) => null;
    }
}
