using Mesh.Operator.Hosting;
using Mesh.Testing;

namespace Mesh.Operator.Tests.Hosting;

public sealed class ManifestApplierPathTests
{
    [Fact]
    public void A_folder_means_its_yaml_files_and_subfolders_but_never_the_invalid_samples()
    {
        var files = ManifestApplier.ExpandPaths([RepoPaths.Of("config", "samples")])
            .Select(f => Path.GetRelativePath(RepoPaths.Of("config", "samples"), f).Replace('\\', '/'))
            .ToList();

        files.Should().Contain(["shop/01-meshpolicy.yaml", "payments/issuer.yaml", "batch/nightly-report.yaml"]);
        files.Should().NotContain(f => f.StartsWith("invalid/", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_path_is_refused_with_its_name()
    {
        var act = () => ManifestApplier.ExpandPaths(["no/such/folder"]);

        act.Should().Throw<FileNotFoundException>().WithMessage("--apply no/such/folder: no such file or folder.");
    }
}
