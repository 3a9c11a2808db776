using System.Text.Json.Nodes;
using Mesh.LocalCluster.Tests.Infrastructure;
using Mesh.Testing;

namespace Mesh.LocalCluster.Tests.Local;

/// <summary>
/// Deleting a CRD whose resources carry finalizers, as kube-apiserver does it: the CRD waits (Terminating, with the
/// customresourcecleanup finalizer) until every resource is gone, its resources stay readable and patchable meanwhile,
/// and new ones are refused.
/// </summary>
public sealed class CrdDeletionTests(LocalApiFixture fixture) : IClassFixture<LocalApiFixture>
{
    private const string Crd = "meshpolicies.mesh.dev";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Deleting_the_MeshPolicy_CRD_waits_for_a_policy_finalizer_and_refuses_new_policies_meanwhile()
    {
        var kubectl = fixture.Kubectl;
        await kubectl.MustAsync("apply", "--server-side", "-f", RepoPaths.Of("config", "crd", "mesh.dev_meshpolicies.yaml"));
        await kubectl.MustAsync("wait", "--for=condition=established", $"crd/{Crd}", "--timeout=30s");
        await kubectl.MustAsync("apply", "-f", RepoPaths.Of("config", "samples", "shop", "00-namespace.yaml"));
        var sample = RepoPaths.Of("config", "samples", "shop", "01-meshpolicy.yaml");
        await kubectl.MustAsync("apply", "-f", sample);
        await kubectl.MustAsync("patch", "meshpolicy", "shop", "-n", "shop", "--type=merge", "-p", """{"metadata":{"finalizers":["example.com/hold"]}}""");
        var free = (await kubectl.MustAsync("get", "meshpolicy", "shop", "-n", "shop", "-o", "json")).Replace("\"name\": \"shop\"", "\"name\": \"free\"", StringComparison.Ordinal);
        var freeObject = JsonNode.Parse(free)!.AsObject();
        foreach (var field in new[] { "resourceVersion", "uid", "creationTimestamp", "finalizers", "generation", "managedFields", "annotations" })
        {
            freeObject["metadata"]!.AsObject().Remove(field);
        }

        (await kubectl.WithManifestAsync(freeObject.ToJsonString(), "create")).ExitCode.Should().Be(0);

        var deleted = await kubectl.RunAsync("delete", "crd", Crd, "--wait=false");
        deleted.ExitCode.Should().Be(0, deleted.ToString());

        // The policy without a finalizer goes; the held one is only marked; the CRD stays, Terminating.
        await Eventually.True(async () => (await kubectl.RunAsync("get", "meshpolicy", "free", "-n", "shop")).StdErr.Contains("NotFound", StringComparison.Ordinal),
            "the cleanup deletes the policy without a finalizer", Timeout);
        (await kubectl.MustAsync("get", "meshpolicy", "shop", "-n", "shop", "-o", "jsonpath={.metadata.deletionTimestamp}")).Should().NotBeEmpty();
        await Eventually.True(async () => (await TerminatingAsync()).Reason == "InstanceDeletionInProgress", "the CRD reports the cleanup in progress", Timeout);
        var crd = JsonNode.Parse(await kubectl.MustAsync("get", "crd", Crd, "-o", "json"))!;
        ((string?)crd["metadata"]!["deletionTimestamp"]).Should().NotBeNullOrEmpty();
        crd["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f).Should().Contain("customresourcecleanup.apiextensions.k8s.io");
        (await TerminatingAsync()).Should().Be(("True", "InstanceDeletionInProgress", "CustomResource deletion is in progress"));

        var refused = await kubectl.RunAsync("create", "-f", sample);
        refused.ExitCode.Should().NotBe(0);
        refused.StdErr.Should().Contain("create not allowed while custom resource definition is terminating");

        // Still served while terminating: the finalizer can be removed, and then everything goes.
        await kubectl.MustAsync("patch", "meshpolicy", "shop", "-n", "shop", "--type=merge", "-p", """{"metadata":{"finalizers":null}}""");
        await Eventually.True(async () => (await kubectl.RunAsync("get", "crd", Crd)).StdErr.Contains("NotFound", StringComparison.Ordinal),
            "the CRD goes once its last resource is gone", Timeout);
        (await kubectl.RunAsync("get", "meshpolicies", "-A")).ExitCode.Should().NotBe(0, "the resource is no longer served");
    }

    private async Task<(string Status, string Reason, string Message)> TerminatingAsync()
    {
        var got = await fixture.Kubectl.RunAsync("get", "crd", Crd, "-o", "json");
        if (got.ExitCode != 0)
        {
            return ("", "", "");
        }

        var condition = JsonNode.Parse(got.StdOut)!["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == "Terminating");
        return condition is null ? ("", "", "") : ((string)condition["status"]!, (string)condition["reason"]!, (string)condition["message"]!);
    }
}
