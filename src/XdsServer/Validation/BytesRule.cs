using Google.Protobuf;
using Validate;

namespace Mesh.XdsServer.Validation;

/// <summary>bytes.const, len, min_len, max_len, pattern (on the UTF-8 text), prefix, suffix, contains, in, not_in, ip.</summary>
internal sealed class BytesRule : ValueRule
{
    private readonly List<Func<ByteString, string?>> _checks = [];

    public BytesRule(BytesRules rules)
    {
        if (rules.HasConst)
        {
            var constant = rules.Const;
            _checks.Add(v => v.Equals(constant) ? null : $"value must equal {Show(constant)}");
        }

        if (rules.HasLen)
        {
            var n = rules.Len;
            _checks.Add(v => (ulong)v.Length == n ? null : $"value length must be {n} bytes");
        }

        if (rules.HasMinLen)
        {
            var n = rules.MinLen;
            _checks.Add(v => (ulong)v.Length >= n ? null : $"value length must be at least {n} bytes");
        }

        if (rules.HasMaxLen)
        {
            var n = rules.MaxLen;
            _checks.Add(v => (ulong)v.Length <= n ? null : $"value length must be at most {n} bytes");
        }

        if (rules.HasPattern)
        {
            var regex = Re2Pattern.Compile(rules.Pattern);
            var reason = $"value does not match regex pattern {RuleText.Quote(rules.Pattern)}";
            _checks.Add(v => regex.IsMatch(v.ToStringUtf8()) ? null : reason);
        }

        if (rules.HasPrefix)
        {
            var prefix = rules.Prefix;
            _checks.Add(v => v.Span.StartsWith(prefix.Span) ? null : $"value does not have prefix {Show(prefix)}");
        }

        if (rules.HasSuffix)
        {
            var suffix = rules.Suffix;
            _checks.Add(v => v.Span.EndsWith(suffix.Span) ? null : $"value does not have suffix {Show(suffix)}");
        }

        if (rules.HasContains)
        {
            var part = rules.Contains;
            _checks.Add(v => v.Span.IndexOf(part.Span) >= 0 ? null : $"value does not contain {Show(part)}");
        }

        if (rules.In.Count > 0)
        {
            var set = rules.In.ToHashSet();
            _checks.Add(v => set.Contains(v) ? null : $"value must be in list {RuleText.List(rules.In, Show)}");
        }

        if (rules.NotIn.Count > 0)
        {
            var set = rules.NotIn.ToHashSet();
            _checks.Add(v => !set.Contains(v) ? null : $"value must not be in list {RuleText.List(rules.NotIn, Show)}");
        }

        switch (rules.WellKnownCase)
        {
            case BytesRules.WellKnownOneofCase.Ip when rules.Ip:
                _checks.Add(v => v.Length is 4 or 16 ? null : "value must be a valid IP address");
                break;
            case BytesRules.WellKnownOneofCase.Ipv4 when rules.Ipv4:
                _checks.Add(v => v.Length == 4 ? null : "value must be a valid IPv4 address");
                break;
            case BytesRules.WellKnownOneofCase.Ipv6 when rules.Ipv6:
                _checks.Add(v => v.Length == 16 ? null : "value must be a valid IPv6 address");
                break;
        }
    }

    public override void Check(object value, ValidationContext context)
    {
        var bytes = (ByteString)value;
        foreach (var check in _checks)
        {
            if (check(bytes) is { } reason)
            {
                context.Fail(reason);
            }
        }
    }

    private static string Show(ByteString value) => RuleText.Quote(value.ToStringUtf8());
}
