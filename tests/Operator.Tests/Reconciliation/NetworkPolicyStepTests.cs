using Mesh.Testing;
using k8s;
using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.NetworkPolicies;
using Mesh.Operator.Planning;
using Mesh.Operator.Reconciliation;
using Mesh.Operator.Runtime;
using Mesh.Operator.Tests.Runtime;

namespace Mesh.Operator.Tests.Reconciliation;

/// <summary>NetworkPolicyStep with networkPolicy.mode Disabled, against the embedded API.</summary>
public sealed class NetworkPolicyStepTests
{
    private static V1NetworkPolicy NetworkPolicy(TestApi env, string name, Dictionary<string, string>? labels) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = env.Namespace, Labels = labels },
        Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector(), PolicyTypes = ["Ingress"] },
    };

    private static Dictionary<string, string> OwnedBy(string policy) => new()
    {
        [MeshLabels.ManagedBy] = MeshLabels.ManagedByValue,
        [MeshLabels.Policy] = policy,
    };

    private static async Task<ObjectCache<V1NetworkPolicy>> CacheOfServerAsync(TestApi env)
    {
        var cache = new ObjectCache<V1NetworkPolicy>();
        foreach (var item in (await env.Api.ListAsync<V1NetworkPolicy>(ResourceKinds.NetworkPolicy, env.Namespace, CancellationToken.None)).Items)
        {
            cache.Upsert(item);
        }
        return cache;
    }

    /// <summary>MeshPolicy "p" with networkPolicy.mode Disabled, created in the test's namespace.</summary>
    private static Task<MeshPolicy> DisabledPolicyAsync(TestApi env) =>
        env.Api.CreateAsync(ResourceKinds.MeshPolicy, new MeshPolicy
        {
            Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = env.Namespace },
            Spec = new MeshPolicySpec { NetworkPolicy = new NetworkPolicySpec { Mode = NetworkPolicyMode.Disabled } },
        }, CancellationToken.None);

    private static async Task<IReadOnlyList<string>> NamesOnServerAsync(TestApi env) =>
        (await env.Api.ListAsync<V1NetworkPolicy>(ResourceKinds.NetworkPolicy, env.Namespace, CancellationToken.None)).Items
            .Select(n => n.Metadata.Name).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task Disabled_prunes_only_this_policys_network_policies_and_says_how_many()
    {
        await using var env = await TestApi.StartAsync();
        var policy = await DisabledPolicyAsync(env);
        foreach (var (name, labels) in new (string, Dictionary<string, string>?)[]
        {
            ("mesh-p-a", OwnedBy("p")),
            ("mesh-p-b", OwnedBy("p")),
            ("mesh-q-a", OwnedBy("q")),
            ("users-own", null),
            ("claims-p-but-not-ours", new Dictionary<string, string> { [MeshLabels.Policy] = "p" }),
        })
        {
            await env.Api.CreateAsync(ResourceKinds.NetworkPolicy, NetworkPolicy(env, name, labels), CancellationToken.None);
        }
        var step = new NetworkPolicyStep(new ChildApplier(env.Api), await CacheOfServerAsync(env), new NetworkPolicyOptions());
        var state = new NamespaceState { Namespace = env.Namespace };

        var outcome = await step.RunAsync(policy, [], state, CancellationToken.None);

        (outcome.Status, outcome.Reason).Should().Be((ConditionStatus.True, ConditionReasons.Disabled));
        outcome.Message.Should().Contain("(2 removed)");
        (await NamesOnServerAsync(env)).Should().Equal("claims-p-but-not-ours", "mesh-q-a", "users-own");

        var again = await new NetworkPolicyStep(new ChildApplier(env.Api), await CacheOfServerAsync(env), new NetworkPolicyOptions())
            .RunAsync(policy, [], state, CancellationToken.None);
        again.Message.Should().Be("networkPolicy.mode is Disabled: no NetworkPolicies are generated.");
        (await NamesOnServerAsync(env)).Should().HaveCount(3);
    }

    [Fact]
    public async Task Disabled_treats_a_network_policy_deleted_meanwhile_as_pruned()
    {
        await using var env = await TestApi.StartAsync();
        var policy = await DisabledPolicyAsync(env);
        await env.Api.CreateAsync(ResourceKinds.NetworkPolicy, NetworkPolicy(env, "mesh-p-a", OwnedBy("p")), CancellationToken.None);
        var staleCache = await CacheOfServerAsync(env);
        await env.Api.SendForStringAsync(HttpMethod.Delete, ResourceKinds.NetworkPolicy.ObjectPath(ObjectKey.Create(env.Namespace, "mesh-p-a")), null, null, CancellationToken.None);

        var outcome = await new NetworkPolicyStep(new ChildApplier(env.Api), staleCache, new NetworkPolicyOptions())
            .RunAsync(policy, [], new NamespaceState { Namespace = env.Namespace }, CancellationToken.None);

        (outcome.Status, outcome.Reason).Should().Be((ConditionStatus.True, ConditionReasons.Disabled));
        outcome.Message.Should().NotContain("removed", "a 404 on delete is what pruning wanted, not an error and not a removal");
        (await NamesOnServerAsync(env)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_refused_write_is_ApplyFailed_naming_the_object_and_the_apis_words_and_is_retried_later()
    {
        await using var env = await TestApi.StartAsync();
        var policy = await DisabledPolicyAsync(env);
        await env.Api.CreateAsync(ResourceKinds.NetworkPolicy, NetworkPolicy(env, "mesh-p-a", OwnedBy("p")), CancellationToken.None);
        // The API refuses every delete of a NetworkPolicy.
        await env.RefuseWritesAsync("networking.k8s.io", "networkpolicies", "DELETE");
        var time = new ManualTimeProvider();
        var step = new NetworkPolicyStep(new ChildApplier(env.Api), await CacheOfServerAsync(env), new NetworkPolicyOptions(), time);

        var outcome = await step.RunAsync(policy, [], new NamespaceState { Namespace = env.Namespace }, CancellationToken.None);

        (outcome.Status, outcome.Reason).Should().Be((ConditionStatus.False, ConditionReasons.ApplyFailed));
        outcome.Message.Should().StartWith("The API refused 1 NetworkPolicy write(s), so traffic is not restricted as the policy says: NetworkPolicy ")
            .And.Contain("freeze.networkpolicies.example.com").And.EndWith("Retried every 30 s.");
        outcome.RecheckAt.Should().Be(time.GetUtcNow() + RefusedWrite.Retry);
        (await NamesOnServerAsync(env)).Should().Equal("mesh-p-a");
    }
}
