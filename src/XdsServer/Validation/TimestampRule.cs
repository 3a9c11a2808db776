using Google.Protobuf.WellKnownTypes;
using Validate;

namespace Mesh.XdsServer.Validation;

/// <summary>timestamp.const, lt, lte, gt, gte, lt_now, gt_now and within (the clock comes from the context).</summary>
internal sealed class TimestampRule : ValueRule
{
    private readonly DateTimeOffset? _constant;
    private readonly RangeCheck<DateTimeOffset>? _range;
    private readonly bool _ltNow;
    private readonly bool _gtNow;
    private readonly TimeSpan? _within;

    private TimestampRule(TimestampRules rules)
    {
        _constant = rules.Const?.ToDateTimeOffset();
        _range = RangeCheck<DateTimeOffset>.Create(
            rules.Lt?.ToDateTimeOffset(), rules.Lte?.ToDateTimeOffset(), rules.Gt?.ToDateTimeOffset(), rules.Gte?.ToDateTimeOffset(),
            t => t.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        _ltNow = rules.LtNow;
        _gtNow = rules.GtNow;
        _within = rules.Within?.ToTimeSpan();
    }

    public static TimestampRule? Create(TimestampRules rules) =>
        rules.Const is null && rules.Lt is null && rules.Lte is null && rules.Gt is null && rules.Gte is null &&
        !rules.LtNow && !rules.GtNow && rules.Within is null
            ? null
            : new TimestampRule(rules);

    public override void Check(object value, ValidationContext context)
    {
        var timestamp = (Timestamp)value;
        if (timestamp.Nanos is < 0 or > 999_999_999 || timestamp.Seconds is < -62_135_596_800 or > 253_402_300_799)
        {
            context.Fail("value is not a valid timestamp");
            return;
        }

        var at = timestamp.ToDateTimeOffset();
        if (_constant is { } c && at != c)
        {
            context.Fail($"value must equal {c:O}");
        }

        _range?.Check(at, context);

        var now = context.Now();
        if (_ltNow && at >= now)
        {
            context.Fail("value must be less than now");
        }

        if (_gtNow && at <= now)
        {
            context.Fail("value must be greater than now");
        }

        if (_within is { } within && (at - now).Duration() > within)
        {
            context.Fail($"value must be within {RuleText.Duration(within)} of now");
        }
    }
}
