using Google.Protobuf;
using Mesh.XdsServer.Translation;

namespace Mesh.XdsServer.Tests.Translation;

public sealed class GoldenTranslationTests
{
    public static TheoryData<string> Cases() => new(GoldenCase.All().Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Translation_matches_the_expected_xds_json(string name)
    {
        var @case = GoldenCase.All().Single(c => c.Name == name);
        var result = MeshTranslator.TranslateOnce(@case.Model, @case.Scope);
        var failures = new List<string>();
        void Check(string file, string actual)
        {
            try
            {
                GoldenFile.Check(Path.Combine(@case.Directory, file), actual);
            }
            catch (Xunit.Sdk.XunitException e)
            {
                failures.Add(e.Message);
            }
        }
        Check("clusters.json", XdsJson.Render(result.Clusters));
        Check("endpoints.json", XdsJson.Render(result.Endpoints));
        Check("listeners.json", XdsJson.Render(result.Listeners));
        Check("routes.json", XdsJson.Render(result.Routes));
        Check("secrets.json", XdsJson.Render(result.Secrets));
        Check("source-fields.json", XdsJson.Render(result.SourceFields));
        failures.Should().BeEmpty();
    }

    [Fact]
    public void There_are_golden_cases() => GoldenCase.All().Should().HaveCountGreaterThan(5);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Translation_is_deterministic_and_the_cache_returns_the_same_result(string name)
    {
        var @case = GoldenCase.All().Single(c => c.Name == name);
        var once = MeshTranslator.TranslateOnce(@case.Model, @case.Scope);
        var again = MeshTranslator.TranslateOnce(@case.Model, @case.Scope);
        var translator = new MeshTranslator();
        var model = @case.Model;
        var cached = translator.Translate(model, @case.Scope);
        translator.Translate(model, @case.Scope).Should().BeSameAs(cached);
        Bytes(once).Should().Equal(Bytes(again));
        Bytes(cached).Should().Equal(Bytes(once));
    }

    private static byte[] Bytes(TranslatedResources resources) =>
        resources.Clusters.Cast<IMessage>()
            .Concat(resources.Endpoints).Concat(resources.Listeners).Concat(resources.Routes).Concat(resources.Secrets)
            .SelectMany(m => m.ToByteArray())
            .ToArray();
}
