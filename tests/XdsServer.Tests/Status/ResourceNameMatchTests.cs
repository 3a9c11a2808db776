using Mesh.XdsServer.Status;

namespace Mesh.XdsServer.Tests.Status;

public sealed class ResourceNameMatchTests
{
    [Theory]
    [InlineData("listener reviews.shop.svc.cluster.local:9080: bad", "reviews.shop.svc.cluster.local:9080", true)]
    [InlineData("Error adding/updating listener(s) 0.0.0.0_80: x", "0.0.0.0_80", true)]
    [InlineData("Error adding/updating listener(s) 0.0.0.0_8080: x", "0.0.0.0_80", false)]
    [InlineData("cluster outbound|80||a.b: x", "80", false)]
    [InlineData("route 80", "80", true)]
    [InlineData("outbound|80|v1|a.b and outbound|80||a.b", "outbound|80||a.b", true)]
    [InlineData("anything", "", false)]
    public void A_name_counts_only_as_a_whole_token(string text, string name, bool expected)
    {
        ResourceNameMatch.Contains(text, name).Should().Be(expected);
    }
}
