namespace Mesh.EndToEnd.Tests.Mesh;

/// <summary>Files of the checkout the end-to-end tests read (samples, node scripts, node_modules).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Samples => Path.Combine(Root, "config", "samples");

    public static string NodeModules => Path.Combine(Root, "src", "XdsServer.Protos", "node_modules");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mesh.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Mesh.sln above {AppContext.BaseDirectory}: run the tests from a checkout.");
    }
}
