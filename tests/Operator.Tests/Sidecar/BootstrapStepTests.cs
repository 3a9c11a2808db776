using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.Planning;
using Mesh.Operator.Reconciliation;
using Mesh.Operator.Runtime;
using Mesh.Operator.Sidecar;
using Mesh.Operator.Tests.Runtime;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Tests.Sidecar;

/// <summary>BootstrapStep against the embedded API: the namespace's bootstrap ConfigMap is written, owned and kept.</summary>
public sealed class BootstrapStepTests
{
    private static ObjectKey Key(TestApi env) => new(env.Namespace, SidecarContract.BootstrapConfigMap);

    private static async Task<BootstrapStep> StepAsync(TestApi env)
    {
        var cache = new ObjectCache<V1ConfigMap>();
        if (await env.Api.GetAsync<V1ConfigMap>(ResourceKinds.ConfigMap, Key(env), CancellationToken.None) is { } existing)
        {
            cache.Upsert(existing);
        }

        return new BootstrapStep(new ChildApplier(env.Api), cache);
    }

    [Fact]
    public async Task The_policy_writes_its_namespaces_bootstrap_owned_by_it_and_a_rerun_changes_nothing()
    {
        await using var env = await TestApi.StartAsync();
        var policy = await env.CreatePolicyAsync("p");
        var state = new NamespaceState { Namespace = env.Namespace, Policies = [policy] };

        await (await StepAsync(env)).RunAsync(policy, state, "cluster.local", CancellationToken.None);
        var written = await env.Api.GetAsync<V1ConfigMap>(ResourceKinds.ConfigMap, Key(env), CancellationToken.None);
        await (await StepAsync(env)).RunAsync(policy, state, "cluster.local", CancellationToken.None);
        var again = await env.Api.GetAsync<V1ConfigMap>(ResourceKinds.ConfigMap, Key(env), CancellationToken.None);

        written!.Data.Should().BeEquivalentTo(BootstrapConfigMapBuilder.Build(new SidecarBootstrapInput { Namespace = env.Namespace, TrustDomain = "cluster.local" }, "p").Data);
        written.Metadata.Labels.Should().Contain(MeshLabels.ForPolicy("p"));
        written.Metadata.OwnerReferences.Should().ContainSingle().Which.Uid.Should().Be(policy.Metadata.Uid);
        again!.Metadata.ResourceVersion.Should().Be(written.Metadata.ResourceVersion, "an unchanged bootstrap is not rewritten");
    }

    [Fact]
    public async Task An_edited_bootstrap_is_put_back()
    {
        await using var env = await TestApi.StartAsync();
        var policy = await env.CreatePolicyAsync("p");
        var state = new NamespaceState { Namespace = env.Namespace, Policies = [policy] };
        await (await StepAsync(env)).RunAsync(policy, state, "cluster.local", CancellationToken.None);
        await env.Api.MergePatchAsync<V1ConfigMap>(ResourceKinds.ConfigMap, Key(env), "{\"data\":{\"bootstrap.json\":\"{}\"}}", null, CancellationToken.None);

        await (await StepAsync(env)).RunAsync(policy, state, "cluster.local", CancellationToken.None);

        var restored = await env.Api.GetAsync<V1ConfigMap>(ResourceKinds.ConfigMap, Key(env), CancellationToken.None);
        restored!.Data[SidecarContract.BootstrapFile].Should().Contain("xds-grpc");
    }

    [Fact]
    public async Task A_newer_policy_leaves_the_bootstrap_to_the_older_one()
    {
        await using var env = await TestApi.StartAsync();
        var older = await env.CreatePolicyAsync("older");
        older.Metadata.CreationTimestamp = DateTime.UtcNow.AddHours(-1);
        var newer = await env.CreatePolicyAsync("newer");
        newer.Metadata.CreationTimestamp = DateTime.UtcNow;
        var state = new NamespaceState { Namespace = env.Namespace, Policies = [older, newer] };

        var outcome = await (await StepAsync(env)).RunAsync(newer, state, "cluster.local", CancellationToken.None);

        outcome.Message.Should().Contain("written by the older MeshPolicy older");
        (await env.Api.GetAsync<V1ConfigMap>(ResourceKinds.ConfigMap, Key(env), CancellationToken.None)).Should().BeNull();
    }
}
