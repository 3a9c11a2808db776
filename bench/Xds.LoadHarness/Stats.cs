namespace Mesh.Xds.LoadHarness;

/// <summary>Percentiles (nearest rank) and byte formatting for the report.</summary>
internal static class Stats
{
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static string Bytes(double bytes) => bytes switch
    {
        >= 1 << 30 => $"{bytes / (1 << 30):F2} GiB",
        >= 1 << 20 => $"{bytes / (1 << 20):F1} MiB",
        >= 1 << 10 => $"{bytes / (1 << 10):F1} KiB",
        _ => $"{bytes:F0} B",
    };
}
