using Mesh.XdsServer.Model;
using Mesh.XdsServer.Translation;

namespace Mesh.XdsServer.Tests.Translation;

public sealed class ScopeAndHarnessTests
{
    private static readonly GoldenCase Lb = GoldenCase.All().Single(c => c.Name == "load-balancing");

    [Fact]
    public void Scopes_with_the_same_labels_and_dependencies_in_any_order_are_equal()
    {
        var a = new ProxyScope
        {
            Namespace = "ns",
            Labels = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" },
            Dependencies = [new ServiceRef("ns", "x"), new ServiceRef("ns", "y")],
        };
        var b = a with
        {
            Labels = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" },
            Dependencies = [new ServiceRef("ns", "y"), new ServiceRef("ns", "x")],
        };
        b.Should().Be(a);
        b.GetHashCode().Should().Be(a.GetHashCode());
        (a with { Dependencies = null }).Should().NotBe(a);
        (a with { Kind = ProxyKind.ProxylessGrpc }).Should().NotBe(a);
    }

    [Fact]
    public void A_dependency_on_a_missing_service_is_ignored_and_the_others_are_still_translated()
    {
        var scope = Lb.Scope with { Dependencies = [new ServiceRef("lb", "rr"), new ServiceRef("lb", "gone")] };
        var result = MeshTranslator.TranslateOnce(Lb.Model, scope);
        result.Clusters.Select(c => c.Name).Should().Contain("outbound|80||rr.lb.svc.cluster.local")
            .And.NotContain(n => n.Contains("least", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_the_dependencies_are_sent_to_a_scoped_proxy()
    {
        var result = MeshTranslator.TranslateOnce(Lb.Model, Lb.Scope);
        result.Clusters.Should().NotContain(c => c.Name.Contains("not-needed", StringComparison.Ordinal));
        MeshTranslator.TranslateOnce(Lb.Model, Lb.Scope with { Dependencies = null }).Clusters
            .Should().Contain(c => c.Name.Contains("not-needed", StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_model_gives_a_sidecar_only_the_capture_listeners_and_fixed_clusters()
    {
        var result = MeshTranslator.TranslateOnce(new MeshModel(), new ProxyScope { Namespace = "empty" });
        result.Listeners.Select(l => l.Name).Should().Equal(XdsNames.VirtualInbound, XdsNames.VirtualOutbound);
        result.Clusters.Select(c => c.Name).Should().Equal(
            XdsNames.BlackHoleCluster, XdsNames.InboundPassthroughCluster, XdsNames.PassthroughCluster);
        result.Routes.Should().BeEmpty();
        result.Secrets.Select(s => s.Name).Should().Equal(SecretBuilder.TrustBundle, SecretBuilder.WorkloadCertificate);
    }

    [Fact]
    public void Translate_refuses_null_arguments()
    {
        var translator = new MeshTranslator();
        FluentActions.Invoking(() => translator.Translate(null!, new ProxyScope { Namespace = "x" })).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => translator.Translate(new MeshModel(), null!)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void The_golden_diff_shows_the_changed_lines_with_their_numbers()
    {
        var diff = GoldenFile.Diff("a\nb\nc\nd\n", "a\nb\nX\nd\n");
        diff.Should().Contain("-     3   c").And.Contain("+     3   X").And.Contain("      2   b");
    }

    [Fact]
    public void A_model_with_an_unknown_field_is_refused_so_that_typos_in_test_data_fail()
    {
        var act = () => System.Text.Json.JsonSerializer.Deserialize<MeshModel>("""{"servicez": []}""", GoldenCase.ModelJson);
        act.Should().Throw<System.Text.Json.JsonException>();
    }

    [Theory]
    [InlineData("2s", 2000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5m", 90000)]
    public void Durations_read_like_the_policy_writes_them(string text, int milliseconds)
    {
        var value = System.Text.Json.JsonSerializer.Deserialize<TimeSpan>($"\"{text}\"", GoldenCase.ModelJson);
        value.Should().Be(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Fact]
    public void A_duration_without_a_unit_is_refused()
    {
        var act = () => System.Text.Json.JsonSerializer.Deserialize<TimeSpan>("\"2\"", GoldenCase.ModelJson);
        act.Should().Throw<System.Text.Json.JsonException>().WithMessage("*not a duration*");
    }
}
