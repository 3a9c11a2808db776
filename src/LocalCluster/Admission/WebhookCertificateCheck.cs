using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.LocalCluster.Admission;

/// <summary>
/// The webhook server certificate rules: it must chain to clientConfig.caBundle (the system roots when empty) and be
/// valid for the host called (<c>&lt;name&gt;.&lt;namespace&gt;.svc</c> for a service). Errors read like Go's crypto/x509.
/// </summary>
internal static class WebhookCertificateCheck
{
    /// <summary>Null when the certificate is acceptable, else the reason in Go's wording.</summary>
    public static string? Check(X509Certificate2 leaf, IEnumerable<X509Certificate2> presented, string host, string? caBundlePem)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        var anchors = new X509Certificate2Collection();
        if (!string.IsNullOrEmpty(caBundlePem))
        {
            try
            {
                anchors.ImportFromPem(caBundlePem);
            }
            catch (CryptographicException)
            {
                // An unreadable bundle trusts nothing.
            }

            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
        }
        else if (caBundlePem is not null)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        }

        foreach (var extra in presented)
        {
            chain.ChainPolicy.ExtraStore.Add(extra);
        }

        try
        {
            if (!chain.Build(leaf))
            {
                var expired = chain.ChainStatus.Any(s => s.Status.HasFlag(X509ChainStatusFlags.NotTimeValid));
                return expired
                    ? "tls: failed to verify certificate: x509: certificate has expired or is not yet valid"
                    : "tls: failed to verify certificate: x509: certificate signed by unknown authority";
            }
        }
        finally
        {
            foreach (var element in anchors)
            {
                element.Dispose();
            }
        }

        return leaf.MatchesHostname(host)
            ? null
            : $"tls: failed to verify certificate: x509: certificate is valid for {string.Join(", ", Names(leaf))}, not {host}";
    }

    private static IEnumerable<string> Names(X509Certificate2 leaf)
    {
        var names = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(san => san.EnumerateDnsNames().Concat(san.EnumerateIPAddresses().Select(ip => ip.ToString())))
            .ToList();
        return names.Count > 0 ? names : [leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: false)];
    }
}
