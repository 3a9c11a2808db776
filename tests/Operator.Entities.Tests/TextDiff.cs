using System.Text;

namespace Mesh.Operator.Entities.Tests;

/// <summary>A short, readable line diff for test failure messages: the first differing region with context.</summary>
internal static class TextDiff
{
    public static string FirstDifference(string expected, string actual, int context = 3, int maxLines = 40)
    {
        var e = expected.ReplaceLineEndings("\n").Split('\n');
        var a = actual.ReplaceLineEndings("\n").Split('\n');
        var first = 0;
        while (first < e.Length && first < a.Length && e[first] == a[first])
        {
            first++;
        }

        if (first == e.Length && first == a.Length)
        {
            return "(no difference)";
        }

        // Trim the common tail so that an inserted or removed block shows as just that block.
        int ee = e.Length - 1, ae = a.Length - 1;
        while (ee >= first && ae >= first && e[ee] == a[ae])
        {
            ee--;
            ae--;
        }

        var text = new StringBuilder();
        for (var i = Math.Max(0, first - context); i < first; i++)
        {
            text.Append(LineNo(i)).Append("   ").AppendLine(e[i]);
        }

        var shown = 0;
        for (var i = first; i <= ee && shown < maxLines; i++, shown++)
        {
            text.Append(LineNo(i)).Append(" - ").AppendLine(e[i]);
        }

        for (var i = first; i <= ae && shown < maxLines * 2; i++, shown++)
        {
            text.Append(LineNo(i)).Append(" + ").AppendLine(a[i]);
        }

        if (shown >= maxLines)
        {
            text.AppendLine("     ... (more differences)");
        }

        return text.ToString();

        static string LineNo(int line) => (line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(5);
    }
}
