namespace Mesh.Meshctl.Tests;

/// <summary>Golden files of this project, named relative to tests/Meshctl.Tests/testdata (Mesh.Testing.GoldenFile compares).</summary>
internal static class Golden
{
    public static void Verify(string name, string actual) =>
        Mesh.Testing.GoldenFile.Verify(Path.Combine(MeshctlRun.Repo("tests", "Meshctl.Tests", "testdata"), name), actual);
}
