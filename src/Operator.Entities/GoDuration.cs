using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Mesh.Operator.Entities;

/// <summary>
/// Go <c>time.ParseDuration</c> syntax, the one Kubernetes CEL's <c>duration()</c> and the API's duration fields use:
/// a sequence of decimal numbers with units h, m, s, ms, us (or µs), ns; <c>0</c> alone is zero. Signs are refused
/// because no Mesh duration may be negative. Precision is TimeSpan's (100 ns); a positive value below it is one tick, not zero.
/// </summary>
public static class GoDuration
{
    /// <summary>Parses a duration such as <c>1h30m</c>, <c>500ms</c> or <c>2.5s</c>.</summary>
    /// <param name="text">The duration text.</param>
    /// <param name="value">The parsed duration.</param>
    /// <returns>False when the text is not a non-negative Go duration.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text == "0")
        {
            return true;
        }

        decimal ticks = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            var number = text.AsSpan(start, i - start);
            if (number.IsEmpty || number is "." ||
                !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            var unitStart = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i]) && text[i] != '.')
            {
                i++;
            }

            decimal? unitTicks = text.AsSpan(unitStart, i - unitStart) switch
            {
                "h" => TimeSpan.TicksPerHour,
                "m" => TimeSpan.TicksPerMinute,
                "s" => TimeSpan.TicksPerSecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "us" or "µs" or "μs" => TimeSpan.TicksPerMicrosecond,
                "ns" => TimeSpan.TicksPerMicrosecond / 1000m,
                _ => null,
            };
            if (unitTicks is null)
            {
                return false;
            }

            ticks += amount * unitTicks.Value;
            if (ticks > TimeSpan.MaxValue.Ticks)
            {
                return false;
            }
        }

        // A positive duration never rounds to zero: the CRD's CEL rules see "1ns" as more than 0s, and Envoy refuses
        // a zero where they require gt 0s (outlier interval, fault delay), so sub-tick values take the smallest tick.
        var rounded = (long)decimal.Round(ticks);
        value = TimeSpan.FromTicks(rounded == 0 && ticks > 0 ? 1 : rounded);
        return true;
    }

    /// <summary>Parses a duration, throwing a FormatException that names the field.</summary>
    /// <param name="text">The duration text.</param>
    /// <param name="fieldPath">The field path for the error message, for example <c>spec.mtls.certificates.duration</c>.</param>
    public static TimeSpan Parse(string text, string fieldPath)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var value)
            ? value
            : throw new FormatException($"{fieldPath}: '{text}' is not a duration; write it like 500ms, 2s, 1m30s or 24h.");
    }

    /// <summary>Formats a duration the way Go prints it (<c>24h0m0s</c> shortened to <c>24h</c>, <c>1m30s</c>, <c>500ms</c>).</summary>
    /// <param name="value">A non-negative duration.</param>
    public static string Format(TimeSpan value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        if (value < TimeSpan.FromSeconds(1))
        {
            return value.Ticks % TimeSpan.TicksPerMillisecond == 0
                ? $"{value.Ticks / TimeSpan.TicksPerMillisecond}ms"
                : string.Create(CultureInfo.InvariantCulture, $"{value.Ticks / (decimal)TimeSpan.TicksPerMicrosecond}us");
        }

        var text = new StringBuilder();
        var hours = (long)value.TotalHours;
        if (hours > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{hours}h");
        }

        if (value.Minutes > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{value.Minutes}m");
        }

        var seconds = value.Ticks % TimeSpan.TicksPerMinute / (decimal)TimeSpan.TicksPerSecond;
        if (seconds > 0)
        {
            text.Append(seconds.ToString("0.#######", CultureInfo.InvariantCulture)).Append('s');
        }

        return text.ToString();
    }
}
