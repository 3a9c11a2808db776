namespace Mesh.Meshctl.Tests;

/// <summary>
/// Compares output with a committed file under testdata/. MESH_UPDATE_GOLDEN=1 rewrites the files instead (review the
/// diff before committing).
/// </summary>
internal static class GoldenFile
{
    public static void Verify(string name, string actual)
    {
        var path = Path.Combine(MeshctlRun.Repo("tests", "Meshctl.Tests", "testdata"), name);
        actual = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("MESH_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }
        File.Exists(path).Should().BeTrue($"the golden file {path} must exist (run with MESH_UPDATE_GOLDEN=1 to create it)");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
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
        Assert.Fail($"{path} differs at line {line + 1}:\n  expected: {(line < e.Length ? e[line] : "<end>")}\n  actual:   {(line < a.Length ? a[line] : "<end>")}\nRe-run with MESH_UPDATE_GOLDEN=1 to accept the new output.");
    }
}
