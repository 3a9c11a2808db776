using System.Globalization;
using System.Text;

namespace Mesh.XdsServer.Validation;

/// <summary>Formatting of names and values in error texts, after PGV's (Go-style %q, %v and durations).</summary>
internal static class RuleText
{
    /// <summary>The generated (Go) name of a proto field or oneof: stat_prefix becomes StatPrefix.</summary>
    public static string GoName(string protoName)
    {
        var result = new StringBuilder(protoName.Length);
        var upper = true;
        foreach (var c in protoName)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }

            result.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = char.IsDigit(c);
        }

        return result.ToString();
    }

    public static string Quote(string value)
    {
        var result = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => result.Append("\\\""),
                '\\' => result.Append(@"\\"),
                '\n' => result.Append(@"\n"),
                '\r' => result.Append(@"\r"),
                '\t' => result.Append(@"\t"),
                < ' ' or '\x7f' => result.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => result.Append(c),
            };
        }

        return result.Append('"').ToString();
    }

    public static string Number<T>(T value)
        where T : struct =>
        Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    public static string List<T>(IEnumerable<T> values, Func<T, string> show) => $"[{string.Join(" ", values.Select(show))}]";

    /// <summary>A duration the way Go prints one: 1.5s, 250ms, 1m0s, 1h0m0s.</summary>
    public static string Duration(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var sign = value < TimeSpan.Zero ? "-" : "";
        var span = value.Duration();
        if (span < TimeSpan.FromSeconds(1))
        {
            var nanos = span.Ticks * 100;
            return nanos switch
            {
                < 1_000 => $"{sign}{nanos}ns",
                < 1_000_000 => $"{sign}{(nanos / 1e3).ToString(CultureInfo.InvariantCulture)}µs",
                _ => $"{sign}{(nanos / 1e6).ToString(CultureInfo.InvariantCulture)}ms",
            };
        }

        var seconds = (span.Ticks % TimeSpan.TicksPerMinute / (double)TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture);
        var hours = (long)span.TotalHours;
        return hours > 0
            ? $"{sign}{hours}h{span.Minutes}m{seconds}s"
            : span.TotalMinutes >= 1 ? $"{sign}{span.Minutes}m{seconds}s" : $"{sign}{seconds}s";
    }
}
