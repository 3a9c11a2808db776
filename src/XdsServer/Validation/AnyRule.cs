using Google.Protobuf.WellKnownTypes;
using Validate;

namespace Mesh.XdsServer.Validation;

/// <summary>any.in and any.not_in on the type URL (any.required is the value check's presence test).</summary>
internal sealed class AnyRule(HashSet<string> @in, HashSet<string> notIn) : ValueRule
{
    public static AnyRule? Create(AnyRules rules) =>
        rules.In.Count == 0 && rules.NotIn.Count == 0
            ? null
            : new AnyRule([.. rules.In], [.. rules.NotIn]);

    public override void Check(object value, ValidationContext context)
    {
        var typeUrl = ((Any)value).TypeUrl;
        if (@in.Count > 0 && !@in.Contains(typeUrl))
        {
            context.Fail($"type URL must be in set {RuleText.List(@in, RuleText.Quote)}");
        }

        if (notIn.Count > 0 && notIn.Contains(typeUrl))
        {
            context.Fail($"type URL must not be in set {RuleText.List(notIn, RuleText.Quote)}");
        }
    }
}
