using Mesh.Operator.Status;
using System.Net;
using k8s.Models;
using Mesh.Operator.Local;
using Mesh.Operator.Runtime;
using Mesh.Operator.Tests.Runtime;
using Mesh.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Operator.Tests.Local;

public sealed class DisruptionBudgetStandInTests
{
    private static readonly DateTime Now = new(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("2", null, 4, 2)]
    [InlineData("50%", null, 3, 2)]
    [InlineData(null, "1", 4, 3)]
    [InlineData(null, "25%", 3, 2)]
    [InlineData(null, "10", 3, 0)]
    [InlineData(null, null, 3, 0)]
    public void Desired_healthy_comes_from_minAvailable_or_maxUnavailable_rounded_up(string? minAvailable, string? maxUnavailable, int expected, int desired)
    {
        var spec = new V1PodDisruptionBudgetSpec
        {
            MinAvailable = minAvailable is null ? null : (IntOrString)minAvailable,
            MaxUnavailable = maxUnavailable is null ? null : (IntOrString)maxUnavailable,
        };
        DisruptionBudgetStandIn.Desired(spec, expected).Should().Be(desired);
    }

    [Fact]
    public void Status_counts_ready_matching_pods_and_allows_the_surplus()
    {
        var budget = Budget(minAvailable: "2");
        var pods = new[] { Pod("a", ready: true), Pod("b", ready: true), Pod("c", ready: true), Pod("d", ready: false), Pod("x", ready: true, app: "db") };
        var status = DisruptionBudgetStandIn.Compute(budget, pods, Now);
        status.ExpectedPods.Should().Be(4);
        status.CurrentHealthy.Should().Be(3);
        status.DesiredHealthy.Should().Be(2);
        status.DisruptionsAllowed.Should().Be(1);
        status.ObservedGeneration.Should().Be(3);
        status.Conditions.Should().ContainSingle(c => c.Type == "DisruptionAllowed" && c.Status == "True" && c.Reason == "SufficientPods");
    }

    [Fact]
    public void Recently_evicted_pods_do_not_count_as_healthy_until_they_expire_or_go()
    {
        var budget = Budget(minAvailable: "1");
        budget.Status = new V1PodDisruptionBudgetStatus
        {
            DisruptedPods = new Dictionary<string, DateTime?> { ["a"] = Now.AddSeconds(-10), ["old"] = Now.AddMinutes(-5), ["gone"] = Now },
        };
        var status = DisruptionBudgetStandIn.Compute(budget, [Pod("a", ready: true), Pod("old", ready: true)], Now);
        status.CurrentHealthy.Should().Be(1);
        status.DisruptionsAllowed.Should().Be(0);
        status.DisruptedPods.Should().ContainSingle().Which.Key.Should().Be("a");
        status.Conditions.Should().ContainSingle(c => c.Status == "False" && c.Reason == "InsufficientPods");
    }

    [Fact]
    public void A_budget_without_selector_selects_nothing_and_an_empty_one_everything()
    {
        var none = Budget(minAvailable: "0");
        none.Spec.Selector = null;
        DisruptionBudgetStandIn.Compute(none, [Pod("a", ready: true)], Now).ExpectedPods.Should().Be(0);
        var all = Budget(minAvailable: "0");
        all.Spec.Selector = new V1LabelSelector();
        DisruptionBudgetStandIn.Compute(all, [Pod("a", ready: true), Pod("b", ready: true, app: "db")], Now).ExpectedPods.Should().Be(2);
    }

    [Fact]
    public async Task In_local_mode_a_budget_over_simulated_pods_gets_status_and_evictions_honour_it()
    {
        await using var env = await TestApi.StartAsync();
        var api = env.NewApi(out _);
        var manager = env.NewManager(api);
        using var services = new ServiceCollection().AddSingleton(new ControllerOptions()).BuildServiceProvider();
        new LocalStandInsSetup().Setup(manager, services);
        using var stop = new CancellationTokenSource();
        var run = manager.RunAsync(stop.Token);
        try
        {
            await env.Api.CreateAsync(ResourceKinds.Deployment, new V1Deployment
            {
                ApiVersion = "apps/v1",
                Kind = "Deployment",
                Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = env.Namespace },
                Spec = new V1DeploymentSpec
                {
                    Replicas = 2,
                    Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                    Template = new V1PodTemplateSpec
                    {
                        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                        Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = "web:1" }] },
                    },
                },
            }, CancellationToken.None);
            var budget = Budget(minAvailable: "2");
            budget.Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = env.Namespace };
            budget.Status = null;
            await env.Api.CreateAsync(DisruptionBudgetStandIn.Kind, budget, CancellationToken.None);

            V1PodDisruptionBudget? seen = null;
            await Eventually.True(async () =>
            {
                seen = await env.Api.GetAsync<V1PodDisruptionBudget>(DisruptionBudgetStandIn.Kind, ObjectKey.Create(env.Namespace, "web"), CancellationToken.None);
                return seen?.Status is { CurrentHealthy: 2, ExpectedPods: 2 };
            }, "the budget's status counts the two simulated pods");
            seen!.Status.DesiredHealthy.Should().Be(2);
            seen.Status.DisruptionsAllowed.Should().Be(0);
            seen.Status.ObservedGeneration.Should().Be(1);

            var pod = (await env.Api.ListAsync<V1Pod>(ResourceKinds.Pod, env.Namespace, CancellationToken.None)).Items.First();
            var eviction = "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"" + pod.Metadata.Name + "\"}}";
            var refused = async () => await env.Api.SendForStringAsync(HttpMethod.Post,
                ResourceKinds.Pod.ObjectPath(ObjectKey.Of(pod)) + "/eviction", eviction, "application/json", CancellationToken.None);
            (await refused.Should().ThrowAsync<KubeApiException>()).Which.StatusCode.Should().Be((HttpStatusCode)429);

            await env.Api.MergePatchAsync<V1PodDisruptionBudget>(DisruptionBudgetStandIn.Kind, ObjectKey.Create(env.Namespace, "web"),
                """{"spec":{"minAvailable":1}}""", null, CancellationToken.None);
            await Eventually.True(async () =>
            {
                seen = await env.Api.GetAsync<V1PodDisruptionBudget>(DisruptionBudgetStandIn.Kind, ObjectKey.Create(env.Namespace, "web"), CancellationToken.None);
                return seen?.Status is { ObservedGeneration: 2, DisruptionsAllowed: 1 };
            }, "the edited budget allows one disruption");
            await refused.Should().NotThrowAsync("the budget now allows one eviction");
            var after = await env.Api.GetAsync<V1Pod>(ResourceKinds.Pod, ObjectKey.Of(pod), CancellationToken.None);
            (after is null || after.Metadata.Uid != pod.Metadata.Uid).Should().BeTrue("the evicted pod is gone (the simulation may make a new one)");
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }

    private static V1PodDisruptionBudget Budget(string minAvailable) => new()
    {
        ApiVersion = "policy/v1",
        Kind = "PodDisruptionBudget",
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "shop", Generation = 3 },
        Spec = new V1PodDisruptionBudgetSpec
        {
            MinAvailable = minAvailable,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
        },
    };

    private static V1Pod Pod(string name, bool ready, string app = "web") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "shop", Labels = new Dictionary<string, string> { ["app"] = app } },
        Status = new V1PodStatus { Phase = "Running", Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }] },
    };
}
