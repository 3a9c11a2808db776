using System.Globalization;
using System.Text.RegularExpressions;

namespace Mesh.LocalCluster.Validation;

/// <summary>Go's time.ParseDuration syntax ("24h", "500ms", "1h30m", "-1.5s"), used by format: duration and CEL.</summary>
internal static partial class GoDuration
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (text is "0" or "+0" or "-0")
        {
            return true;
        }

        var match = Syntax().Match(text);
        if (!match.Success)
        {
            return false;
        }

        double nanoseconds = 0;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = Unit().Match(part.Value);
            var number = double.Parse(unit.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            nanoseconds += number * unit.Groups[2].Value switch
            {
                "ns" => 1,
                "us" or "µs" or "μs" => 1e3,
                "ms" => 1e6,
                "s" => 1e9,
                "m" => 60e9,
                _ => 3600e9,
            };
        }

        if (nanoseconds > long.MaxValue)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)(nanoseconds / 100) * (match.Groups["sign"].Value == "-" ? -1 : 1));
        return true;
    }

    [GeneratedRegex(@"^(?<sign>[-+]?)(?<part>(\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();

    [GeneratedRegex(@"^(\d+(?:\.\d*)?|\.\d+)(\D+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Unit();
}
