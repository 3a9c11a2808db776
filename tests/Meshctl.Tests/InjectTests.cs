using Mesh.LocalCluster.Http;
using Mesh.Meshctl.Inject;

namespace Mesh.Meshctl.Tests;

/// <summary>meshctl inject: the webhook's injector offline over workload files (testdata/inject/&lt;case&gt;).</summary>
public sealed class InjectTests
{
    private static string Case(string name, string file) => MeshctlRun.Repo("tests", "Meshctl.Tests", "testdata", "inject", name, file);

    [Fact]
    public async Task Workloads_are_injected_as_the_webhook_would_and_other_documents_pass_through()
    {
        var result = await MeshctlRun.RunAsync("inject", "-f", Case("workloads", "input.yaml"), "-f", Case("workloads", "policy.yaml"));

        result.ExitCode.Should().Be(0, result.ToString());
        Golden.Verify("inject/workloads/expected.yaml", result.Stdout);
        Golden.Verify("inject/workloads/stderr.txt", result.Stderr);
        var documents = YamlToJson.ConvertAll(result.Stdout);
        documents.Should().HaveCount(8, "6 documents of input.yaml and the policy");
        result.Stdout.Should().StartWith("# One of each kind meshctl inject reads", "an unchanged document is written as read, comments included");
    }

    [Fact]
    public async Task The_output_injects_to_itself()
    {
        var first = await MeshctlRun.RunAsync("inject", "-f", Case("workloads", "input.yaml"), "-f", Case("workloads", "policy.yaml"));
        using var files = new TempManifests();
        var injected = files.Write("injected.yaml", first.Stdout);

        var second = await MeshctlRun.RunAsync("inject", "-f", injected);

        second.ExitCode.Should().Be(0, second.ToString());
        second.Stdout.Should().Be(first.Stdout);
        second.Stderr.Should().Contain("Deployment demo/web: already injected; left unchanged.");
    }

    [Fact]
    public void Each_kind_gets_the_sidecar_in_its_pod_template()
    {
        var policy = Mesh.Meshctl.Analysis.ManifestReader.Read([Case("workloads", "policy.yaml")]).Policies.Values.Single().Policy!;

        var output = OfflineInjector.Inject(File.ReadAllText(Case("workloads", "input.yaml")), "input.yaml", [policy], new Mesh.Operator.Injection.InjectorOptions());

        output.PodTemplates.Should().Be(5);
        var documents = YamlToJson.ConvertAll(output.Yaml).Select(d => d!.AsObject()).ToList();
        InitContainers(documents[1]["spec"]!["template"]!).Should().Equal("mesh-init", "mesh-proxy");
        InitContainers(documents[2]["spec"]!["template"]!).Should().Equal("mesh-init", "mesh-proxy");
        documents[3]["spec"]!["template"]!["spec"]!["initContainers"].Should().BeNull("the DaemonSet's pods are not selected");
        InitContainers(documents[4]["spec"]!["jobTemplate"]!["spec"]!["template"]!).Should().Equal("mesh-init", "mesh-proxy");
        documents[5]["spec"]!["initContainers"].Should().BeNull("the pod opted out");
        output.Notes.Should().Contain("input.yaml: Pod demo/debug: opted out (sidecar.mesh.dev/inject: \"false\"); left unchanged.");
    }

    private static IEnumerable<string> InitContainers(System.Text.Json.Nodes.JsonNode template) =>
        template["spec"]!["initContainers"]!.AsArray().Select(c => (string)c!["name"]!);
}
