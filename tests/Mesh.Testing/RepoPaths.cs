namespace Mesh.Testing;

/// <summary>Files of the checkout tests read, found from the test's output folder (the repository root holds Mesh.sln).</summary>
public static class RepoPaths
{
    // Lazy, so a test run outside a checkout fails with this message rather than a TypeInitializationException.
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    /// <summary>config/samples: one folder per sample, plus invalid/.</summary>
    public static string Samples => Path.Combine(Root, "config", "samples");

    /// <summary>config/samples/invalid: manifests the API must refuse, with expectations.yaml.</summary>
    public static string InvalidSamples => Path.Combine(Samples, "invalid");

    /// <summary>config/crd: the committed CustomResourceDefinitions.</summary>
    public static string Crd => Path.Combine(Root, "config", "crd");

    /// <summary>The node_modules the XdsServer.Protos build installs (@grpc/grpc-js-xds and its protos).</summary>
    public static string NodeModules => Path.Combine(Root, "src", "XdsServer.Protos", "node_modules");

    /// <summary>A path below the root.</summary>
    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A path relative to the root with forward slashes, for messages that read the same on every OS.</summary>
    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

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
