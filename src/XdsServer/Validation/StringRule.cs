using System.Text;
using Validate;

namespace Mesh.XdsServer.Validation;

/// <summary>
/// All string rules of one field, compiled to a list of small checks in PGV's order: const, lengths (in characters,
/// i.e. code points, and in UTF-8 bytes), pattern, prefix, suffix, contains, not_contains, in, not_in, well_known.
/// </summary>
internal sealed class StringRule : ValueRule
{
    private readonly bool _ignoreEmpty;
    private readonly List<Func<string, string?>> _checks = [];

    public StringRule(StringRules rules)
    {
        _ignoreEmpty = rules.IgnoreEmpty;
        if (rules.HasConst)
        {
            var constant = rules.Const;
            _checks.Add(v => v == constant ? null : $"value must equal {RuleText.Quote(constant)}");
        }

        AddLength(rules.HasLen ? rules.Len : null, rules.HasMinLen ? rules.MinLen : null, rules.HasMaxLen ? rules.MaxLen : null, "characters", CodePoints);
        AddLength(rules.HasLenBytes ? rules.LenBytes : null, rules.HasMinBytes ? rules.MinBytes : null, rules.HasMaxBytes ? rules.MaxBytes : null, "bytes", v => (ulong)Encoding.UTF8.GetByteCount(v));

        if (rules.HasPattern)
        {
            AddPattern(rules.Pattern);
        }

        if (rules.HasPrefix)
        {
            var prefix = rules.Prefix;
            _checks.Add(v => v.StartsWith(prefix, StringComparison.Ordinal) ? null : $"value does not have prefix {RuleText.Quote(prefix)}");
        }

        if (rules.HasSuffix)
        {
            var suffix = rules.Suffix;
            _checks.Add(v => v.EndsWith(suffix, StringComparison.Ordinal) ? null : $"value does not have suffix {RuleText.Quote(suffix)}");
        }

        if (rules.HasContains)
        {
            var part = rules.Contains;
            _checks.Add(v => v.Contains(part, StringComparison.Ordinal) ? null : $"value does not contain substring {RuleText.Quote(part)}");
        }

        if (rules.HasNotContains)
        {
            var part = rules.NotContains;
            _checks.Add(v => !v.Contains(part, StringComparison.Ordinal) ? null : $"value contains substring {RuleText.Quote(part)}");
        }

        if (rules.In.Count > 0)
        {
            var set = rules.In.ToHashSet(StringComparer.Ordinal);
            var text = RuleText.List(rules.In, RuleText.Quote);
            _checks.Add(v => set.Contains(v) ? null : $"value must be in list {text}");
        }

        if (rules.NotIn.Count > 0)
        {
            var set = rules.NotIn.ToHashSet(StringComparer.Ordinal);
            var text = RuleText.List(rules.NotIn, RuleText.Quote);
            _checks.Add(v => !set.Contains(v) ? null : $"value must not be in list {text}");
        }

        AddWellKnown(rules);
    }

    public override void Check(object value, ValidationContext context)
    {
        var text = (string)value;
        if (_ignoreEmpty && text.Length == 0)
        {
            return;
        }

        foreach (var check in _checks)
        {
            if (check(text) is { } reason)
            {
                context.Fail(reason);
            }
        }
    }

    private static ulong CodePoints(string value)
    {
        var surrogatePairs = 0;
        foreach (var c in value)
        {
            if (char.IsLowSurrogate(c))
            {
                surrogatePairs++;
            }
        }

        return (ulong)(value.Length - surrogatePairs);
    }

    private void AddLength(ulong? exact, ulong? min, ulong? max, string unit, Func<string, ulong> measure)
    {
        if (exact is { } n)
        {
            _checks.Add(v => measure(v) == n ? null : $"value length must be {n} {unit}");
        }
        else if (min is { } lo && max is { } hi)
        {
            var reason = lo == hi ? $"value length must be {lo} {unit}" : $"value length must be between {lo} and {hi} {unit}, inclusive";
            _checks.Add(v => measure(v) is var l && l >= lo && l <= hi ? null : reason);
        }
        else if (min is { } atLeast)
        {
            _checks.Add(v => measure(v) >= atLeast ? null : $"value length must be at least {atLeast} {unit}");
        }
        else if (max is { } atMost)
        {
            _checks.Add(v => measure(v) <= atMost ? null : $"value length must be at most {atMost} {unit}");
        }
    }

    private void AddPattern(string pattern)
    {
        var reason = $"value does not match regex pattern {RuleText.Quote(pattern)}";
        if (WellKnownString.ScanFor(pattern) is { } scan)
        {
            _checks.Add(v => scan(v) ? null : reason);
            return;
        }

        var regex = Re2Pattern.Compile(pattern);
        _checks.Add(v => Re2Pattern.IsMatch(regex, v) ? null : reason);
    }

    private void AddWellKnown(StringRules rules)
    {
        switch (rules.WellKnownCase)
        {
            case StringRules.WellKnownOneofCase.Email when rules.Email:
                _checks.Add(v => WellKnownString.IsEmail(v) ? null : "value must be a valid email address");
                break;
            case StringRules.WellKnownOneofCase.Hostname when rules.Hostname:
                _checks.Add(v => WellKnownString.IsHostname(v) ? null : "value must be a valid hostname");
                break;
            case StringRules.WellKnownOneofCase.Ip when rules.Ip:
                _checks.Add(v => WellKnownString.IsIp(v) ? null : "value must be a valid IP address");
                break;
            case StringRules.WellKnownOneofCase.Ipv4 when rules.Ipv4:
                _checks.Add(v => WellKnownString.IsIpv4(v) ? null : "value must be a valid IPv4 address");
                break;
            case StringRules.WellKnownOneofCase.Ipv6 when rules.Ipv6:
                _checks.Add(v => WellKnownString.IsIpv6(v) ? null : "value must be a valid IPv6 address");
                break;
            case StringRules.WellKnownOneofCase.Uri when rules.Uri:
                _checks.Add(v => WellKnownString.IsUri(v) ? null : "value must be a valid URI");
                break;
            case StringRules.WellKnownOneofCase.UriRef when rules.UriRef:
                _checks.Add(v => WellKnownString.IsUriReference(v) ? null : "value must be a valid URI");
                break;
            case StringRules.WellKnownOneofCase.Address when rules.Address:
                _checks.Add(v => WellKnownString.IsHostname(v) || WellKnownString.IsIp(v) ? null : "value must be a valid hostname, or ip address");
                break;
            case StringRules.WellKnownOneofCase.Uuid when rules.Uuid:
                _checks.Add(v => WellKnownString.IsUuid(v) ? null : "value must be a valid UUID");
                break;
            case StringRules.WellKnownOneofCase.WellKnownRegex:
                var strict = !rules.HasStrict || rules.Strict;
                var pattern = rules.WellKnownRegex switch
                {
                    KnownRegex.HttpHeaderName => strict ? WellKnownString.HeaderNameStrict : WellKnownString.HeaderLoose,
                    KnownRegex.HttpHeaderValue => strict ? WellKnownString.HeaderValueStrict : WellKnownString.HeaderLoose,
                    _ => null,
                };
                if (pattern is not null)
                {
                    AddPattern(pattern);
                }

                break;
        }
    }
}
