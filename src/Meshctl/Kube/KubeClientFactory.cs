using k8s;
using k8s.Exceptions;
using Mesh.Meshctl.Cli;

namespace Mesh.Meshctl.Kube;

/// <summary>
/// The user's Kubernetes client: from --kubeconfig, else KUBECONFIG or ~/.kube/config (in-cluster when run in a pod),
/// so every call goes through the API server with the user's own credentials and RBAC.
/// </summary>
internal static class KubeClientFactory
{
    public static Kubernetes Create(string? kubeconfig)
    {
        KubernetesClientConfiguration config;
        try
        {
            config = kubeconfig is not null
                ? KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig)
                : KubernetesClientConfiguration.BuildDefaultConfig();
        }
        catch (Exception e) when (e is KubeConfigException or FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            var which = kubeconfig ?? Environment.GetEnvironmentVariable("KUBECONFIG") ?? "~/.kube/config";
            throw new CommandFailure($"kubeconfig {which} cannot be used ({e.Message.TrimEnd('.')}); pass --kubeconfig PATH or set KUBECONFIG.");
        }
        // An API server that does not answer should fail the command in seconds, not after HttpClient's 100 s.
        config.HttpClientTimeout = TimeSpan.FromSeconds(15);
        return new Kubernetes(config);
    }

    /// <summary>Turns the client's transport and HTTP errors into one line naming the problem and the fix.</summary>
    public static async Task<T> Call<T>(Kubernetes client, string what, Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(client, e.Message);
        }
        catch (TaskCanceledException)
        {
            throw Unreachable(client, "no answer within 15 s");
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
        {
            var refusal = $"the API server refused to {what} ({(int)e.Response.StatusCode} {e.Response.StatusCode})";
            throw new CommandFailure($"{refusal}; ask for RBAC that allows it, or use a kubeconfig that has it.") { Forbidden = true, Refusal = refusal };
        }
    }

    public static CommandFailure Unreachable(Kubernetes client, string detail) =>
        new($"cannot reach the Kubernetes API server at {client.BaseUri} ({detail.TrimEnd('.')}); check that the cluster (or `mesh-operator local`) is running and that --kubeconfig points at it.");
}
