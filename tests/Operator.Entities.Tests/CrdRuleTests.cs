using System.Reflection;
using System.Text.Json.Nodes;
using Mesh.CrdGen;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities.Tests;

/// <summary>Holds the committed CRD's schema and CEL rules against the samples with the test-only <see cref="CrdValidator"/>.</summary>
public sealed class CrdRuleTests
{
    private static readonly Lazy<JsonObject> Schema = new(() =>
        YamlTree.Load(File.ReadAllText(Path.Combine(RepoPaths.Crd, CrdGenerator.MeshPolicyFileName)))!
            ["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!.AsObject());

    private static readonly Lazy<JsonObject> Expectations = new(() =>
        YamlTree.Load(File.ReadAllText(Path.Combine(RepoPaths.InvalidSamples, "expectations.yaml")))!.AsObject());

    public static TheoryData<string> ValidPolicies()
    {
        var data = new TheoryData<string>();
        foreach (var file in SampleDocuments.OfKind(MeshPolicy.KubeGroupVersion, MeshPolicy.KubeKind).Select(d => d.File))
        {
            data.Add(file);
        }

        return data;
    }

    public static TheoryData<string> InvalidPolicies(string catcher)
    {
        var data = new TheoryData<string>();
        foreach (var entry in Expectations.Value["cases"]!.AsArray().Where(c => (string?)c!["catcher"] == catcher))
        {
            data.Add((string)entry!["file"]!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ValidPolicies))]
    public void A_sample_policy_passes_the_CRD_schema_and_every_CEL_rule(string file)
    {
        var spec = SampleDocuments.Valid().Single(d => d.File == file).Tree["spec"];

        new CrdValidator().Validate(Schema.Value, spec, "spec").Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(InvalidPolicies), "cel")]
    public void A_cel_invalid_sample_breaks_exactly_its_named_rule_at_its_field(string file)
    {
        var (entry, spec) = Invalid(file);
        var rule = RuleText((string)entry["rule"]!);

        var errors = new CrdValidator().Validate(Schema.Value, spec, "spec");

        errors.Should().ContainSingle().Which.Should().Be(new CrdValidator.Error((string)entry["field"]!, "cel", rule));
    }

    [Theory]
    [MemberData(nameof(InvalidPolicies), "schema")]
    public void A_schema_invalid_sample_breaks_the_schema_at_its_field(string file)
    {
        var (entry, spec) = Invalid(file);

        var errors = new CrdValidator().Validate(Schema.Value, spec, "spec");

        errors.Should().NotBeEmpty().And.OnlyContain(e => e.Field == (string)entry["field"]!, "the sample is wrong in one place only");
        errors.Should().Contain(e => e.Catcher == "schema");
    }

    [Theory]
    [MemberData(nameof(InvalidPolicies), "planner")]
    public void A_planner_invalid_sample_passes_everything_the_API_server_can_check(string file)
    {
        var (_, spec) = Invalid(file);

        new CrdValidator().Validate(Schema.Value, spec, "spec").Should().BeEmpty("only the planner knows what is wrong with it");
    }

    private static (JsonObject Entry, JsonNode? Spec) Invalid(string file)
    {
        var entry = Expectations.Value["cases"]!.AsArray().Single(c => (string?)c!["file"] == file)!.AsObject();
        var tree = YamlTree.Load(File.ReadAllText(Path.Combine(RepoPaths.InvalidSamples, file)));
        return (entry, tree!["spec"]);
    }

    private static string RuleText(string name) =>
        name == "duration"
            ? "duration(self) > duration('0s')"
            : typeof(MeshPolicy).Assembly.GetTypes()
                .SelectMany(t => t.GetCustomAttributes<CelRuleAttribute>()
                    .Concat(t.GetProperties().SelectMany(p => p.GetCustomAttributes<CelRuleAttribute>())))
                .Single(r => r.Name == name).Rule;
}
