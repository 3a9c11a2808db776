namespace Mesh.Meshctl.Cli;

/// <summary>Left-aligned columns separated by three spaces, a header row first (the look of istioctl's and kubectl's tables).</summary>
internal static class Table
{
    public static void Write(TextWriter output, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(output);
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows);
        var widths = header.Select((_, i) => all.Max(r => i < r.Count ? r[i].Length : 0)).ToArray();
        foreach (var row in all)
        {
            var cells = row.Select((cell, i) => i == row.Count - 1 ? cell : cell.PadRight(widths[i]));
            output.WriteLine(string.Join("   ", cells).TrimEnd());
        }
    }
}
