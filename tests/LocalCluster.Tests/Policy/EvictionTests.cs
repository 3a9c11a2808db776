using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Policy;

/// <summary>pods/eviction and policy/v1 PodDisruptionBudgets on the embedded API, through KubernetesClient and raw HTTP.</summary>
public sealed class EvictionTests(LocalApiFixture fixture) : IClassFixture<LocalApiFixture>
{
    [Fact]
    public async Task An_eviction_that_would_violate_a_budget_is_refused_with_429()
    {
        var ns = await fixture.NewNamespaceAsync("evict");
        await RunningPodAsync(ns, "web-1");
        await BudgetAsync(ns, "web", allowed: 0, current: 1, desired: 1);

        var (status, body, text) = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods/web-1/eviction",
            new JsonObject { ["apiVersion"] = "policy/v1", ["kind"] = "Eviction", ["metadata"] = new JsonObject { ["name"] = "web-1", ["namespace"] = ns } }.ToJsonString());
        status.Should().Be(429, text);
        body!["reason"]!.GetValue<string>().Should().Be("TooManyRequests");
        body["message"]!.GetValue<string>().Should().Be("Cannot evict pod as it would violate the pod's disruption budget.");
        var cause = body["details"]!["causes"]![0]!;
        cause["reason"]!.GetValue<string>().Should().Be("DisruptionBudget");
        cause["message"]!.GetValue<string>().Should().Be("The disruption budget web needs 1 healthy pods and has 1 currently");
        (await fixture.Client.CoreV1.ReadNamespacedPodAsync("web-1", ns)).Should().NotBeNull("the pod stays");

