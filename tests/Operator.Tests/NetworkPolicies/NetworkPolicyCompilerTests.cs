using System.Runtime.CompilerServices;
using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.NetworkPolicies;
using Mesh.Operator.Tests.Certificates;

namespace Mesh.Operator.Tests.NetworkPolicies;

public sealed class NetworkPolicyCompilerTests
{
    public static IEnumerable<object[]> Cases => GoldenFile.Cases("");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compiles_to_the_golden_network_policies(string name)
    {
        var plan = Compile(Folder(name));

        GoldenFile.Match(Path.Combine(Folder(name), "expected.yaml"), GoldenFile.ToYaml(plan.Policies));
        GoldenFile.Match(Path.Combine(Folder(name), "warnings.txt"), string.Concat(plan.Warnings.Select(w => w + "\n")));
    }

    [Fact]
    public void Every_policy_carries_the_labels_the_reconciler_prunes_by()
    {
        var plan = Compile(Folder("rules-by-service-account-and-namespace"));

        plan.Policies.Should().NotBeEmpty();
        plan.Policies.Should().OnlyContain(p => p.Metadata.Labels["app.kubernetes.io/managed-by"] == "mesh-operator" && p.Metadata.Labels["mesh.dev/policy"] == "shop");
    }

    [Fact]
    public void Mode_off_compiles_to_nothing_so_the_reconciler_prunes_every_policy()
    {
        var plan = Compile(Folder("rules-by-service-account-and-namespace"), p => p.Spec = p.Spec with { NetworkPolicy = new NetworkPolicySpec { Mode = NetworkPolicyMode.Disabled } });

        plan.Policies.Should().BeEmpty();
        plan.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void A_rule_never_compiles_to_an_empty_from_list_which_would_allow_everyone()
    {
        var plan = Compile(Folder("service-account-label-mapping"));

        plan.Policies.SelectMany(p => p.Spec.Ingress ?? []).Should().OnlyContain(r => r.FromProperty == null || r.FromProperty.Count > 0);
    }

    [Fact]
    public void The_output_is_deterministic()
    {
        var first = GoldenFile.ToYaml(Compile(Folder("rules-by-service-account-and-namespace")).Policies);
        var second = GoldenFile.ToYaml(Compile(Folder("rules-by-service-account-and-namespace"), shuffle: true).Policies);

        second.Should().Be(first);
    }

    [Fact]
    public void Long_names_are_shortened_with_a_hash()
    {
        var name = NetworkPolicyNames.For(new string('p', 200), new string('s', 63));

        name.Length.Should().BeLessThanOrEqualTo(253);
        name.Should().NotBe(NetworkPolicyNames.For(new string('p', 200), new string('s', 62) + "t"));
        NetworkPolicyNames.For("shop", "reviews").Should().Be("mesh-shop-reviews");
    }

    private static string Folder(string name, [CallerFilePath] string caller = "") =>
        Path.Combine(Path.GetDirectoryName(caller)!, "testdata", name);

    private static NetworkPolicyPlan Compile(string folder, Action<MeshPolicy>? edit = null, bool shuffle = false)
    {
        var input = GoldenFile.LoadAll(Path.Combine(folder, "input.yaml"));
        var policy = input.OfType<MeshPolicy>().Single();
        edit?.Invoke(policy);
        var selector = LabelSelectors.From(MeshPolicyDefaults.SelectorOf(policy.Spec));
        var pods = input.OfType<V1Pod>().ToList();
        var services = input.OfType<V1Service>().ToList();
        if (shuffle)
        {
            pods.Reverse();
            services.Reverse();
        }
        var ns = policy.Metadata.NamespaceProperty;
        return NetworkPolicyCompiler.Compile(
            new NetworkPolicyInput
            {
                Policy = policy,
                SelectedPods = pods.Where(p => p.Metadata.NamespaceProperty == ns && LabelSelectors.Matches(selector, p.Metadata.Labels)).ToList(),
                Services = services.Where(s => s.Metadata.NamespaceProperty == ns).ToList(),
                Pods = pods,
                OtherNetworkPolicies = input.OfType<V1NetworkPolicy>().ToList(),
            },
            new NetworkPolicyOptions());
    }
}
