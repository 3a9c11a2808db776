using System.Net;
using k8s;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Hosting;

/// <summary><c>mesh-operator</c> in or against a real cluster.</summary>
internal static class ClusterMode
{
    private const string ServiceAccountNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    public static async Task<int> RunAsync(OperatorCommand command, string[] args)
    {
        var inCluster = command.Kubeconfig is null && KubernetesClientConfiguration.IsInCluster();
        var config = inCluster
            ? KubernetesClientConfiguration.InClusterConfig()
            : KubernetesClientConfiguration.BuildConfigFromConfigFile(command.Kubeconfig);
        var leaseNamespace = Environment.GetEnvironmentVariable("POD_NAMESPACE")
            ?? (File.Exists(ServiceAccountNamespaceFile) ? (await File.ReadAllTextAsync(ServiceAccountNamespaceFile).ConfigureAwait(false)).Trim() : null)
            ?? config.Namespace
            ?? "mesh-system";
        var options = new OperatorHostOptions
        {
            Kubernetes = config,
            HttpEndpoint = new IPEndPoint(IPAddress.Any, command.HttpPort ?? 8080),
            // Plaintext serves proxyless clients only and is off unless asked for; sidecars use the mTLS port.
            XdsEndpoint = command.XdsPort is { } xds ? new IPEndPoint(IPAddress.Any, xds) : null,
            Webhook = new Injection.WebhookOptions
            {
                Endpoint = new IPEndPoint(IPAddress.Any, command.WebhookPort ?? XdsServer.Contract.SidecarContract.WebhookContainerPort),
                CertificateDirectory = command.WebhookCertDir,
            },
            XdsTlsEndpoint = new IPEndPoint(IPAddress.Any, command.XdsTlsPort ?? Mesh.XdsServer.Contract.SidecarContract.XdsTlsPort),
            Manager = new ControllerManagerOptions
            {
                LeaderElection = !command.LeaderElect ? null : new LeaderElectionOptions
                {
                    LeaseNamespace = leaseNamespace,
                    Identity = Environment.GetEnvironmentVariable("POD_NAME") ?? $"{Environment.MachineName}_{Guid.NewGuid():N}",
                },
            },
        };
        await using var app = OperatorHost.Build(options, args);
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
