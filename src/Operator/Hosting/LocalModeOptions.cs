using Mesh.Operator.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Operator.Hosting;

/// <summary>How <c>mesh-operator local</c> (or a test) starts the embedded API and the operator on it.</summary>
public sealed record LocalModeOptions
{
    /// <summary>Where the kubeconfig is written.</summary>
    public string KubeconfigPath { get; init; } = Path.Combine(".kube-local", "config");

    /// <summary>xDS port on 127.0.0.1; 0 picks a free port, null serves no xDS.</summary>
    public int? XdsPort { get; init; } = 15010;

    /// <summary>The sidecar injector's HTTPS port on 127.0.0.1 (the embedded API calls it for pods); 0 picks a free port, null serves no webhook.</summary>
    public int? WebhookPort { get; init; } = 0;

    /// <summary>mTLS xDS port on 127.0.0.1 (sidecars); 0 picks a free port, null serves none.</summary>
    public int? XdsTlsPort { get; init; } = Mesh.XdsServer.Contract.SidecarContract.XdsTlsPort;

    /// <summary>Port of /metrics, /healthz, /readyz on 127.0.0.1; 0 picks a free port.</summary>
    public int HttpPort { get; init; }

    /// <summary>Manifests (files or folders) applied after the CRDs are installed.</summary>
    public IReadOnlyList<string> Apply { get; init; } = [];

    /// <summary>The namespace of the operator's Lease (created when missing).</summary>
    public string OperatorNamespace { get; init; } = "mesh-system";

    /// <summary>Lease timings; the defaults are the cluster's (15 s, 10 s, 2 s).</summary>
    public Func<string, LeaderElectionOptions> LeaderElection { get; init; } = ns => new LeaderElectionOptions { LeaseNamespace = ns };

    /// <summary>Last say over the operator's services.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}
