using System.Text;

namespace Mesh.XdsServer.Tests.Translation;

/// <summary>Compares output with an expected file; MESH_UPDATE_GOLDEN=1 rewrites the file instead.</summary>
internal static class GoldenFile
{
    public static bool Updating => Environment.GetEnvironmentVariable("MESH_UPDATE_GOLDEN") == "1";

    public static void Check(string path, string actual)
    {
        if (Updating)
        {
            File.WriteAllText(path, actual);
            return;
        }
        if (!File.Exists(path))
        {
            throw new Xunit.Sdk.XunitException($"{path} does not exist; run with MESH_UPDATE_GOLDEN=1 to create it.");
        }
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected != actual)
        {
            throw new Xunit.Sdk.XunitException($"{path} differs (MESH_UPDATE_GOLDEN=1 rewrites it if the change is intended):\n{Diff(expected, actual)}");
        }
    }

    /// <summary>The first differing region of two texts, with line numbers and some context.</summary>
    public static string Diff(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var first = 0;
        while (first < e.Length && first < a.Length && e[first] == a[first])
        {
            first++;
        }
        var lastE = e.Length - 1;
        var lastA = a.Length - 1;
        while (lastE > first && lastA > first && e[lastE] == a[lastA])
        {
            lastE--;
            lastA--;
        }
        var text = new StringBuilder();
        const int context = 3;
        for (var i = Math.Max(0, first - context); i < first; i++)
        {
            text.AppendLine($"  {i + 1,5}   {e[i]}");
        }
        for (var i = first; i <= lastE && i < e.Length && i < first + 40; i++)
        {
            text.AppendLine($"- {i + 1,5}   {e[i]}");
        }
        for (var i = first; i <= lastA && i < a.Length && i < first + 40; i++)
        {
            text.AppendLine($"+ {i + 1,5}   {a[i]}");
        }
        return text.ToString();
    }
}
