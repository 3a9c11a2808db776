using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf.WellKnownTypes;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Sidecar;

/// <summary>
/// The two file-based SDS resources the xDS cluster reads (<see cref="SidecarContract.CertificateSdsFile"/> and
/// <see cref="SidecarContract.TrustBundleSdsFile"/>): each a DiscoveryResponse holding one Secret whose name matches the
/// SdsSecretConfig (Envoy refuses another name or count), pointing at the mounted workload certificate Secret.
/// </summary>
internal static class SdsFiles
{
    private static string Cert(string file) => $"{SidecarContract.CertificateDirectory}/{file}";

    /// <summary>watched_directory on the Secret mount: rotation swaps its <c>..data</c> symlink (envoy#9359).</summary>
    private static WatchedDirectory CertificateMount => new() { Path = SidecarContract.CertificateDirectory };

    public static DiscoveryResponse Certificate() => Of(new Secret
    {
        Name = SidecarContract.WorkloadCertificateSecret,
        TlsCertificate = new TlsCertificate
        {
            CertificateChain = new DataSource { Filename = Cert(SidecarContract.CertificateFile) },
            PrivateKey = new DataSource { Filename = Cert(SidecarContract.PrivateKeyFile) },
            WatchedDirectory = CertificateMount,
        },
    });

    public static DiscoveryResponse TrustBundle() => Of(new Secret
    {
        Name = SidecarContract.TrustBundleSecret,
        ValidationContext = new CertificateValidationContext
        {
            TrustedCa = new DataSource { Filename = Cert(SidecarContract.TrustBundleFile) },
            WatchedDirectory = CertificateMount,
        },
    });

    private static DiscoveryResponse Of(Secret secret) => new() { Resources = { Any.Pack(secret) } };
}
