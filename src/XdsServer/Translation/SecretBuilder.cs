using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Mesh.XdsServer.Contract;
using Mesh.XdsServer.Model;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// SDS for sidecars: the workload certificate and the trust bundle, as references to the files of the mounted
/// certificate Secret, so that private keys never travel over xDS and Envoy reloads them when Kubernetes swaps the
/// <c>..data</c> symlink (watched_directory). Proxyless gRPC clients NACK SDS and use their file_watcher provider.
/// </summary>
public static class SecretBuilder
{
    /// <summary>SDS name of the workload certificate (Istio's name).</summary>
    public const string WorkloadCertificate = SidecarContract.WorkloadCertificateSecret;

    /// <summary>SDS name of the trust bundle (Istio's name).</summary>
    public const string TrustBundle = SidecarContract.TrustBundleSecret;

    /// <summary>Where the injector mounts the workload certificate Secret (kubernetes.io/tls keys plus ca.crt).</summary>
    public const string CertificateDirectory = SidecarContract.CertificateDirectory;

    internal static IReadOnlyList<Secret> Build(TranslationContext context) =>
        context.Scope.Kind == ProxyKind.Sidecar && context.HasCertificates
            ? [context.Shared.Secret(TrustBundle, TrustBundleSecret), context.Shared.Secret(WorkloadCertificate, WorkloadSecret)]
            : [];

    private static Secret WorkloadSecret() => new()
    {
        Name = WorkloadCertificate,
        TlsCertificate = new TlsCertificate
        {
            CertificateChain = new DataSource { Filename = $"{CertificateDirectory}/{SidecarContract.CertificateFile}" },
            PrivateKey = new DataSource { Filename = $"{CertificateDirectory}/{SidecarContract.PrivateKeyFile}" },
            WatchedDirectory = new WatchedDirectory { Path = CertificateDirectory },
        },
    };

    private static Secret TrustBundleSecret() => new()
    {
        Name = TrustBundle,
        ValidationContext = new CertificateValidationContext
        {
            TrustedCa = new DataSource { Filename = $"{CertificateDirectory}/{SidecarContract.TrustBundleFile}" },
            WatchedDirectory = new WatchedDirectory { Path = CertificateDirectory },
        },
    };
}
