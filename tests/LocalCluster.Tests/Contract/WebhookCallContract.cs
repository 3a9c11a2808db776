using System.Text.Json.Nodes;
using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Contract;

/// <summary>
/// Calls to admission webhooks as every API server makes them, driven with kubectl. The webhook is one
/// <see cref="HostWebhook"/> server on the test host, registered by <c>url</c> (the name each target reaches the host
/// by) and scoped to the test's namespace, so parallel tests and the rest of the cluster never meet it.
/// </summary>
public abstract class WebhookCallContract<TTarget>(TTarget target)
    where TTarget : IClusterTarget
{
    protected TTarget Target { get; } = target;

    [ContractFact]
    public async Task A_mutating_webhook_patch_is_stored_and_its_review_is_v1_with_a_uid()
    {
        await using var hook = await RegisterAsync("mutate", mutating: true,
            request => TestWebhookServer.Patch(TestWebhookServer.AddLabel(request, "contract.mesh.dev/hooked", "yes")));

        var created = await Target.Kubectl.WithManifestAsync(Manifests.ConfigMap(hook.Namespace, "demo"), "create");
        created.ExitCode.Should().Be(0, created.ToString());
        (await Target.Kubectl.MustAsync("get", "configmap", "demo", "-n", hook.Namespace, "-o", "jsonpath={.metadata.labels.contract\\.mesh\\.dev/hooked}"))
            .Should().Be("yes");

        var review = hook.Reviews().Should().ContainSingle().Which;
        review["apiVersion"]!.GetValue<string>().Should().Be("admission.k8s.io/v1");
        review["request"]!["uid"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        review["request"]!["operation"]!.GetValue<string>().Should().Be("CREATE");
        review["request"]!["kind"]!.ToJsonString().Should().Be("""{"group":"","version":"v1","kind":"ConfigMap"}""");
    }

    [ContractFact]
    public async Task A_denial_is_worded_as_the_server_words_it_and_nothing_is_stored()
    {
        await using var hook = await RegisterAsync("deny", mutating: false, _ => TestWebhookServer.Deny("not here, use another namespace"));

        var created = await Target.Kubectl.WithManifestAsync(Manifests.ConfigMap(hook.Namespace, "demo"), "create");
        created.ExitCode.Should().NotBe(0);
        created.StdErr.Should().Contain($"admission webhook \"{hook.Name}\" denied the request: not here, use another namespace");
        (await Target.Kubectl.RunAsync("get", "configmap", "demo", "-n", hook.Namespace)).StdErr.Should().Contain("not found");
    }

    [ContractFact]
    public async Task Response_warnings_reach_kubectl_as_Warning_lines()
    {
        await using var hook = await RegisterAsync("warn", mutating: false,
            _ => new JsonObject { ["allowed"] = true, ["warnings"] = new JsonArray("key1 is deprecated, use key2") });

        var created = await Target.Kubectl.WithManifestAsync(Manifests.ConfigMap(hook.Namespace, "demo"), "create");
        created.ExitCode.Should().Be(0, created.ToString());
        created.StdErr.Should().Contain("Warning: key1 is deprecated, use key2");
    }

    [ContractFact]
    public async Task A_server_side_dry_run_tells_the_webhook_and_stores_nothing()
    {
        await using var hook = await RegisterAsync("dryrun", mutating: false, _ => TestWebhookServer.Allow());

        var created = await Target.Kubectl.WithManifestAsync(Manifests.ConfigMap(hook.Namespace, "demo"), "create", "--dry-run=server");
        created.ExitCode.Should().Be(0, created.ToString());
        hook.Reviews().Should().ContainSingle().Which["request"]!["dryRun"]!.GetValue<bool>().Should().BeTrue();
        (await Target.Kubectl.RunAsync("get", "configmap", "demo", "-n", hook.Namespace)).StdErr.Should().Contain("not found");
    }

    [ContractFact]
    public async Task A_broken_answer_fails_the_request_under_Fail_and_is_ignored_under_Ignore()
    {
        await using var failing = await RegisterAsync("fail", mutating: false, _ => TestWebhookServer.Allow(), failurePolicy: "Fail", broken: true);
        var refused = await Target.Kubectl.WithManifestAsync(Manifests.ConfigMap(failing.Namespace, "demo"), "create");
        refused.ExitCode.Should().NotBe(0);
        refused.StdErr.Should().Contain($"Internal error occurred: failed calling webhook \"{failing.Name}\"");

        await using var ignoring = await RegisterAsync("ignore", mutating: false, _ => TestWebhookServer.Allow(), failurePolicy: "Ignore", broken: true);
        var admitted = await Target.Kubectl.WithManifestAsync(Manifests.ConfigMap(ignoring.Namespace, "demo"), "create");
        admitted.ExitCode.Should().Be(0, admitted.ToString());
        ignoring.Reviews().Should().NotBeEmpty("the webhook was called; only its answer was unusable");
    }

    private async Task<RegisteredHook> RegisterAsync(
        string prefix, bool mutating, Func<JsonObject, JsonObject> respond, string failurePolicy = "Fail", bool broken = false)
    {
        var ns = await Target.NewNamespaceAsync(prefix);
        var server = await HostWebhook.ServerAsync();
        var path = HostWebhook.UniquePath(prefix);
        if (broken)
        {
            server.OnRaw(path, _ => Task.FromResult("this is not an AdmissionReview"));
        }
        else
        {
            server.On(path, respond);
        }

        var name = $"{prefix}.contract.mesh.dev";
        var kind = mutating ? "mutatingwebhookconfigurations" : "validatingwebhookconfigurations";
        var configuration = ClusterTargetExtensions.Unique(prefix);
        var body = new JsonObject
        {
            ["apiVersion"] = "admissionregistration.k8s.io/v1",
            ["kind"] = mutating ? "MutatingWebhookConfiguration" : "ValidatingWebhookConfiguration",
            ["metadata"] = new JsonObject { ["name"] = configuration },
            ["webhooks"] = new JsonArray(new JsonObject
            {
                ["name"] = name,
                ["clientConfig"] = new JsonObject { ["url"] = new Uri(Target.HostWebhookBase, path).ToString(), ["caBundle"] = server.CaBundle },
                ["rules"] = new JsonArray(new JsonObject
                {
                    ["operations"] = new JsonArray("CREATE"),
                    ["apiGroups"] = new JsonArray(""),
                    ["apiVersions"] = new JsonArray("v1"),
                    ["resources"] = new JsonArray("configmaps"),
                }),
                ["namespaceSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["kubernetes.io/metadata.name"] = ns } },
                ["failurePolicy"] = failurePolicy,
                ["sideEffects"] = "None",
                ["admissionReviewVersions"] = new JsonArray("v1"),
                ["timeoutSeconds"] = 10,
            }),
        };
        var (status, _, text) = await Target.SendAsync(HttpMethod.Post, $"/apis/admissionregistration.k8s.io/v1/{kind}", body.ToJsonString());
        status.Should().Be(201, text);
        // A real API server reads webhook configurations through an informer: wait until its first call proves it is
        // active, using a probe object whose review is then forgotten.
        await AwaitActiveAsync(ns, server, path);
        return new RegisteredHook(Target, ns, name, $"/apis/admissionregistration.k8s.io/v1/{kind}/{configuration}", server, path);
    }

    private async Task AwaitActiveAsync(string ns, TestWebhookServer server, string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var attempt = 0;
        while (!server.ReceivedOn(path).Any())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the webhook configuration should become active");
            await Target.Kubectl.WithManifestAsync(Manifests.ConfigMap(ns, $"probe-{attempt++}"), "create", "--dry-run=server");
            if (!server.ReceivedOn(path).Any())
            {
                await Task.Delay(200);
            }
        }

        server.Forget(path);
    }

    private sealed record RegisteredHook(IClusterTarget Target, string Namespace, string Name, string ConfigurationPath, TestWebhookServer Server, string Path)
        : IAsyncDisposable
    {
        public IReadOnlyList<JsonObject> Reviews() => Server.ReceivedOn(Path).ToList();

        public async ValueTask DisposeAsync() => await Target.SendAsync(HttpMethod.Delete, ConfigurationPath);
    }
}
