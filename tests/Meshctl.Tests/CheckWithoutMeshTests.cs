using Mesh.LocalCluster;

namespace Mesh.Meshctl.Tests;

/// <summary>check against an API server with nothing of Mesh installed: every check fails with its fix, exit 2.</summary>
public sealed class CheckWithoutMeshTests
{
    [Fact]
    public async Task Check_on_an_empty_API_server_fails_every_check_with_its_fix()
    {
        await using var api = await LocalApiServer.StartAsync(new LocalApiServerOptions());
        var dir = Path.Combine(Path.GetTempPath(), $"meshctl-empty-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var kubeconfig = api.WriteKubeconfig(Path.Combine(dir, "kubeconfig"));

            var result = await MeshctlRun.RunAsync("check", "--kubeconfig", kubeconfig);

            result.ExitCode.Should().Be(2, result.ToString());
            result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(6).And.OnlyContain(l => l.StartsWith("✘ ", StringComparison.Ordinal) && l.Contains("; fix: ", StringComparison.Ordinal));
            Golden.Verify("check-empty.txt", result.ToString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
