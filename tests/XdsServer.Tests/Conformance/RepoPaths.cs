namespace Mesh.XdsServer.Tests.Conformance;

/// <summary>Files of the checkout the test needs (the node script, the node_modules the build installed).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string NodeModules => Path.Combine(Root, "src", "XdsServer.Protos", "node_modules");

    public static string ClientScript => Path.Combine(Root, "tests", "XdsServer.Tests", "Conformance", "node", "client.js");

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
