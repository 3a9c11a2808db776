using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Contract;

/// <summary>
/// Webhook configurations and pods/eviction as every API server serves them. Calls to webhooks are in
/// <see cref="WebhookCallContract{TTarget}"/>.
/// </summary>
public abstract class AdmissionContract<TTarget>(TTarget target)
    where TTarget : IClusterTarget
{
    private const string Path = "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations";

    protected TTarget Target { get; } = target;

    [ContractFact]
    public async Task A_webhook_configuration_gets_the_v1_defaults()
    {
        var name = ClusterTargetExtensions.Unique("defaults");
        var (status, body, text) = await Target.SendAsync(HttpMethod.Post,
            "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations", Configuration("MutatingWebhookConfiguration", name, Hook()).ToJsonString());
        try
        {
            status.Should().Be(201, text);
            var hook = body!["webhooks"]![0]!;
            hook["failurePolicy"]!.GetValue<string>().Should().Be("Fail");
            hook["matchPolicy"]!.GetValue<string>().Should().Be("Equivalent");
            hook["timeoutSeconds"]!.GetValue<int>().Should().Be(10);
            hook["reinvocationPolicy"]!.GetValue<string>().Should().Be("Never");
            hook["namespaceSelector"]!.ToJsonString().Should().Be("{}");
            hook["objectSelector"]!.ToJsonString().Should().Be("{}");
            hook["rules"]![0]!["scope"]!.GetValue<string>().Should().Be("*");
            hook["clientConfig"]!["service"]!["port"]!.GetValue<int>().Should().Be(443);
        }
        finally
        {
            await Target.SendAsync(HttpMethod.Delete, $"/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/{name}");
        }
    }

    [ContractFact]
    public async Task An_invalid_webhook_configuration_is_422_with_every_problem()
    {
        var hook = Hook();
        hook.Remove("sideEffects");
        hook["timeoutSeconds"] = 31;
        hook["clientConfig"]!["url"] = "https://hooks.example/validate";
        var (status, body, text) = await Target.SendAsync(HttpMethod.Post, Path, Configuration("ValidatingWebhookConfiguration", "broken", hook).ToJsonString());

        status.Should().Be(422, text);
        var causes = body!["details"]!["causes"]!.AsArray().Select(c => $"{c!["field"]}: {c["message"]}").ToList();
        causes.Should().Contain("webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun");
        causes.Should().Contain("webhooks[0].timeoutSeconds: Invalid value: 31: the timeout value must be between 1 and 30 seconds");
        causes.Should().Contain("webhooks[0].clientConfig: Required value: exactly one of url or service is required");
        body["message"]!.GetValue<string>().Should().StartWith("ValidatingWebhookConfiguration.admissionregistration.k8s.io \"broken\" is invalid: ");
    }

    [ContractFact]
    public async Task Evicting_an_unknown_pod_is_404()
    {
        var ns = await Target.NewNamespaceAsync("evict404");
        var call = () => Target.Client.CoreV1.CreateNamespacedPodEvictionAsync(
            new V1Eviction { Metadata = new V1ObjectMeta { Name = "nope", NamespaceProperty = ns } }, "nope", ns);
        var error = (await call.Should().ThrowAsync<HttpOperationException>()).Which;
        error.Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        JsonNode.Parse(error.Response.Content)!["message"]!.GetValue<string>().Should().Be("pods \"nope\" not found");
    }

    [ContractFact]
    public async Task A_pending_pod_is_evicted_even_when_its_budget_allows_no_disruption()
    {
        var ns = await Target.NewNamespaceAsync("evictpending");
        await Target.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "stuck", Labels = new Dictionary<string, string> { ["app"] = "stuck" } },
            // An image that cannot be pulled keeps the pod Pending on a real cluster too.
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "registry.invalid/none:0" }] },
        }, ns);
        await Target.Client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(new V1PodDisruptionBudget
        {
            Metadata = new V1ObjectMeta { Name = "stuck" },
            Spec = new V1PodDisruptionBudgetSpec
            {
                MinAvailable = 1,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "stuck" } },
            },
        }, ns);

        await Target.Client.CoreV1.CreateNamespacedPodEvictionAsync(
            new V1Eviction { Metadata = new V1ObjectMeta { Name = "stuck", NamespaceProperty = ns } }, "stuck", ns);
        var pods = await Target.Client.CoreV1.ListNamespacedPodAsync(ns);
        pods.Items.Where(p => p.Metadata.DeletionTimestamp is null).Should().BeEmpty("the pod is gone or terminating");
    }

    [ContractFact]
    public async Task Discovery_lists_pods_eviction_as_a_policy_v1_Eviction_with_verb_create()
    {
        var (_, core, _) = await Target.SendAsync(HttpMethod.Get, "/api/v1");
        var eviction = core!["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "pods/eviction")!;
        eviction["group"]!.GetValue<string>().Should().Be("policy");
        eviction["version"]!.GetValue<string>().Should().Be("v1");
        eviction["kind"]!.GetValue<string>().Should().Be("Eviction");
        eviction["verbs"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Equal("create");
    }

    private static JsonObject Configuration(string kind, string name, JsonObject hook) => new()
    {
        ["apiVersion"] = "admissionregistration.k8s.io/v1",
        ["kind"] = kind,
        ["metadata"] = new JsonObject { ["name"] = name },
        ["webhooks"] = new JsonArray(hook),
    };

    /// <summary>A valid webhook whose rules name a resource nobody writes, so it never affects other tests.</summary>
    private static JsonObject Hook() => new()
    {
        ["name"] = "contract.mesh.dev",
        ["clientConfig"] = new JsonObject { ["service"] = new JsonObject { ["namespace"] = "default", ["name"] = "nobody" } },
        ["rules"] = new JsonArray(new JsonObject
        {
            ["operations"] = new JsonArray("CREATE"),
            ["apiGroups"] = new JsonArray("contract.mesh.dev"),
            ["apiVersions"] = new JsonArray("v1"),
            ["resources"] = new JsonArray("gadgets"),
        }),
        ["sideEffects"] = "None",
        ["admissionReviewVersions"] = new JsonArray("v1"),
    };
}
