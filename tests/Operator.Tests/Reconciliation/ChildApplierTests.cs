using System.Net;
using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.Reconciliation;
using Mesh.Operator.Runtime;
using Mesh.Operator.Tests.Runtime;

namespace Mesh.Operator.Tests.Reconciliation;

/// <summary>ChildApplier's conflict paths against the embedded API (each test in its own server and namespace).</summary>
public sealed class ChildApplierTests
{
    private static V1ConfigMap Desired(TestApi env, string value) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta { Name = "child", NamespaceProperty = env.Namespace },
        Data = new Dictionary<string, string> { ["ours"] = value },
    };

    private static Task<V1ConfigMap?> LiveAsync(TestApi env) =>
        env.Api.GetAsync<V1ConfigMap>(ResourceKinds.ConfigMap, ObjectKey.Create(env.Namespace, "child"), CancellationToken.None);

    [Fact]
    public async Task A_create_that_meets_an_object_the_cache_has_not_seen_patches_the_live_one_and_keeps_other_writers_fields()
    {
        await using var env = await TestApi.StartAsync();
        var owner = await env.CreatePolicyAsync("p");
        await env.Api.CreateAsync(ResourceKinds.ConfigMap, new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "child", NamespaceProperty = env.Namespace, Annotations = new Dictionary<string, string> { ["other/writer"] = "yes" } },
            Data = new Dictionary<string, string> { ["ours"] = "stale", ["theirs"] = "kept" },
        }, CancellationToken.None);

        var wrote = await new ChildApplier(env.Api).ApplyAsync(ResourceKinds.ConfigMap, Desired(env, "fresh"), null, owner, CancellationToken.None);

        wrote.Should().BeTrue();
        var live = (await LiveAsync(env))!;
        live.Data.Should().Equal(new Dictionary<string, string> { ["ours"] = "fresh", ["theirs"] = "kept" });
        live.Metadata.Annotations.Should().Contain("other/writer", "yes");
        live.Metadata.Labels.Should().Contain(MeshLabels.ManagedBy, MeshLabels.ManagedByValue).And.Contain(MeshLabels.Policy, "p");
        live.Metadata.OwnerReferences.Should().ContainSingle(r => r.Uid == owner.Metadata.Uid && r.Controller == true);
    }

    [Fact]
    public async Task A_409_on_the_update_fails_the_apply_with_nothing_half_applied_and_the_retry_converges()
    {
        await using var env = await TestApi.StartAsync();
        var owner = await env.CreatePolicyAsync("p");
        var applier = new ChildApplier(env.Api);
        await applier.ApplyAsync(ResourceKinds.ConfigMap, Desired(env, "v1"), null, owner, CancellationToken.None);
        var before = (await LiveAsync(env))!;
        env.Server.Faults.FailNext("patch", "configmaps", 409);

        var first = () => applier.ApplyAsync(ResourceKinds.ConfigMap, Desired(env, "v2"), before, owner, CancellationToken.None);

        // The error reaches the reconciler, whose queue retries the key with backoff: the applier must not swallow it.
        (await first.Should().ThrowAsync<KubeApiException>()).Which.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var untouched = (await LiveAsync(env))!;
        untouched.Metadata.ResourceVersion.Should().Be(before.Metadata.ResourceVersion, "the refused patch wrote nothing");
        untouched.Data.Should().Equal(before.Data);

        (await applier.ApplyAsync(ResourceKinds.ConfigMap, Desired(env, "v2"), untouched, owner, CancellationToken.None)).Should().BeTrue();
        var converged = (await LiveAsync(env))!;
        converged.Data.Should().Contain("ours", "v2");
        (await applier.ApplyAsync(ResourceKinds.ConfigMap, Desired(env, "v2"), converged, owner, CancellationToken.None))
            .Should().BeFalse("once converged, applying again writes nothing");
    }

    [Fact]
    public async Task A_409_on_create_for_an_object_that_is_not_there_is_rethrown_and_creates_nothing()
    {
        await using var env = await TestApi.StartAsync();
        var owner = await env.CreatePolicyAsync("p");
        env.Server.Faults.FailNext("create", "configmaps", 409);

        var apply = () => new ChildApplier(env.Api).ApplyAsync(ResourceKinds.ConfigMap, Desired(env, "v1"), null, owner, CancellationToken.None);

        (await apply.Should().ThrowAsync<KubeApiException>()).Which.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await LiveAsync(env)).Should().BeNull();
    }
}
