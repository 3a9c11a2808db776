using System.Globalization;

namespace Mesh.Benchmarks.EndToEnd;

/// <summary>
/// The operator child's Prometheus counters, read before and after a scenario so that its latency can be split into
/// reconcile, publish (coalescing wait, translation) and push-to-ACK, each averaged over what the scenario caused.
/// </summary>
internal sealed class OperatorMetrics
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Dictionary<string, double> _values;

    private OperatorMetrics(Dictionary<string, double> values) => _values = values;

    public static async Task<OperatorMetrics> ScrapeAsync(int httpPort, CancellationToken ct)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        try
        {
            var text = await Http.GetStringAsync($"http://127.0.0.1:{httpPort}/metrics", ct).ConfigureAwait(false);
            foreach (var line in text.Split('\n'))
            {
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                var space = line.LastIndexOf(' ');
                if (space > 0 && double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    values[line[..space]] = value;
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // No breakdown then; the scenario's own numbers stand.
        }

        return new OperatorMetrics(values);
    }

    /// <summary>"name avg X ms over N" for each histogram that moved between <paramref name="before"/> and this reading.</summary>
    public string BreakdownSince(OperatorMetrics before)
    {
        (string Label, string Histogram)[] parts =
        [
            ("publish queue wait", "workqueue_queue_duration_seconds{name=\"meshpolicy-xds\"}"),
            ("publish reconcile", "controller_runtime_reconcile_time_seconds{controller=\"meshpolicy-xds\"}"),
            ("status queue wait", "workqueue_queue_duration_seconds{name=\"meshpolicy\"}"),
            ("status reconcile", "controller_runtime_reconcile_time_seconds{controller=\"meshpolicy\"}"),
            ("publish wait", "mesh_publish_wait_seconds"),
            ("publish", "mesh_publish_duration_seconds"),
            ("RDS push", "mesh_xds_push_duration_seconds{type=\"RDS\"}"),
            ("RDS snapshot->ACK", "mesh_xds_convergence_seconds{type=\"RDS\"}"),
            ("EDS push", "mesh_xds_push_duration_seconds{type=\"EDS\"}"),
            ("EDS snapshot->ACK", "mesh_xds_convergence_seconds{type=\"EDS\"}"),
        ];
        var said = new List<string>();
        foreach (var (label, histogram) in parts)
        {
            var count = Moved(before, Series(histogram, "_count"));
            if (count > 0)
            {
                var sum = Moved(before, Series(histogram, "_sum"));
                said.Add(string.Create(CultureInfo.InvariantCulture, $"{label} avg {sum / count * 1000:0} ms over {count:0}"));
            }
        }

        return said.Count == 0 ? "no operator metrics moved" : string.Join("; ", said);
    }

    private double Moved(OperatorMetrics before, string series) =>
        _values.GetValueOrDefault(series) - before._values.GetValueOrDefault(series);

    private static string Series(string histogram, string suffix)
    {
        var brace = histogram.IndexOf('{', StringComparison.Ordinal);
        return brace < 0 ? histogram + suffix : histogram[..brace] + suffix + histogram[brace..];
    }
}
