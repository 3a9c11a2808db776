using Envoy.Config.Route.V3;
using RouteMatch = Envoy.Config.Route.V3.RouteMatch;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Translation;

namespace Mesh.XdsServer.Tests.Translation;

#pragma warning disable CS0612 // The deprecated HeaderMatcher fields are what these tests check.

/// <summary>The capability table (keys and sources), the scope carrying it, and the two HeaderMatcher forms.</summary>
public sealed class ProxyCapabilityTests
{
    [Theory]
    [InlineData("gRPC Node Pure JS", "1.14.1", true, true)]
    [InlineData("gRPC Node Pure JS", "1.9.0", true, true)]
    [InlineData("gRPC Node Pure JS", "1.8.3", false, false)]
    [InlineData("gRPC Node Pure JS", "1.15.0-pre1", true, true)]
    [InlineData("gRPC C-core linux Python", "C-core 29.0.0 Python 1.51.1", false, false)]
    [InlineData("gRPC C-core linux", "C-core 34.0.0", true, false)]
    [InlineData("gRPC C-core linux Ruby", "C-core 47.0.0 Ruby 1.69.0", true, true)]
    [InlineData("gRPC C-core linux Python", "Python 1.70.0", false, false)]
    [InlineData("gRPC Go", "1.70.0", false, false)]
    [InlineData("gRPC Node Pure JS", "", false, false)]
    [InlineData("gRPC Node Pure JS", "one.two", false, false)]
    [InlineData("", "", true, true)]
    public void Resolves_a_user_agent_to_the_forms_it_understands(string name, string version, bool headerStringMatch, bool rbacStringMatch)
    {
        var capabilities = ProxyCapabilityTable.Resolve(name, version);

        capabilities.HeaderStringMatch.Should().Be(headerStringMatch);
        capabilities.RbacHeaderStringMatch.Should().Be(rbacStringMatch);
    }

    [Fact]
    public void Every_entry_names_a_capability_and_its_source()
    {
        var features = typeof(ProxyCapabilities).GetProperties().Where(p => p.PropertyType == typeof(bool)).Select(p => p.Name).ToList();
        ProxyCapabilityTable.Entries.Should().OnlyContain(e => features.Contains(e.Feature) && e.Source.Length > 40);
        ProxyCapabilityTable.Entries.Select(e => e.Client).Distinct().Should().HaveCount(2);
        features.Should().OnlyContain(f => ProxyCapabilityTable.Entries.Count(e => e.Feature == f) == 2, "each feature is known for both clients");
    }

    [Fact]
    public void Capabilities_are_part_of_the_scope_and_of_the_translation_cache()
    {
        var scope = new ProxyScope { Namespace = "", Kind = ProxyKind.ProxylessGrpc };
        var legacy = scope with { Capabilities = ProxyCapabilities.Legacy };
        var sameFlags = scope with { Capabilities = new ProxyCapabilities { HeaderStringMatch = false, RbacHeaderStringMatch = false } };

        legacy.Should().NotBe(scope);
        legacy.Should().Be(sameFlags);
        legacy.GetHashCode().Should().Be(sameFlags.GetHashCode());

        var model = new MeshModel { Services = [Greeter()] };
        var translator = new MeshTranslator();
        var full = translator.Translate(model, scope);
        var old = translator.Translate(model, legacy);
        Match(full).Headers.Single().StringMatch.Exact.Should().Be("v2");
        Match(old).Headers.Single().ExactMatch.Should().Be("v2");
        translator.Translate(model, sameFlags).Should().BeSameAs(old, "equal scopes share one translation");
    }

    [Fact]
    public void Legacy_form_uses_the_deprecated_field_of_each_kind()
    {
        var match = new Model.RouteMatch
        {
            Headers =
            [
                new HeaderMatch { Name = "exact", Exact = "x" },
                new HeaderMatch { Name = "prefix", Prefix = "p-" },
                new HeaderMatch { Name = "regex", Regex = "[0-9]+" },
                new HeaderMatch { Name = "present", Present = true },
                new HeaderMatch { Name = "absent", Present = false },
            ],
            Methods = ["GET", "POST"],
        };

        var legacy = RouteMatchBuilder.Build(match, proxyless: true, ProxyCapabilities.Legacy).Headers.ToDictionary(h => h.Name);
        var modern = RouteMatchBuilder.Build(match, proxyless: true, ProxyCapabilities.Full).Headers.ToDictionary(h => h.Name);

        legacy["exact"].ExactMatch.Should().Be("x");
        legacy["prefix"].PrefixMatch.Should().Be("p-");
        legacy["regex"].SafeRegexMatch.Regex.Should().Be("[0-9]+");
        legacy[":method"].SafeRegexMatch.Regex.Should().Be("^(GET|POST)$");
        legacy.Values.Should().OnlyContain(h => h.HeaderMatchSpecifierCase != HeaderMatcher.HeaderMatchSpecifierOneofCase.StringMatch);
        (legacy["absent"].PresentMatch, legacy["absent"].InvertMatch).Should().Be((true, true));
        modern["exact"].StringMatch.Exact.Should().Be("x");
        modern[":method"].StringMatch.SafeRegex.Regex.Should().Be("^(GET|POST)$");
        modern["present"].Should().Be(legacy["present"], "present_match has one form");
    }

    private static RouteMatch Match(TranslatedResources resources) =>
        resources.Routes.SelectMany(r => r.VirtualHosts).SelectMany(v => v.Routes).Single(r => r.Name == "to-v2").Match;

    private static MeshService Greeter() => new()
    {
        Name = "greeter",
        Namespace = "demo",
        Ports = [new ServicePort { Port = 50051, Protocol = ServiceProtocol.Grpc }],
        Subsets = [new ServiceSubset { Name = "v2", Labels = new Dictionary<string, string> { ["version"] = "v2" } }],
        Endpoints = [new ServiceEndpoint { Address = "10.1.0.2", Labels = new Dictionary<string, string> { ["version"] = "v2" } }],
        Routes =
        [
            new MeshRoute
            {
                Name = "to-v2",
                Match = new Model.RouteMatch { Headers = [new HeaderMatch { Name = "x-version", Exact = "v2" }] },
                Backends = [new RouteBackend { Subset = "v2" }],
            },
        ],
    };
}
