using Google.Protobuf.WellKnownTypes;
using Validate;

namespace Mesh.XdsServer.Validation;

/// <summary>duration.const, lt, lte, gt, gte, in and not_in (duration.required is the value check's presence test).</summary>
internal sealed class DurationRule : ValueRule
{
    private readonly TimeSpan? _constant;
    private readonly RangeCheck<TimeSpan>? _range;
    private readonly TimeSpan[] _in;
    private readonly TimeSpan[] _notIn;

    private DurationRule(DurationRules rules)
    {
        _constant = rules.Const?.ToTimeSpan();
        _range = RangeCheck<TimeSpan>.Create(
            rules.Lt?.ToTimeSpan(), rules.Lte?.ToTimeSpan(), rules.Gt?.ToTimeSpan(), rules.Gte?.ToTimeSpan(), RuleText.Duration);
        _in = [.. rules.In.Select(d => d.ToTimeSpan())];
        _notIn = [.. rules.NotIn.Select(d => d.ToTimeSpan())];
    }

    public static DurationRule? Create(DurationRules rules) =>
        rules.Const is null && rules.Lt is null && rules.Lte is null && rules.Gt is null && rules.Gte is null &&
        rules.In.Count == 0 && rules.NotIn.Count == 0
            ? null
            : new DurationRule(rules);

    public override void Check(object value, ValidationContext context)
    {
        var duration = (Duration)value;
        if (duration.Nanos is <= -Duration.NanosecondsPerSecond or >= Duration.NanosecondsPerSecond ||
            (duration.Seconds < 0 && duration.Nanos > 0) || (duration.Seconds > 0 && duration.Nanos < 0) ||
            duration.Seconds is < Duration.MinSeconds or > Duration.MaxSeconds)
        {
            context.Fail("value is not a valid duration");
            return;
        }

        var span = duration.ToTimeSpan();
        if (_constant is { } c && span != c)
        {
            context.Fail($"value must equal {RuleText.Duration(c)}");
        }

        _range?.Check(span, context);

        if (_in.Length > 0 && Array.IndexOf(_in, span) < 0)
        {
            context.Fail($"value must be in list {RuleText.List(_in, RuleText.Duration)}");
        }

        if (_notIn.Length > 0 && Array.IndexOf(_notIn, span) >= 0)
        {
            context.Fail($"value must not be in list {RuleText.List(_notIn, RuleText.Duration)}");
        }
    }
}
