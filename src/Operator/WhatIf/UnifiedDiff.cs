using System.Globalization;
using System.Text;

namespace Mesh.Operator.WhatIf;

/// <summary>
/// Pure: a unified diff (as <c>diff -u</c> and <c>git diff</c> print it) of two texts, line by line, from a longest
/// common subsequence. Resources are small JSON documents, so the quadratic table on the lines that differ (after the
/// common head and tail are cut) stays small.
/// </summary>
public static class UnifiedDiff
{
    /// <summary>The diff of <paramref name="before"/> and <paramref name="after"/> (null: the file does not exist), empty when equal.</summary>
    public static string Create(string name, string? before, string? after, int context = 3)
    {
        ArgumentNullException.ThrowIfNull(name);
        var a = Lines(before);
        var b = Lines(after);
        var edits = Edits(a, b);
        if (edits.All(e => e.Op == ' '))
        {
            return "";
        }
        var text = new StringBuilder();
        text.Append("--- ").Append(before is null ? "/dev/null" : "a/" + name).Append('\n');
        text.Append("+++ ").Append(after is null ? "/dev/null" : "b/" + name).Append('\n');
        foreach (var (start, end) in Hunks(edits, context))
        {
            int aStart = edits[start].A, bStart = edits[start].B;
            int aCount = 0, bCount = 0;
            for (var i = start; i < end; i++)
            {
                aCount += edits[i].Op != '+' ? 1 : 0;
                bCount += edits[i].Op != '-' ? 1 : 0;
            }
            text.Append(CultureInfo.InvariantCulture, $"@@ -{Range(aStart, aCount)} +{Range(bStart, bCount)} @@\n");
            for (var i = start; i < end; i++)
            {
                text.Append(edits[i].Op).Append(edits[i].Text).Append('\n');
            }
        }
        return text.ToString();
    }

    private static string Range(int start, int count) => count switch
    {
        // diff -u names the line before an empty range, 0 for an empty file.
        0 => $"{start},0",
        1 => $"{start + 1}",
        _ => $"{start + 1},{count}",
    };

    private static string[] Lines(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }
        var lines = text.Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    /// <summary>One line of the script: its op (' ', '-', '+'), text, and how many lines of a and b come before it.</summary>
    private readonly record struct Edit(char Op, string Text, int A, int B);

    private static List<Edit> Edits(string[] a, string[] b)
    {
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head])
        {
            head++;
        }
        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[a.Length - 1 - tail] == b[b.Length - 1 - tail])
        {
            tail++;
        }
        int n = a.Length - head - tail, m = b.Length - head - tail;
        // lcs[i, j]: length of the LCS of a[head+i..] and b[head+j..] within the middle part.
        var lcs = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                lcs[i, j] = a[head + i] == b[head + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var edits = new List<Edit>(a.Length + b.Length);
        for (var k = 0; k < head; k++)
        {
            edits.Add(new Edit(' ', a[k], k, k));
        }
        int x = 0, y = 0;
        while (x < n || y < m)
        {
            if (x < n && y < m && a[head + x] == b[head + y])
            {
                edits.Add(new Edit(' ', a[head + x], head + x, head + y));
                x++;
                y++;
            }
            else if (y < m && (x == n || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                edits.Add(new Edit('+', b[head + y], head + x, head + y));
                y++;
            }
            else
            {
                edits.Add(new Edit('-', a[head + x], head + x, head + y));
                x++;
            }
        }
        for (var k = 0; k < tail; k++)
        {
            edits.Add(new Edit(' ', a[a.Length - tail + k], a.Length - tail + k, b.Length - tail + k));
        }
        return Reorder(edits);
    }

    /// <summary>Within each run of changes, removals before additions (as diff -u prints them).</summary>
    private static List<Edit> Reorder(List<Edit> edits)
    {
        var result = new List<Edit>(edits.Count);
        var i = 0;
        while (i < edits.Count)
        {
            if (edits[i].Op == ' ')
            {
                result.Add(edits[i++]);
                continue;
            }
            var run = new List<Edit>();
            while (i < edits.Count && edits[i].Op != ' ')
            {
                run.Add(edits[i++]);
            }
            int a0 = run.Min(e => e.A), b0 = run.Min(e => e.B);
            result.AddRange(run.Where(e => e.Op == '-').Select((e, k) => e with { A = a0 + k, B = b0 }));
            var removed = run.Count(e => e.Op == '-');
            result.AddRange(run.Where(e => e.Op == '+').Select((e, k) => e with { A = a0 + removed, B = b0 + k }));
        }
        return result;
    }

    /// <summary>[start, end) ranges of the script: each change with up to <paramref name="context"/> lines around it, overlapping ones merged.</summary>
    private static IEnumerable<(int Start, int End)> Hunks(List<Edit> edits, int context)
    {
        var changed = Enumerable.Range(0, edits.Count).Where(i => edits[i].Op != ' ').ToList();
        var k = 0;
        while (k < changed.Count)
        {
            var start = Math.Max(0, changed[k] - context);
            var end = Math.Min(edits.Count, changed[k] + 1 + context);
            k++;
            while (k < changed.Count && changed[k] - context <= end)
            {
                end = Math.Min(edits.Count, changed[k] + 1 + context);
                k++;
            }
            yield return (start, end);
        }
    }
}
