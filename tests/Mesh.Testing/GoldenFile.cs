using FluentAssertions;
using FluentAssertions.Execution;

namespace Mesh.Testing;

/// <summary>
/// Compares produced text with a committed expected file in the source tree. MESH_UPDATE_GOLDEN=1 rewrites the
/// files instead (review the diff before committing).
/// </summary>
public static class GoldenFile
{
    public static void Verify(string expectedPath, string actual)
    {
        actual = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("MESH_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(expectedPath))!);
            File.WriteAllText(expectedPath, actual);
            return;
        }
        File.Exists(expectedPath).Should().BeTrue($"the golden file {expectedPath} must exist (run with MESH_UPDATE_GOLDEN=1 to create it)");
        var expected = File.ReadAllText(expectedPath).ReplaceLineEndings("\n");
        if (expected == actual)
        {
            return;
        }
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var line = 0;
        while (line < e.Length && line < a.Length && e[line] == a[line])
        {
            line++;
        }
        var message = $"{expectedPath} differs at line {line + 1}:\n  expected: {(line < e.Length ? e[line] : "<end>")}\n  actual:   {(line < a.Length ? a[line] : "<end>")}\nRe-run with MESH_UPDATE_GOLDEN=1 to accept the new output.";
        Execute.Assertion.FailWith(message.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
    }
}
