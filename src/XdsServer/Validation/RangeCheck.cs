namespace Mesh.XdsServer.Validation;

/// <summary>
/// The lt/lte/gt/gte part of a numeric, duration or timestamp rule, with PGV's wording: a single bound, a range
/// "inside (a, b]", or, when the upper bound is below the lower one, an excluded range "outside [b, a)".
/// </summary>
internal sealed class RangeCheck<T>
    where T : struct, IComparable<T>
{
    private readonly Func<T, bool> _fails;
    private readonly string _message;

    private RangeCheck(Func<T, bool> fails, string message)
    {
        _fails = fails;
        _message = message;
    }

    public static RangeCheck<T>? Create(T? lt, T? lte, T? gt, T? gte, Func<T, string> show)
    {
        var hasUpper = lt is not null || lte is not null;
        var hasLower = gt is not null || gte is not null;
        var upper = lt ?? lte ?? default;
        var lower = gt ?? gte ?? default;
        var upperOpen = lt is not null;
        var lowerOpen = gt is not null;
        if (!hasUpper && !hasLower)
        {
            return null;
        }

        if (!hasLower)
        {
            return upperOpen
                ? new(v => v.CompareTo(upper) >= 0, $"value must be less than {show(upper)}")
                : new(v => v.CompareTo(upper) > 0, $"value must be less than or equal to {show(upper)}");
        }

        if (!hasUpper)
        {
            return lowerOpen
                ? new(v => v.CompareTo(lower) <= 0, $"value must be greater than {show(lower)}")
                : new(v => v.CompareTo(lower) < 0, $"value must be greater than or equal to {show(lower)}");
        }

        bool BelowLower(T v) => lowerOpen ? v.CompareTo(lower) <= 0 : v.CompareTo(lower) < 0;
        bool AboveUpper(T v) => upperOpen ? v.CompareTo(upper) >= 0 : v.CompareTo(upper) > 0;
        var open = lowerOpen ? "(" : "[";
        var close = upperOpen ? ")" : "]";
        if (upper.CompareTo(lower) > 0)
        {
            return new(v => BelowLower(v) || AboveUpper(v), $"value must be inside range {open}{show(lower)}, {show(upper)}{close}");
        }

        // Upper below lower: the rule excludes the band between them (brackets flip, as in PGV's templates).
        var exOpen = upperOpen ? "[" : "(";
        var exClose = lowerOpen ? "]" : ")";
        return new(v => BelowLower(v) && AboveUpper(v),
            $"value must be outside range {exOpen}{show(upper)}, {show(lower)}{exClose}");
    }

    public void Check(T value, ValidationContext context)
    {
        if (_fails(value))
        {
            context.Fail(_message);
        }
    }
}