        var typed = async () => await fixture.Client.CoreV1.CreateNamespacedPodEvictionAsync(
            new V1Eviction { Metadata = new V1ObjectMeta { Name = "web-1", NamespaceProperty = ns } }, "web-1", ns);
        (await typed.Should().ThrowAsync<HttpOperationException>()).Which.Response.StatusCode.Should().Be((HttpStatusCode)429);
    }

    [Fact]
    public async Task An_allowed_eviction_deletes_the_pod_and_charges_the_budget()
    {
        var ns = await fixture.NewNamespaceAsync("evict");
        await RunningPodAsync(ns, "web-1");
        await BudgetAsync(ns, "web", allowed: 1, current: 2, desired: 1);

        await fixture.Client.CoreV1.CreateNamespacedPodEvictionAsync(
            new V1Eviction { Metadata = new V1ObjectMeta { Name = "web-1", NamespaceProperty = ns } }, "web-1", ns);

        var pods = await fixture.Client.CoreV1.ListNamespacedPodAsync(ns);
        pods.Items.Should().BeEmpty();
        var budget = await fixture.Client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("web", ns);
        budget.Status.DisruptionsAllowed.Should().Be(0);
        budget.Status.DisruptedPods.Should().ContainKey("web-1");
    }

    [Fact]
    public async Task A_pod_no_budget_selects_is_evicted_and_an_unknown_pod_is_404()
    {
        var ns = await fixture.NewNamespaceAsync("evict");
        await RunningPodAsync(ns, "lonely", app: "other");
        await BudgetAsync(ns, "web", allowed: 0, current: 1, desired: 1);

        var (status, body, text) = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods/lonely/eviction",
            """{"apiVersion":"policy/v1beta1","kind":"Eviction","metadata":{"name":"lonely"}}""");
        status.Should().Be(201, text);
        body!["status"]!.GetValue<string>().Should().Be("Success");
        (await fixture.Client.CoreV1.ListNamespacedPodAsync(ns)).Items.Should().BeEmpty();

        var (missing, error, _) = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods/nope/eviction",
            """{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"nope"}}""");
        missing.Should().Be(404);
        error!["message"]!.GetValue<string>().Should().Be("pods \"nope\" not found");
    }

    [Fact]
    public async Task A_pending_pod_ignores_budgets_and_a_dry_run_eviction_keeps_everything()
    {
        var ns = await fixture.NewNamespaceAsync("evict");
        await RunningPodAsync(ns, "web-1");
        await BudgetAsync(ns, "web", allowed: 1, current: 2, desired: 1);
        var (status, _, text) = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods/web-1/eviction",
            """{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"web-1"},"deleteOptions":{"dryRun":["All"]}}""");
        status.Should().Be(201, text);
        (await fixture.Client.CoreV1.ReadNamespacedPodAsync("web-1", ns)).Should().NotBeNull();
        (await fixture.Client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("web", ns)).Status.DisruptionsAllowed.Should().Be(1);

        await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("pending", "web"), ns);
        await BudgetAsync(ns, "strict", allowed: 0, current: 0, desired: 2, app: "never");
        await fixture.Client.CoreV1.CreateNamespacedPodEvictionAsync(
            new V1Eviction { Metadata = new V1ObjectMeta { Name = "pending", NamespaceProperty = ns } }, "pending", ns);
        (await fixture.Client.CoreV1.ListNamespacedPodAsync(ns)).Items.Select(p => p.Metadata.Name).Should().Equal("web-1");
    }

    [Fact]
    public async Task Discovery_lists_pods_eviction_and_poddisruptionbudgets()
    {
        var (_, core, _) = await fixture.SendAsync(HttpMethod.Get, "/api/v1");
        var eviction = core!["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "pods/eviction")!;
        eviction["kind"]!.GetValue<string>().Should().Be("Eviction");
        eviction["group"]!.GetValue<string>().Should().Be("policy");
        eviction["verbs"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Equal("create");

        var output = await fixture.Kubectl.MustAsync("api-resources", "--api-group=policy");
        output.Should().MatchRegex(@"poddisruptionbudgets\s+pdb\s+policy/v1\s+true\s+PodDisruptionBudget");
    }

    [Fact]
    public async Task Kubectl_applies_and_lists_budgets_with_their_columns()
    {
        var ns = await fixture.NewNamespaceAsync("pdbget");
        var applied = await fixture.Kubectl.ApplyAsync($$"""
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata:
              name: web
              namespace: {{ns}}
            spec:
              maxUnavailable: 25%
              selector:
                matchLabels: {app: web}
            """);
        applied.StdOut.Trim().Should().Be("poddisruptionbudget.policy/web created", applied.ToString());
        await BudgetStatusAsync(ns, "web", allowed: 1, current: 4, desired: 3);

        var table = await fixture.Kubectl.MustAsync("get", "pdb", "-n", ns);
        table.Should().MatchRegex(@"NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE\nweb\s+N/A\s+25%\s+1\s+\d+s");
    }

    private async Task RunningPodAsync(string ns, string name, string app = "web")
    {
        await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod(name, app), ns);
        var status = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }),
            },
        };
        await fixture.Client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(status.ToJsonString(), V1Patch.PatchType.MergePatch), name, ns);
    }

    private static V1Pod Pod(string name, string app) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "nginx" }] },
    };

    private async Task BudgetAsync(string ns, string name, int allowed, int current, int desired, string app = "web")
    {
        await fixture.Client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(new V1PodDisruptionBudget
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1PodDisruptionBudgetSpec
            {
                MinAvailable = desired,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = app } },
            },
        }, ns);
        await BudgetStatusAsync(ns, name, allowed, current, desired);
    }

    private async Task BudgetStatusAsync(string ns, string name, int allowed, int current, int desired)
    {
        var status = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["observedGeneration"] = 1,
                ["disruptionsAllowed"] = allowed,
                ["currentHealthy"] = current,
                ["desiredHealthy"] = desired,
                ["expectedPods"] = current,
            },
        };
        await fixture.Client.PolicyV1.PatchNamespacedPodDisruptionBudgetStatusAsync(new V1Patch(status.ToJsonString(), V1Patch.PatchType.MergePatch), name, ns);
    }
}
