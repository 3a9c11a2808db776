using Mesh.CrdGen;

namespace Mesh.Operator.Entities.Tests;

/// <summary>
/// Holds the committed MeshPolicy CRD against the samples with the embedded API server's admission
/// (<see cref="CrdAdmission"/>): every sample policy passes, every schema or CEL invalid sample fails exactly at its field.
/// </summary>
public sealed class CrdRuleTests
{
    private const string RulesNotCheckedNote = "some validation rules were not checked because the object was invalid";

    private static readonly HashSet<string> BlockingTypes =
        ["FieldValueNotSupported", "FieldValueRequired", "FieldValueTooLong", "FieldValueTooMany", "FieldValueTypeInvalid"];

    public static TheoryData<string> ValidPolicies()
    {
        var data = new TheoryData<string>();
        foreach (var file in SampleDocuments.OfKind(MeshPolicy.KubeGroupVersion, MeshPolicy.KubeKind).Select(d => d.File).Distinct())
        {
            data.Add(file);
        }

        return data;
    }

    public static TheoryData<string> CaughtBy(string catcher) => InvalidSampleCases.Caught(catcher);

    [Theory]
    [MemberData(nameof(ValidPolicies))]
    public void A_sample_policy_passes_the_CRD_schema_and_every_CEL_rule(string file)
    {
        foreach (var document in SampleDocuments.OfKind(MeshPolicy.KubeGroupVersion, MeshPolicy.KubeKind).Where(d => d.File == file))
        {
            var result = CrdAdmission.Admit(CrdGenerator.MeshPolicyFileName, document.Tree.DeepClone().AsObject());

            CrdAdmission.Describe(result).Should().BeEmpty($"{file} (document {document.Index}) is a valid sample");
        }
    }

    [Theory]
    [MemberData(nameof(CaughtBy), InvalidSampleCases.Cel)]
    public void A_cel_invalid_sample_breaks_exactly_its_named_rule_at_its_field(string file)
    {
        var entry = InvalidSampleCases.Entry(file);

        var result = CrdAdmission.Admit(CrdGenerator.MeshPolicyFileName, InvalidSampleCases.Load(file));

        result.UnknownFields.Should().BeEmpty();
        var error = result.Errors.Should().ContainSingle(string.Join("; ", result.Errors)).Subject;
        error.Field.Should().Be((string)entry["field"]!);
        // A FieldValueDuplicate rule prints no message, only the type (k8s.io/apiextensions-apiserver schema/cel
        // validation.go fieldErrorForReason uses field.Duplicate); every other rule ends the error with its message.
        InvalidSampleCases.CrdRulesNamed((string)entry["rule"]!).Should().Contain(
            r => r.Reason == "FieldValueDuplicate"
                ? error.Type == "FieldValueDuplicate"
                : error.Type == (r.Reason ?? "FieldValueInvalid") && error.Message.EndsWith(": " + r.Message, StringComparison.Ordinal),
            $"'{error.Type}: {error.Message}' must be rule {(string)entry["rule"]!}'s refusal");
    }

    [Theory]
    [MemberData(nameof(CaughtBy), InvalidSampleCases.Schema)]
    public void A_schema_invalid_sample_breaks_the_schema_at_its_field(string file)
    {
        var field = (string)InvalidSampleCases.Entry(file)["field"]!;

        var result = CrdAdmission.Admit(CrdGenerator.MeshPolicyFileName, InvalidSampleCases.Load(file));

        // After a blocking schema error the real API server evaluates no CEL rule and adds one field-less cause saying so
        // (k8s.io/apiextensions-apiserver registry/customresource strategy.go, hasBlockingErr). src/LocalCluster still
        // evaluates the rules then, so rule errors after a blocking one are left out: this test holds either way.
        var blocking = result.Errors.Any(e => BlockingTypes.Contains(e.Type));
        var reported = result.Errors
            .Where(e => !e.Message.Contains(RulesNotCheckedNote, StringComparison.Ordinal))
            .Where(e => !(blocking && InvalidSampleCases.IsFromRule(e)))
            .ToList();
        var details = string.Join("; ", CrdAdmission.Describe(result));
        reported.Select(e => e.Field).Concat(result.UnknownFields)
            .Should().NotBeEmpty().And.OnlyContain(f => f == field, $"the sample is wrong in one place only: {details}");
        reported.Where(e => !InvalidSampleCases.IsFromRule(e)).Select(e => e.Field).Concat(result.UnknownFields)
            .Should().NotBeEmpty($"the schema itself refuses it, not only a CEL rule: {details}");
    }
}
