using System.Net;
using k8s;
using Mesh.Operator.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Operator.Hosting;

/// <summary>Everything the <c>mesh-operator</c> host needs to run against one API server.</summary>
public sealed record OperatorHostOptions
{
    /// <summary>How to reach the API server (in-cluster config, a kubeconfig, or the embedded API's).</summary>
    public required KubernetesClientConfiguration Kubernetes { get; init; }

    /// <summary>Where /metrics, /healthz and /readyz are served (HTTP/1.1). Port 0 picks a free port.</summary>
    public IPEndPoint HttpEndpoint { get; init; } = new(IPAddress.Any, 8080);

    /// <summary>Where the plaintext xDS (ADS) port listens, for proxyless clients only; null: none.</summary>
    public IPEndPoint? XdsEndpoint { get; init; }

    /// <summary>The sidecar injector's HTTPS webhook; null serves none.</summary>
    public Injection.WebhookOptions? Webhook { get; init; }

    /// <summary>Where the mTLS xDS port listens (sidecars: the client certificate must match the node's pod); null: none.</summary>
    public IPEndPoint? XdsTlsEndpoint { get; init; }

    /// <summary>Leader election, shutdown grace and informer retries.</summary>
    public ControllerManagerOptions Manager { get; init; } = new();

    /// <summary>Workers and retry limits of each controller.</summary>
    public ControllerOptions Controllers { get; init; } = new();

    /// <summary>Last say over the services (tests replace parts here).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}
