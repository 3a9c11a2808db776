using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Contract;

/// <summary>A CRD serves its resources; status subresource and generation rules; printer columns through kubectl.</summary>
public abstract class CustomResourceContract<TTarget>(TTarget target)
    where TTarget : IClusterTarget
{
    protected TTarget Target { get; } = target;

    [ContractFact]
    public async Task The_main_endpoint_ignores_status_the_status_endpoint_ignores_spec_and_generation_follows_spec()
    {
        await WidgetCrd.EnsureAsync(Target);
        var ns = await Target.NewNamespaceAsync("status");
        var body = Widget(ns, "w", 1);
        body["status"] = new JsonObject { ["observedGeneration"] = 99 };
        var created = await Create(ns, body);
        created["status"].Should().BeNull("status is dropped on create when the status subresource exists");
        ((long)created["metadata"]!["generation"]!).Should().Be(1);

        created["spec"]!["size"] = 2;
        created["status"] = new JsonObject { ["observedGeneration"] = 1 };
        var replaced = await Replace(ns, created, status: false);
        ((long)replaced["metadata"]!["generation"]!).Should().Be(2);
        replaced["status"].Should().BeNull("the main endpoint ignores status");

        replaced["spec"]!["size"] = 3;
        replaced["status"] = new JsonObject { ["observedGeneration"] = 2 };
        var statusWritten = await Replace(ns, replaced, status: true);
        ((long)statusWritten["status"]!["observedGeneration"]!).Should().Be(2);
        ((long)statusWritten["spec"]!["size"]!).Should().Be(2, "the status endpoint ignores spec");
        ((long)statusWritten["metadata"]!["generation"]!).Should().Be(2, "a status write does not bump generation");

        statusWritten["metadata"]!["labels"] = new JsonObject { ["touched"] = "yes" };
        var relabelled = await Replace(ns, statusWritten, status: false);
        ((long)relabelled["metadata"]!["generation"]!).Should().Be(2, "metadata changes do not bump generation");
    }

    [ContractFact]
    public async Task A_custom_resource_update_with_a_stale_resource_version_is_a_409()
    {
        await WidgetCrd.EnsureAsync(Target);
        var ns = await Target.NewNamespaceAsync("crstale");
        var created = await Create(ns, Widget(ns, "w", 1));
        var fresh = created.DeepClone().AsObject();
        fresh["spec"]!["size"] = 2;
        await Replace(ns, fresh, status: false);
        created["spec"]!["size"] = 3;
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Replace(ns, created, status: false));
        error.Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [ContractFact]
    public async Task Kubectl_prints_printer_columns_and_finds_widgets_by_short_name_and_category()
    {
        await WidgetCrd.EnsureAsync(Target);
        var ns = await Target.NewNamespaceAsync("columns");
        (await Target.Kubectl.WithManifestAsync(Manifests.Widget(ns, "w1", 7), "apply")).ExitCode.Should().Be(0);
        await Target.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}", V1Patch.PatchType.MergePatch),
            Manifests.WidgetGroup, Manifests.WidgetVersion, ns, Manifests.WidgetPlural, "w1");

        var get = await Target.Kubectl.RunAsync("get", "widgets", "-n", ns);
        get.ExitCode.Should().Be(0, get.ToString());
        var lines = get.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().MatchRegex(@"^NAME\s+READY\s+SIZE\s+AGE$");
        lines[1].Should().MatchRegex(@"^w1\s+True\s+7\s+\d+s$");
        (await Target.Kubectl.RunAsync("get", "wg", "-n", ns, "-o", "name")).StdOut.Trim().Should().Be("widget.contract.mesh.dev/w1");
        (await Target.Kubectl.RunAsync("get", "contract", "-n", ns, "-o", "name")).StdOut.Trim().Should().Be("widget.contract.mesh.dev/w1");
    }

    [ContractFact]
    public async Task Kubectl_wait_sees_a_condition_set_through_the_status_subresource()
    {
        await WidgetCrd.EnsureAsync(Target);
        var ns = await Target.NewNamespaceAsync("wait");
        (await Target.Kubectl.WithManifestAsync(Manifests.Widget(ns, "w1", 1), "apply")).ExitCode.Should().Be(0);
        var timedOut = await Target.Kubectl.RunAsync("wait", "--for=condition=Ready", "widget/w1", "-n", ns, "--timeout=1s");
        timedOut.ExitCode.Should().NotBe(0);
        timedOut.StdErr.Should().Contain("timed out waiting for the condition on widgets/w1");

        var waiting = Target.Kubectl.RunAsync("wait", "--for=condition=Ready", "widget/w1", "-n", ns, "--timeout=30s");
        await Target.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}", V1Patch.PatchType.MergePatch),
            Manifests.WidgetGroup, Manifests.WidgetVersion, ns, Manifests.WidgetPlural, "w1");
        var met = await waiting;
        met.ExitCode.Should().Be(0, met.ToString());
        met.StdOut.Should().Contain("widget.contract.mesh.dev/w1 condition met");
    }

    [ContractFact]
    public async Task Kubectl_strategic_merge_patch_on_a_custom_resource_is_refused_with_415()
    {
        await WidgetCrd.EnsureAsync(Target);
        var ns = await Target.NewNamespaceAsync("smp");
        (await Target.Kubectl.WithManifestAsync(Manifests.Widget(ns, "w1", 1), "apply")).ExitCode.Should().Be(0);
        var patch = await Target.Kubectl.RunAsync("patch", "widget", "w1", "-n", ns, "-p", "{\"spec\":{\"size\":2}}");
        patch.ExitCode.Should().NotBe(0);
        patch.StdErr.Should().Contain("application/strategic-merge-patch+json is not supported by contract.mesh.dev/v1, Kind=Widget");
        var merge = await Target.Kubectl.RunAsync("patch", "widget", "w1", "-n", ns, "--type=merge", "-p", "{\"spec\":{\"size\":2}}");
        merge.ExitCode.Should().Be(0, merge.ToString());
    }

    private async Task<JsonObject> Create(string ns, JsonObject body) =>
        Json(await Target.Client.CustomObjects.CreateNamespacedCustomObjectAsync(body, Manifests.WidgetGroup, Manifests.WidgetVersion, ns, Manifests.WidgetPlural));

    private async Task<JsonObject> Replace(string ns, JsonObject body, bool status)
    {
        var name = (string)body["metadata"]!["name"]!;
        return Json(status
            ? await Target.Client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(body, Manifests.WidgetGroup, Manifests.WidgetVersion, ns, Manifests.WidgetPlural, name)
            : await Target.Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(body, Manifests.WidgetGroup, Manifests.WidgetVersion, ns, Manifests.WidgetPlural, name));
    }

    private static JsonObject Widget(string ns, string name, int size) => new()
    {
        ["apiVersion"] = $"{Manifests.WidgetGroup}/{Manifests.WidgetVersion}",
        ["kind"] = "Widget",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject { ["size"] = size, ["color"] = "red" },
    };

    private static JsonObject Json(object value) => JsonSerializer.SerializeToNode(value)!.AsObject();
}
