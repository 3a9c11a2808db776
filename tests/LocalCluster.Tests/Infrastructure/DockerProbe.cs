using DotNet.Testcontainers.Builders;
using Testcontainers.K3s;

namespace Mesh.LocalCluster.Tests.Infrastructure;

/// <summary>Checks once whether a Docker engine answers (Testcontainers fails within about a second when none does).</summary>
public static class DockerProbe
{
    public const string K3sImage = "rancher/k3s:v1.32.4-k3s1";

    private static readonly Lazy<string?> Reason = new(Probe);

    /// <summary>Null when Docker is available, else why the Docker-dependent tests are skipped.</summary>
    public static string? UnavailableReason => Reason.Value;

    private static string? Probe()
    {
        try
        {
            var container = new K3sBuilder(K3sImage).Build();
            _ = container.DisposeAsync().AsTask();
            return null;
        }
        catch (DockerUnavailableException e)
        {
            return $"No Docker engine answers, so the k3s contract suite is skipped: {e.Message.Split('\n')[0].Trim()}";
        }
    }
}
