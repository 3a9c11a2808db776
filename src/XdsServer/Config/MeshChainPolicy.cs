using System.Security.Cryptography.X509Certificates;

namespace Mesh.XdsServer.Config;

/// <summary>
/// How a client certificate on the xDS port is chained: to the mesh trust bundle alone, at the host's clock, with no
/// revocation check (the CA rotates short-lived certificates instead) and no fetching of issuers named in the
/// certificate (a client's certificate never makes the control plane open a URL).
/// </summary>
internal static class MeshChainPolicy
{
    public static X509ChainPolicy For(X509Certificate2Collection bundle, DateTimeOffset now)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            VerificationFlags = X509VerificationFlags.NoFlag,
            DisableCertificateDownloads = true,
            VerificationTime = now.UtcDateTime,
            VerificationTimeIgnored = false,
        };
        policy.CustomTrustStore.AddRange(bundle);
        return policy;
    }
}
