using Mesh.Testing;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.Injection;
using Mesh.Operator.Planning;
using Mesh.Operator.Reconciliation;
using Mesh.Operator.Runtime;
using Mesh.Operator.Tests.Runtime;

namespace Mesh.Operator.Tests.Injection;

/// <summary>
/// The act half of restartOnChange against the embedded API: the Eviction API is called with a policy/v1 Eviction for
/// the pod the planner picked, a 429 is "later", and nothing but pods/eviction is written. The eviction answer is played
/// by a handler in front of the client (the embedded API's own Eviction API comes with the admission work).
/// </summary>
public sealed class WorkloadsStepTests
{
    private sealed class EvictionDouble(HttpStatusCode answer) : DelegatingHandler
    {
        public ConcurrentQueue<(string Method, string Path, string Body)> Writes { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Get)
            {
                return await base.SendAsync(request, cancellationToken);
            }
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            Writes.Enqueue((request.Method.Method, request.RequestUri!.AbsolutePath, body));
            if (request.RequestUri.AbsolutePath.EndsWith("/eviction", StringComparison.Ordinal))
            {
                var status = answer == HttpStatusCode.TooManyRequests
                    ? """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"Cannot evict pod as it would violate the pod's disruption budget.","reason":"TooManyRequests","code":429}"""
                    : """{"kind":"Status","apiVersion":"v1","status":"Success","code":201}""";
                return new HttpResponseMessage(answer) { Content = new StringContent(status, Encoding.UTF8, "application/json") };
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class NoEvents : IEventRecorder
    {
        public ConcurrentQueue<string> Reasons { get; } = new();

        public Task RecordAsync(IKubernetesObject<V1ObjectMeta> regarding, string type, string reason, string message, CancellationToken ct = default)
        {
            Reasons.Enqueue(reason);
            return Task.CompletedTask;
        }
    }

    private static async Task<(WorkloadsOutcome Outcome, EvictionDouble Api, NoEvents Events)> RunAsync(HttpStatusCode answer, bool restart)
    {
        await using var env = await TestApi.StartAsync();
        var (created, stored) = await PolicyAndPodAsync(env, restart);

        var handler = new EvictionDouble(answer);
        using var client = new Kubernetes(env.Server.ClientConfiguration, handler);
        var events = new NoEvents();
        var time = new ManualTimeProvider();
        time.Advance(DateTimeOffset.UtcNow - time.GetUtcNow() + TimeSpan.FromMinutes(5)); // past the missing-sidecar grace
        var step = new WorkloadsStep(new KubeApi(client), new InjectorOptions(), new BootstrapStep(new ChildApplier(new KubeApi(client)), new ObjectCache<V1ConfigMap>()), events, time);
        var state = new NamespaceState { Namespace = env.Namespace, Policies = [created], Pods = [stored] };
        return (await step.RunAsync(created, state, CancellationToken.None), handler, events);
    }

    /// <summary>A policy and one of its pods without a sidecar, stored, the pod as the informer would see it (its fake
    /// owner makes the embedded garbage collector remove it soon after, which does not matter: the step acts on the
    /// state it is given).</summary>
    private static async Task<(MeshPolicy Policy, V1Pod Pod)> PolicyAndPodAsync(TestApi env, bool restart)
    {
        var policy = WorkloadPods.Policy("shop", new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc), restart: restart);
        policy.Metadata.NamespaceProperty = env.Namespace;
        var created = await env.Api.CreateAsync(ResourceKinds.MeshPolicy, policy, CancellationToken.None);
        var pod = WorkloadPods.Pod("reviews-1");
        pod.Metadata.NamespaceProperty = env.Namespace;
        pod.Metadata.CreationTimestamp = null;
        pod.Status = null;
        var stored = await env.Api.CreateAsync(ResourceKinds.Pod, pod, CancellationToken.None);
        stored.Status = new V1PodStatus { Phase = "Running", Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }] };
        return (created, stored);
    }

    [Fact]
    public async Task A_sidecar_less_pod_of_a_controller_is_evicted_through_the_eviction_api()
    {
        var (outcome, api, events) = await RunAsync(HttpStatusCode.Created, restart: true);
        outcome.Condition.Reason.Should().Be(ConditionReasons.SidecarMissing);
        outcome.Condition.Message.Should().Contain("evicted").And.Contain("reviews-1");
        outcome.Counts.Should().Be(new WorkloadsStatus { Selected = 1, Injected = 0, UpToDate = 0 });
        var write = api.Writes.Should().ContainSingle().Subject;
        write.Method.Should().Be("POST");
        write.Path.Should().MatchRegex("^/api/v1/namespaces/t-[0-9a-f]+/pods/reviews-1/eviction$");
        var eviction = JsonNode.Parse(write.Body)!;
        ((string?)eviction["apiVersion"]).Should().Be("policy/v1");
        ((string?)eviction["kind"]).Should().Be("Eviction");
        ((string?)eviction["metadata"]!["name"]).Should().Be("reviews-1");
        events.Reasons.Should().Equal("SidecarRestart");
    }

    [Fact]
    public async Task A_429_from_a_disruption_budget_is_retried_later_not_an_error()
    {
        var (outcome, api, events) = await RunAsync(HttpStatusCode.TooManyRequests, restart: true);
        outcome.Condition.Message.Should().Contain("refused").And.Contain("disruption budget");
        outcome.Condition.RecheckAt.Should().NotBeNull();
        api.Writes.Should().ContainSingle();
        events.Reasons.Should().BeEmpty();
    }

    [Fact]
    public async Task Without_restartOnChange_nothing_is_written()
    {
        var (outcome, api, _) = await RunAsync(HttpStatusCode.Created, restart: false);
        outcome.Condition.Reason.Should().Be(ConditionReasons.SidecarMissing);
        api.Writes.Should().BeEmpty();
    }

    [Fact]
    public async Task A_refused_bootstrap_configmap_is_BootstrapFailed_with_the_pod_counts_and_no_pod_is_evicted()
    {
        await using var env = await TestApi.StartAsync();
        var (created, stored) = await PolicyAndPodAsync(env, restart: true);
        await env.RefuseWritesAsync("", "configmaps", "CREATE", "UPDATE");
        var handler = new EvictionDouble(HttpStatusCode.Created);
        using var client = new Kubernetes(env.Server.ClientConfiguration, handler);
        var time = new ManualTimeProvider();
        time.Advance(DateTimeOffset.UtcNow - time.GetUtcNow() + TimeSpan.FromMinutes(5)); // past the missing-sidecar grace
        var api = new KubeApi(client);
        var step = new WorkloadsStep(api, new InjectorOptions(), new BootstrapStep(new ChildApplier(api), new ObjectCache<V1ConfigMap>(), time), new NoEvents(), time);
        var state = new NamespaceState { Namespace = env.Namespace, Policies = [created], Pods = [stored] };

        var outcome = await step.RunAsync(new StepContext { Policy = created, State = state, Plan = MeshPlanner.Plan(created, state) }, CancellationToken.None);

        (outcome.Status, outcome.Reason).Should().Be((ConditionStatus.False, ConditionReasons.BootstrapFailed));
        outcome.Message.Should().StartWith($"The API refused the sidecar bootstrap ConfigMap {env.Namespace}/mesh-sidecar-bootstrap, which every injected proxy mounts (new pods cannot start their sidecar): ")
            .And.Contain("freeze.configmaps.example.com").And.EndWith("Retried every 30 s.");
        outcome.RecheckAt.Should().Be(time.GetUtcNow() + RefusedWrite.Retry);
        outcome.Workloads.Should().Be(new WorkloadsStatus { Selected = 1, Injected = 0, UpToDate = 0 }, "the pods are still counted");
        handler.Writes.Select(w => w.Path).Should().NotContain(path => path.EndsWith("/eviction", StringComparison.Ordinal),
            "a pod restarted now could not start its sidecar");
    }
}
