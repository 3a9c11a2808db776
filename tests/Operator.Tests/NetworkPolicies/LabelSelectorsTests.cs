using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.NetworkPolicies;

namespace Mesh.Operator.Tests.NetworkPolicies;

public sealed class LabelSelectorsTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "reviews", ["version"] = "v1" };

    [Theory]
    [InlineData("In", "v1", true)]
    [InlineData("In", "v2", false)]
    [InlineData("NotIn", "v2", true)]
    [InlineData("NotIn", "v1", false)]
    [InlineData("Exists", null, true)]
    [InlineData("DoesNotExist", null, false)]
    [InlineData("Bogus", null, false)]
    public void Match_expressions_follow_kubernetes_semantics(string op, string? value, bool expected)
    {
        var selector = new V1LabelSelector
        {
            MatchExpressions = [new V1LabelSelectorRequirement { Key = "version", OperatorProperty = op, Values = value is null ? null : [value] }],
        };

        LabelSelectors.Matches(selector, Labels).Should().Be(expected);
    }

    [Fact]
    public void An_empty_selector_selects_every_pod_and_a_missing_one_selects_none()
    {
        LabelSelectors.Matches(new V1LabelSelector(), Labels).Should().BeTrue();
        LabelSelectors.Matches(null, Labels).Should().BeFalse();
        LabelSelectors.Matches(new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "ratings" } }, Labels).Should().BeFalse();
    }

    [Fact]
    public void Contradicting_match_labels_select_nothing()
    {
        var workload = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "ratings" } };

        LabelSelectors.And(new Dictionary<string, string> { ["app"] = "reviews" }, workload).Should().BeNull();
    }

    [Fact]
    public void Converts_the_policy_selector_with_its_expressions()
    {
        var selector = LabelSelectors.From(new LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["mesh.dev/member"] = "true" },
            MatchExpressions = [new LabelSelectorRequirement { Key = "tier", Operator = LabelSelectorOperator.NotIn, Values = ["db"] }],
        });

        selector.MatchLabels.Should().Contain("mesh.dev/member", "true");
        selector.MatchExpressions.Should().ContainSingle().Which.OperatorProperty.Should().Be("NotIn");
        LabelSelectors.Matches(selector, new Dictionary<string, string> { ["mesh.dev/member"] = "true", ["tier"] = "web" }).Should().BeTrue();
        LabelSelectors.Matches(selector, new Dictionary<string, string> { ["mesh.dev/member"] = "true", ["tier"] = "db" }).Should().BeFalse();
    }

    [Fact]
    public void Refuses_a_policy_without_namespace()
    {
        var input = new NetworkPolicyInput
        {
            Policy = new MeshPolicy { Metadata = new V1ObjectMeta { Name = "shop" } },
            SelectedPods = [],
            Services = [],
            Pods = [],
        };

        var act = () => NetworkPolicyCompiler.Compile(input, new NetworkPolicyOptions());

        act.Should().Throw<ArgumentException>().WithMessage("*no namespace*");
    }
}
