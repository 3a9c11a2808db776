using System.Text.Json;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests.Mesh;

/// <summary>
/// A MeshPolicy's life through the real kubectl: edited, deleted, or wrong at plan time. Each test works in its own
/// namespace of one shared local mode.
/// </summary>
public sealed class PolicyLifecycleTests(LocalMeshFixture mesh) : IClassFixture<LocalMeshFixture>
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    private Kubectl Kubectl => mesh.Kubectl;

    [Fact]
    public async Task An_edit_applied_with_kubectl_moves_observed_generation_on_the_status_and_every_condition()
    {
        const string ns = "edit";
        // The policy before its pods: the injector reads policies from its cache, and a pod created in the same instant
        // as its policy may be admitted before the cache has it (it would then run without a sidecar until restarted).
        await ApplyAsync($"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {ns}}}\n" + Policy(ns, "web", "2s"));
        await ApplyAsync(Workload(ns) + Policy(ns, "web", "2s"));
        await WaitAsync(ns, "Ready");
        (await ReadPolicyAsync(ns)).GetProperty("status").GetProperty("observedGeneration").GetInt64().Should().Be(1);

        await ApplyAsync(Policy(ns, "web", "3s"));

        var moved = await LocalMeshFixture.EventuallyAsync(async () =>
        {
            var policy = await ReadPolicyAsync(ns);
            var status = policy.GetProperty("status");
            return status.GetProperty("observedGeneration").GetInt64() == 2
                && status.GetProperty("conditions").EnumerateArray().All(c => c.GetProperty("observedGeneration").GetInt64() == 2);
        }, Settle);
        moved.Should().BeTrue($"the edit (generation 2) should be observed on the status and every condition:\n{await DescribeAsync(ns)}");
        (await ReadPolicyAsync(ns)).GetProperty("metadata").GetProperty("generation").GetInt64().Should().Be(2);
        await WaitAsync(ns, "Ready");
    }

    [Fact]
    public async Task Deleting_a_policy_with_kubectl_removes_its_children_and_its_xds_resources()
    {
        const string ns = "remove";
        // The policy before its pods: the injector reads policies from its cache, and a pod created in the same instant
        // as its policy may be admitted before the cache has it (it would then run without a sidecar until restarted).
        await ApplyAsync($"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {ns}}}\n" + Policy(ns, "web", "2s"));
        await ApplyAsync(Workload(ns) + Policy(ns, "web", "2s"));
        await WaitAsync(ns, "Ready");
        await Kubectl.MustAsync("get", "secret", "mesh-workload-web", "-n", ns);
        await Kubectl.MustAsync("get", "networkpolicy", "mesh-web-web", "-n", ns);
        const string listener = $"web.{ns}.svc.cluster.local:8080";
        mesh.ProxylessResourceNames(global::Mesh.XdsServer.Snapshots.TypeUrls.Listener).Should().Contain(listener);

        await Kubectl.MustAsync("delete", "meshpolicy", "web", "-n", ns, "--wait=true", "--timeout=30s");

        (await LocalMeshFixture.EventuallyAsync(async () => (await Kubectl.MustAsync("get", "secrets,networkpolicies", "-n", ns, "-o", "name")).Trim().Length == 0, Settle))
            .Should().BeTrue($"garbage collection should remove the owned Secret and NetworkPolicy: {await Kubectl.RunAsync("get", "secrets,networkpolicies", "-n", ns)}");
        (await LocalMeshFixture.EventuallyAsync(() => !mesh.ProxylessResourceNames(global::Mesh.XdsServer.Snapshots.TypeUrls.Listener).Contains(listener), Settle))
            .Should().BeTrue("the policy's xDS resources should leave the proxyless snapshot");
        await Kubectl.MustAsync("get", "service", "web", "-n", ns);
        await Kubectl.MustAsync("get", "deployment", "web", "-n", ns);
    }

    [Fact]
    public async Task A_backend_to_a_missing_service_is_not_accepted_and_describe_names_the_field()
    {
        const string ns = "wrong";
        await ApplyAsync(Workload(ns) + Policy(ns, "web-v9", "2s"));

        await WaitAsync(ns, "Accepted=False");

        var describe = await DescribeAsync(ns);
        describe.Should().Contain("spec.services[0].routes[0].backends[0].service", "the problem names its field path");
        describe.Should().Contain("web-v9");
        describe.Should().MatchRegex(@"Reason:\s+ReferenceNotFound");
        describe.Should().MatchRegex(@"Warning\s+ReferenceNotFound", "the rejection is an event too");
    }

    [Fact]
    public async Task An_egress_entry_naming_a_missing_service_of_another_namespace_warns_until_that_service_is_created()
    {
        const string ns = "egress-from";
        const string other = "egress-to";
        const string warning = "Service \"ledger\" does not exist in namespace \"egress-to\"";
        await ApplyAsync(Workload(ns) + Policy(ns, "web", "2s").Replace(
            "  services:\n", "  egress: {services: [\"./*\", \"egress-to/ledger\"]}\n  services:\n", StringComparison.Ordinal));
        await WaitAsync(ns, "Accepted");

        (await LocalMeshFixture.EventuallyAsync(async () => (await AcceptedMessageAsync(ns)).Contains(warning, StringComparison.Ordinal), Settle))
            .Should().BeTrue($"the Accepted condition should warn about the missing Service:\n{await DescribeAsync(ns)}");

        // The Service of the other namespace wakes the policy that names it: no edit of the policy, no poll.
        await ApplyAsync($$$"""
            apiVersion: v1
            kind: Namespace
            metadata: {name: {{{other}}}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: ledger, namespace: {{{other}}}}
            spec:
              ports: [{name: http, port: 8080}]
            """);

        (await LocalMeshFixture.EventuallyAsync(async () => !(await AcceptedMessageAsync(ns)).Contains(warning, StringComparison.Ordinal), Settle))
            .Should().BeTrue($"the warning should clear once the Service exists:\n{await DescribeAsync(ns)}");
    }

    private async Task<string> AcceptedMessageAsync(string ns) =>
        await Kubectl.MustAsync("get", "meshpolicy", "web", "-n", ns, "-o", "jsonpath={.status.conditions[?(@.type==\"Accepted\")].message}");

    private async Task ApplyAsync(string yaml)
    {
        var result = await Kubectl.ApplyAsync(yaml);
        result.ExitCode.Should().Be(0, $"kubectl apply should succeed: {result}");
    }

    private async Task WaitAsync(string ns, string condition)
    {
        var result = await Kubectl.RunAsync("wait", $"--for=condition={condition}", "meshpolicy/web", "-n", ns, "--timeout=60s");
        result.ExitCode.Should().Be(0, $"{condition} should hold: {result}\n{await DescribeAsync(ns)}");
    }

    private async Task<JsonElement> ReadPolicyAsync(string ns)
    {
        using var doc = JsonDocument.Parse(await Kubectl.MustAsync("get", "meshpolicy", "web", "-n", ns, "-o", "json"));
        return doc.RootElement.Clone();
    }

    private async Task<string> DescribeAsync(string ns) => (await Kubectl.RunAsync("describe", "meshpolicy", "web", "-n", ns)).StdOut;

    private static string Policy(string ns, string backend, string timeout) => $$$"""
        ---
        apiVersion: mesh.dev/v1alpha1
        kind: MeshPolicy
        metadata: {name: web, namespace: {{{ns}}}}
        spec:
          networkPolicy: {mode: Enforce}
          defaultAuthorization: AllowSameNamespace
          services:
            - name: web
              routes:
                - name: default
                  backends: [{service: {{{backend}}}}]
                  timeout: {{{timeout}}}

        """;

    private static string Workload(string ns) => $$$"""
        apiVersion: v1
        kind: Namespace
        metadata: {name: {{{ns}}}}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: web, namespace: {{{ns}}}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: {{{ns}}}}
        spec:
          selector: {app: web}
          ports: [{name: http, port: 8080, targetPort: 8080, appProtocol: http}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: {{{ns}}}}
        spec:
          replicas: 1
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              serviceAccountName: web
              containers: [{name: web, image: example.com/web:1, ports: [{containerPort: 8080}]}]

        """;
}
