using System.CommandLine;
using System.Net;
using System.Reflection;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Mesh.Meshctl.Kube;

namespace Mesh.Meshctl.Checks;

/// <summary>
/// <c>meshctl version [--client]</c>: the client's version from its assembly, and the server's from the operator
/// Deployment's image, else from the pod that holds the leader Lease (in local mode the holder is no pod: said so).
/// </summary>
internal static class VersionCommand
{
    public static Command Create(Option<string?> kubeconfig, TextWriter stdout, TimeProvider time)
    {
        var clientOnly = new Option<bool>("--client") { Description = "Print the client version only (no API call)." };
        var command = new Command("version", "Print the meshctl version and the operator's.") { kubeconfig, clientOnly };
        command.SetAction(async (result, ct) =>
        {
            await stdout.WriteLineAsync($"client: meshctl {ClientVersion}").ConfigureAwait(false);
            if (result.GetValue(clientOnly))
            {
                return 0;
            }
            using var client = KubeClientFactory.Create(result.GetValue(kubeconfig));
            var (found, text) = await ServerVersionAsync(client, time.GetUtcNow(), ct).ConfigureAwait(false);
            await stdout.WriteLineAsync($"server: {text}").ConfigureAwait(false);
            return found ? 0 : Cli.CommandFailure.ExitCode;
        });
        return command;
    }

    /// <summary>The informational version without the source revision suffix (0.1.0, not 0.1.0+abc123).</summary>
    public static string ClientVersion
    {
        get
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            var plus = version.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? version : version[..plus];
        }
    }

    private static async Task<(bool Found, string Text)> ServerVersionAsync(Kubernetes client, DateTimeOffset now, CancellationToken ct)
    {
        var deployment = await Read(client, () => client.AppsV1.ReadNamespacedDeploymentAsync(ControlPlaneNames.OperatorDeployment, ControlPlaneNames.Namespace, cancellationToken: ct)).ConfigureAwait(false);
        if (deployment?.Spec?.Template?.Spec?.Containers?.FirstOrDefault()?.Image is { } image)
        {
            return (true, $"mesh-operator {TagOf(image)} (image {image}, Deployment {ControlPlaneNames.Namespace}/{ControlPlaneNames.OperatorDeployment})");
        }
        var lease = await Read(client, () => client.CoordinationV1.ReadNamespacedLeaseAsync(ControlPlaneNames.LeaderLease, ControlPlaneNames.Namespace, cancellationToken: ct)).ConfigureAwait(false);
        if (lease is null || LeaseHolder.Of(lease, now) is not { } holder)
        {
            return (false, $"no operator found (no Deployment {ControlPlaneNames.Namespace}/{ControlPlaneNames.OperatorDeployment}, no held Lease {ControlPlaneNames.Namespace}/{ControlPlaneNames.LeaderLease}); install Mesh or start mesh-operator local");
        }
        // In a cluster the holder identity is the operator's pod name (POD_NAME).
        var pod = await Read(client, () => client.CoreV1.ReadNamespacedPodAsync(holder, ControlPlaneNames.Namespace, cancellationToken: ct)).ConfigureAwait(false);
        return pod?.Spec?.Containers?.FirstOrDefault()?.Image is { } podImage
            ? (true, $"mesh-operator {TagOf(podImage)} (image {podImage}, leader pod {ControlPlaneNames.Namespace}/{holder})")
            : (true, $"mesh-operator, leader {holder} (not a pod: local mode, which publishes no version)");
    }

    private static string TagOf(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var name = at < 0 ? image : image[..at];
        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? name[(colon + 1)..] : "latest";
    }

    private static async Task<T?> Read<T>(Kubernetes client, Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await KubeClientFactory.Call(client, $"read {typeof(T).Name[2..]}", read).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
