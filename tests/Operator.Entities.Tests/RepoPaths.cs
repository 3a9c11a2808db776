namespace Mesh.Operator.Entities.Tests;

/// <summary>Locates committed files relative to the repository root (the folder holding Mesh.sln).</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mesh.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Mesh.sln above {AppContext.BaseDirectory}.");
    });

    public static string Root => RootPath.Value;

    public static string Crd => Path.Combine(Root, "config", "crd");

    public static string Samples => Path.Combine(Root, "config", "samples");

    public static string InvalidSamples => Path.Combine(Samples, "invalid");

    /// <summary>Sample files of valid objects: everything under config/samples except the invalid folder.</summary>
    public static IEnumerable<string> ValidSampleFiles() =>
        Directory.EnumerateFiles(Samples, "*.yaml", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(Samples, f).StartsWith("invalid", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');
}
