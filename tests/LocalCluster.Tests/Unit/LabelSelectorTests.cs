using System.Text.Json.Nodes;
using Mesh.LocalCluster.Errors;
using Mesh.LocalCluster.Selectors;

namespace Mesh.LocalCluster.Tests.Unit;

public sealed class LabelSelectorTests
{
    private static readonly JsonObject Web = Labelled(("app", "web"), ("tier", "front"));

    [Theory]
    [InlineData("app=web", true)]
    [InlineData("app==web", true)]
    [InlineData("app!=web", false)]
    [InlineData("app in (web, db)", true)]
    [InlineData("app notin (web)", false)]
    [InlineData("tier", true)]
    [InlineData("!tier", false)]
    [InlineData("missing!=x", true)]
    [InlineData("app=web,tier in (back)", false)]
    [InlineData("", true)]
    public void Matches_terms_like_the_api_server(string selector, bool expected) =>
        LabelSelector.Parse(selector).Matches(Web).Should().Be(expected);

    [Fact]
    public void An_unparsable_key_is_a_400()
    {
        var error = Assert.Throws<ApiException>(() => LabelSelector.Parse("a b c"));
        error.Code.Should().Be(400);
    }

    private static JsonObject Labelled(params (string Key, string Value)[] labels)
    {
        var map = new JsonObject();
        foreach (var (key, value) in labels)
        {
            map[key] = value;
        }

        return new JsonObject { ["metadata"] = new JsonObject { ["labels"] = map } };
    }
}
