using Mesh.Operator.Certificates;
using Mesh.XdsServer.Contract;

namespace Mesh.Meshctl.Checks;

/// <summary>Names of the control plane's objects that check and version read (the operator's own constants where it has them).</summary>
internal static class ControlPlaneNames
{
    public const string Namespace = SidecarContract.ControlPlaneNamespace;

    /// <summary>The operator's Deployment in a cluster install (local mode has none: the Lease stands in).</summary>
    public const string OperatorDeployment = "mesh-operator";

    /// <summary>The leader-election Lease (Mesh.Operator.Runtime.LeaderElectionOptions.LeaseName's default).</summary>
    public const string LeaderLease = "mesh-operator-leader";

    public const string CrdName = "meshpolicies.mesh.dev";

    public const string InjectorConfiguration = SidecarContract.InjectorConfigurationName;

    public const string ValidatorConfiguration = SidecarContract.ValidatorConfigurationName;

    /// <summary>config/webhook/workload_secret_use.yaml: the policy and its binding share this name.</summary>
    public const string WorkloadSecretPolicy = "mesh-workload-secret-use";

    public const string RootCaSecret = CertificateNames.RootSecretName;

    public const string RootCaKey = CertificateNames.TlsCrt;
}
