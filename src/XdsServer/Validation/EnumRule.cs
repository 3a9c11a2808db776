using Google.Protobuf.Reflection;
using Validate;

namespace Mesh.XdsServer.Validation;

/// <summary>enum.const, defined_only, in and not_in, on the enum's number.</summary>
internal sealed class EnumRule(EnumRules rules, EnumDescriptor type) : ValueRule
{
    private readonly int? _constant = rules.HasConst ? rules.Const : null;
    private readonly bool _definedOnly = rules.DefinedOnly;
    private readonly HashSet<int> _defined = [.. type.Values.Select(v => v.Number)];
    private readonly int[] _in = [.. rules.In];
    private readonly int[] _notIn = [.. rules.NotIn];

    public override void Check(object value, ValidationContext context)
    {
        // The C# accessor hands back the generated enum type, boxed; its number is the underlying int.
        var number = Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
        if (_constant is { } c && number != c)
        {
            context.Fail($"value must equal {c}");
        }

        if (_definedOnly && !_defined.Contains(number))
        {
            context.Fail("value must be one of the defined enum values");
        }

        if (_in.Length > 0 && Array.IndexOf(_in, number) < 0)
        {
            context.Fail($"value must be in list {RuleText.List(_in, RuleText.Number)}");
        }

        if (_notIn.Length > 0 && Array.IndexOf(_notIn, number) >= 0)
        {
            context.Fail($"value must not be in list {RuleText.List(_notIn, RuleText.Number)}");
        }
    }
}
