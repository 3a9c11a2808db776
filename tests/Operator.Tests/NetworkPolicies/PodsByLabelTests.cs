using k8s.Models;
using Mesh.Operator.NetworkPolicies;

namespace Mesh.Operator.Tests.NetworkPolicies;

public sealed class PodsByLabelTests
{
    private static V1Pod Pod(string name, params (string Key, string Value)[] labels) =>
        new() { Metadata = new V1ObjectMeta { Name = name, Labels = labels.ToDictionary(l => l.Key, l => l.Value) } };

    private static readonly V1Pod[] Pods =
    [
        Pod("reviews-v1", ("app", "reviews"), ("version", "v1")),
        Pod("ratings-v1", ("app", "ratings"), ("version", "v1")),
        Pod("reviews-v2", ("app", "reviews"), ("version", "v2")),
        Pod("unlabelled"),
    ];

    [Fact]
    public void A_selector_gets_the_pods_carrying_every_pair_in_the_order_given()
    {
        var index = new PodsByLabel(Pods);

        index.Matching(new Dictionary<string, string> { ["app"] = "reviews" }).Select(p => p.Metadata.Name)
            .Should().Equal("reviews-v1", "reviews-v2");
        index.Matching(new Dictionary<string, string> { ["app"] = "reviews", ["version"] = "v2" }).Select(p => p.Metadata.Name)
            .Should().Equal("reviews-v2");
        index.Matching(new Dictionary<string, string> { ["version"] = "v1" }).Select(p => p.Metadata.Name)
            .Should().Equal("reviews-v1", "ratings-v1");
    }

    [Fact]
    public void A_pair_no_pod_carries_or_an_empty_selector_matches_nothing()
    {
        var index = new PodsByLabel(Pods);

        index.Matching(new Dictionary<string, string> { ["app"] = "reviews", ["version"] = "v3" }).Should().BeEmpty();
        index.Matching(new Dictionary<string, string> { ["app"] = "details" }).Should().BeEmpty();
        index.Matching(new Dictionary<string, string>()).Should().BeEmpty("a Service without selector is skipped before, and must not match every pod here");
    }
}
