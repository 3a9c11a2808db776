using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.CrdGen;
using Mesh.Testing;

namespace Mesh.Operator.Entities.Tests;

/// <summary>
/// Holds config/samples/invalid against its expectations.yaml. An entry still marked pending (no catcher refuses it yet)
/// is only checked for shape and must say why in its reason. The planner's refusals are checked in Operator.Tests
/// (Planning/InvalidSamplePlannerTests), which can run the planner; here, that such a sample gets past the API server.
/// </summary>
public sealed class InvalidSampleTests
{
    private static readonly string[] Catchers = [InvalidSampleCases.Schema, InvalidSampleCases.Cel, InvalidSampleCases.Planner];

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in InvalidSampleCases.Cases.Select(c => (string)c["file"]!))
        {
            data.Add(file);
        }

        return data;
    }

    [Fact]
    public void Every_invalid_sample_is_listed_in_the_expectations_exactly_once()
    {
        var onDisk = Directory.EnumerateFiles(RepoPaths.InvalidSamples, "*.yaml")
            .Select(Path.GetFileName).Where(f => f != "expectations.yaml").Order(StringComparer.Ordinal).ToList();
        var listed = InvalidSampleCases.Cases.Select(c => (string?)c["file"]).ToList();

        listed.Should().OnlyHaveUniqueItems();
        listed.Should().BeEquivalentTo(onDisk, "every file in config/samples/invalid needs an entry in expectations.yaml and vice versa");
        onDisk.Should().HaveCountGreaterThan(30);
    }

    [Fact]
    public void Every_catcher_kind_has_invalid_samples()
    {
        InvalidSampleCases.Cases.Select(c => (string?)c["catcher"]).Distinct().Should().BeEquivalentTo(Catchers);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void An_invalid_sample_says_what_is_wrong_and_is_a_MeshPolicy(string file)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.InvalidSamples, file));

        text.Should().StartWith("# Wrong: ", "the leading comment says what is wrong");
        text.Should().Contain("\n# Caught by: ", "the leading comment names the rule that must refuse it");
        var tree = YamlTree.Load(text)!;
        ((string?)tree["apiVersion"]).Should().Be(MeshPolicy.KubeGroupVersion);
        ((string?)tree["kind"]).Should().Be(MeshPolicy.KubeKind);
        ((string?)tree["metadata"]?["name"]).Should().Be(Path.GetFileNameWithoutExtension(file));
        tree["spec"].Should().BeOfType<JsonObject>();
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void An_expectation_names_a_field_a_known_catcher_and_an_existing_rule(string file)
    {
        var entry = InvalidSampleCases.Entry(file);

        ((string?)entry["field"]).Should().StartWith("spec.");
        ((string?)entry["catcher"]).Should().BeOneOf(Catchers);
        entry["pending"]?.GetValueKind().Should()
            .BeOneOf([JsonValueKind.True, JsonValueKind.False], "pending must be written out, true or false");
        var rule = (string?)entry["rule"];
        if ((string?)entry["catcher"] == InvalidSampleCases.Cel)
        {
            rule.Should().BeOneOf(InvalidSampleCases.RuleNames(), "a cel expectation names a rule of the types ([CelRule(Name = ...)] or duration)");
            File.ReadAllText(Path.Combine(RepoPaths.InvalidSamples, file)).Should().Contain($"'{rule}'");
        }
        else
        {
            rule.Should().BeNull("only cel expectations name a rule");
        }

        ((string?)entry["severity"]).Should().BeOneOf([null, "error", "warning"]);
        if ((string?)entry["severity"] is not null)
        {
            ((string?)entry["catcher"]).Should().Be(InvalidSampleCases.Planner, "only the planner reports warnings");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_pending_expectation_says_why_and_a_caught_one_does_not(string file)
    {
        var entry = InvalidSampleCases.Entry(file);

        if (InvalidSampleCases.IsPending(entry))
        {
            ((string?)entry["reason"]).Should().NotBeNullOrWhiteSpace("a pending entry says why nothing refuses the sample yet");
        }
        else
        {
            entry["reason"].Should().BeNull("a reason explains a pending entry only");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void An_invalid_sample_is_refused_by_its_catcher_unless_that_catcher_is_pending(string file)
    {
        var entry = InvalidSampleCases.Entry(file);
        if (InvalidSampleCases.IsPending(entry))
        {
            return;
        }

        var field = (string)entry["field"]!;
        var result = CrdAdmission.Admit(CrdGenerator.MeshPolicyFileName, InvalidSampleCases.Load(file));
        var refusals = CrdAdmission.Describe(result);

        if ((string?)entry["catcher"] == InvalidSampleCases.Planner)
        {
            refusals.Should().BeEmpty("only the planner knows what is wrong with it (Operator.Tests checks that it does)");
        }
        else
        {
            result.Errors.Select(e => e.Field).Concat(result.UnknownFields)
                .Should().Contain(field, $"the API server must refuse {file} naming {field}; it said: {string.Join("; ", refusals)}");
        }
    }
}
