namespace Mesh.XdsServer.Validation;

/// <summary>const, lt, lte, gt, gte, in and not_in of any numeric rule type (also applied to wrapper values).</summary>
internal sealed class NumberRule<T>(T? constant, T? lt, T? lte, T? gt, T? gte, T[] @in, T[] notIn) : ValueRule
    where T : struct, IComparable<T>
{
    private readonly RangeCheck<T>? _range = RangeCheck<T>.Create(lt, lte, gt, gte, RuleText.Number);

    public override void Check(object value, ValidationContext context)
    {
        if (value is not T number)
        {
            return;
        }

        if (constant is { } c && number.CompareTo(c) != 0)
        {
            context.Fail($"value must equal {RuleText.Number(c)}");
        }

        _range?.Check(number, context);

        if (@in.Length > 0 && Array.IndexOf(@in, number) < 0)
        {
            context.Fail($"value must be in list {RuleText.List(@in, RuleText.Number)}");
        }

        if (notIn.Length > 0 && Array.IndexOf(notIn, number) >= 0)
        {
            context.Fail($"value must not be in list {RuleText.List(notIn, RuleText.Number)}");
        }
    }
}
