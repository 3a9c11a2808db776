using System.Text;

namespace Mesh.Operator.WhatIf;

/// <summary>Renders a <see cref="WhatIfReport"/>: one summary line, admission warnings, or the full text with diffs.</summary>
public static class WhatIfText
{
    /// <summary>The longest warning line sent to the API server (it may truncate longer ones; kubectl prints each on a line).</summary>
    public const int MaxWarningLength = 120;

    /// <summary>How many per-resource warning lines follow the summary before "... and N more".</summary>
    public const int MaxResourceWarnings = 8;

    /// <summary><c>what-if: 3 proxies, clusters +1 ~2, routes ~1</c>.</summary>
    public static string Summary(WhatIfReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.IsEmpty)
        {
            return "what-if: no proxy config changes";
        }
        var proxies = report.Proxies.Count == 1 ? "1 proxy" : $"{report.Proxies.Count} proxies";
        return $"what-if: {proxies}, {string.Join(", ", report.Counts)}";
    }

    /// <summary>Short lines for an admission response: the summary, refusals, then one line per changed resource.</summary>
    public static IReadOnlyList<string> Warnings(WhatIfReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var lines = new List<string> { Summary(report) };
        lines.AddRange(report.Refusals.Select(r => Short($"what-if: the xDS server would refuse it: {r}")));
        var resources = report.Changes.Select(c => (c.Type, c.Name, c.Kind)).Distinct().ToList();
        lines.AddRange(resources.Take(MaxResourceWarnings).Select(r => Short($"what-if: {Sign(r.Kind)} {r.Type} {r.Name}")));
        if (resources.Count > MaxResourceWarnings)
        {
            lines.Add($"what-if: ... and {resources.Count - MaxResourceWarnings} more; meshctl what-if -f FILE shows all with diffs");
        }
        return lines;
    }

    /// <summary>The full report: summary, proxies, resources and their unified diffs.</summary>
    public static string Full(WhatIfReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.Append(Summary(report)).Append(" (of ").Append(report.ProxyCount).Append(report.ProxyCount == 1 ? " proxy)\n" : " proxies)\n");
        foreach (var refusal in report.Refusals)
        {
            text.Append("refused by the xDS server (proxies would keep their last good config): ").Append(refusal).Append('\n');
        }
        if (report.IsEmpty)
        {
            return text.ToString();
        }
        text.Append("\nproxies:\n");
        var width = report.Proxies.Max(p => p.Proxy.Length);
        foreach (var proxy in report.Proxies)
        {
            text.Append("  ").Append(proxy.Proxy.PadRight(width)).Append("  ").Append(string.Join(", ", proxy.Counts)).Append('\n');
        }
        text.Append("\nresources:\n");
        foreach (var change in report.Changes)
        {
            text.Append("  ").Append(Sign(change.Kind)).Append(' ').Append(change.Type).Append(' ').Append(change.Name)
                .Append("  (").Append(Proxies(change.Proxies)).Append(")\n");
        }
        foreach (var change in report.Changes)
        {
            text.Append('\n').Append("# ").Append(Proxies(change.Proxies)).Append('\n').Append(change.Diff);
        }
        return text.ToString();
    }

    private static string Proxies(IReadOnlyList<string> proxies) =>
        proxies.Count <= 3 ? string.Join(", ", proxies) : $"{string.Join(", ", proxies.Take(2))} and {proxies.Count - 2} more";

    private static char Sign(ResourceChangeKind kind) => kind switch
    {
        ResourceChangeKind.Added => '+',
        ResourceChangeKind.Removed => '-',
        _ => '~',
    };

    private static string Short(string line) => line.Length <= MaxWarningLength ? line : line[..(MaxWarningLength - 3)] + "...";
}
