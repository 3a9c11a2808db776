using Mesh.XdsServer.Model;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Translation;

namespace Mesh.XdsServer.Tests.Translation;

public sealed class TranslationCacheTests
{
    private static readonly GoldenCase Shop = GoldenCase.All().Single(c => c.Name == "sidecar-subsets-and-routes");

    [Fact]
    public void Two_pods_of_one_namespace_receive_the_same_cluster_endpoint_and_route_instances()
    {
        var translator = new MeshTranslator();
        var model = Shop.Model;
        var first = translator.Translate(model, Shop.Scope);
        var second = translator.Translate(model, Shop.Scope with { Labels = new Dictionary<string, string> { ["app"] = "details" } });

        second.Should().NotBeSameAs(first);
        second.Clusters.Should().Equal(first.Clusters, ReferenceEquals);
        second.Endpoints.Should().Equal(first.Endpoints, ReferenceEquals);
        second.Routes.Should().Equal(first.Routes, ReferenceEquals);
    }

    [Fact]
    public void Scopes_equal_by_content_share_one_cached_result()
    {
        var translator = new MeshTranslator();
        var model = Shop.Model;
        var a = translator.Translate(model, Shop.Scope with { Labels = new Dictionary<string, string> { ["app"] = "x", ["v"] = "1" } });
        var b = translator.Translate(model, Shop.Scope with { Labels = new Dictionary<string, string> { ["v"] = "1", ["app"] = "x" } });
        b.Should().BeSameAs(a);
    }

    [Fact]
    public void A_model_with_a_new_version_is_translated_afresh()
    {
        var translator = new MeshTranslator();
        var model = Shop.Model;
        var before = translator.Translate(model, Shop.Scope);
        var changed = model with
        {
            Version = "2",
            Services = model.Services.Select(s => s with { Routes = [] }).ToArray(),
        };
        var after = translator.Translate(changed, Shop.Scope);
        after.Routes.Single().VirtualHosts.Single(v => v.Name.StartsWith("reviews", StringComparison.Ordinal)).Routes
            .Should().ContainSingle().Which.Name.Should().Be("default");
        before.Routes.Single().VirtualHosts.Single(v => v.Name.StartsWith("reviews", StringComparison.Ordinal)).Routes
            .Should().HaveCount(4);
    }

    [Fact]
    public void A_route_change_keeps_the_listeners_of_a_pod_whose_served_services_did_not_change_and_rebuilds_them_when_they_did()
    {
        // productpage's pods serve ratings here; reviews is only called.
        var model = Shop.Model with
        {
            Version = "",
            Services = Shop.Model.Services.Select(s => s.Name == "ratings" ? s with { Selector = new Dictionary<string, string> { ["app"] = "productpage" } } : s).ToArray(),
        };
        var translator = new MeshTranslator();
        var before = translator.Translate(model, Shop.Scope);
        before.Listeners.Should().Contain(l => l.Name == XdsNames.VirtualInbound && l.FilterChains.Count > 1, "the pod serves ratings");

        var rerouted = model with { Services = model.Services.Select(s => s.Name == "reviews" ? s with { Routes = [] } : s).ToArray() };
        var after = translator.Translate(rerouted, Shop.Scope);

        after.Routes.Should().NotBeSameAs(before.Routes);
        after.Listeners.Should().BeSameAs(before.Listeners, "no listener input changed: the very list (and its TypeResources) is kept");

        var strict = rerouted with { Services = rerouted.Services.Select(s => s.Name == "ratings" ? s with { Mtls = MtlsMode.Strict } : s).ToArray() };
        var hardened = translator.Translate(strict, Shop.Scope);

        hardened.Listeners.Single(l => l.Name == XdsNames.VirtualInbound)
            .Should().NotBeSameAs(after.Listeners.Single(l => l.Name == XdsNames.VirtualInbound), "a served service's config is in the listener's key")
            .And.Be(MeshTranslator.TranslateOnce(strict, Shop.Scope).Listeners.Single(l => l.Name == XdsNames.VirtualInbound));
    }

    [Fact]
    public void A_model_with_the_same_version_reuses_the_shared_resources()
    {
        var translator = new MeshTranslator();
        var first = translator.Translate(Shop.Model, Shop.Scope);
        // Another instance, same version: the planner promises equal content.
        var second = translator.Translate(Shop.Model, Shop.Scope with { ServiceAccount = "other" });
        second.Clusters.Should().Equal(first.Clusters, ReferenceEquals);
    }

    [Fact]
    public void A_sidecar_in_another_namespace_gets_its_own_route_configuration_without_short_names()
    {
        var translator = new MeshTranslator();
        var model = Shop.Model;
        var shop = translator.Translate(model, Shop.Scope);
        var billing = translator.Translate(model, new ProxyScope { Namespace = "billing" });
        billing.Routes.Single().Should().NotBeSameAs(shop.Routes.Single());
        billing.Routes.Single().VirtualHosts.SelectMany(v => v.Domains).Should().Contain("payments").And.NotContain("reviews");
    }

    [Theory]
    [MemberData(nameof(GoldenTranslationTests.Cases), MemberType = typeof(GoldenTranslationTests))]
    public void Every_translation_makes_a_consistent_snapshot(string name)
    {
        var @case = GoldenCase.All().Single(c => c.Name == name);
        var resources = MeshTranslator.TranslateOnce(@case.Model, @case.Scope);
        var act = () => Snapshot.Create(resources.All(), cache: new ResourceCache());
        act.Should().NotThrow();
    }

    [Fact]
    public void Shared_instances_are_serialized_once_across_proxies()
    {
        var translator = new MeshTranslator();
        var cache = new ResourceCache();
        var model = Shop.Model;
        var first = translator.Translate(model, Shop.Scope);
        Snapshot.Create(first.All(), cache: cache);
        var afterFirst = cache.Serializations;
        var second = translator.Translate(model, Shop.Scope with { ServiceAccount = "reviews" });
        Snapshot.Create(second.All(), cache: cache);
        // Only the per-proxy listeners that are not shared may be serialized again; here none differ.
        (cache.Serializations - afterFirst).Should().Be(0);
    }
}
