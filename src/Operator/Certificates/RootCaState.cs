using System.Security.Cryptography.X509Certificates;
using k8s.Models;

namespace Mesh.Operator.Certificates;

/// <summary>
/// A parsed root CA Secret: the signing root (certificate with its key), an optional staged successor, and the trust
/// bundle as published (every root that may have signed a live leaf).
/// </summary>
public sealed class RootCaState : IDisposable
{
    private RootCaState(X509Certificate2 signer, X509Certificate2? next, IReadOnlyList<X509Certificate2> bundle)
    {
        Signer = signer;
        Next = next;
        Bundle = bundle;
    }

    /// <summary>The root that signs workload certificates now (has its private key).</summary>
    public X509Certificate2 Signer { get; }

    /// <summary>The staged successor (has its private key), trusted but not signing yet.</summary>
    public X509Certificate2? Next { get; }

    /// <summary>The roots in <c>ca.crt</c>, in the order published.</summary>
    public IReadOnlyList<X509Certificate2> Bundle { get; }

    /// <summary>SHA-256 fingerprint (lowercase hex) of the signing root.</summary>
    public string SignerFingerprint => Fingerprint(Signer);

    /// <summary>The trust bundle PEM as it must appear in <c>ca.crt</c> of every workload Secret.</summary>
    public string BundlePem => Pem.Certificates(Bundle);

    public static string Fingerprint(X509Certificate2 certificate) =>
        Convert.ToHexStringLower(certificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256));

    /// <summary>Parses the Secret; returns null and the reason in <paramref name="error"/> when any part is unusable.</summary>
    public static RootCaState? TryParse(V1Secret secret, out string error)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var data = secret.Data ?? new Dictionary<string, byte[]>();
        X509Certificate2? signer = null;
        X509Certificate2? next = null;
        try
        {
            signer = Pem.CertificateWithKey(data, CertificateNames.TlsCrt, CertificateNames.TlsKey, out error);
            if (signer is null)
            {
                return null;
            }
            if (!IsCa(signer))
            {
                error = $"{CertificateNames.TlsCrt} is not a CA certificate (basicConstraints CA:true with keyCertSign is required)";
                signer.Dispose();
                return null;
            }
            if (data.ContainsKey(CertificateNames.NextCrt) || data.ContainsKey(CertificateNames.NextKey))
            {
                next = Pem.CertificateWithKey(data, CertificateNames.NextCrt, CertificateNames.NextKey, out error);
                if (next is null)
                {
                    signer.Dispose();
                    return null;
                }
            }
            var bundle = data.TryGetValue(CertificateNames.CaCrt, out var ca) ? Pem.ParseCertificates(ca, out error) : null;
            if (bundle is null)
            {
                error = data.ContainsKey(CertificateNames.CaCrt) ? $"{CertificateNames.CaCrt}: {error}" : $"key {CertificateNames.CaCrt} is missing";
                signer.Dispose();
                next?.Dispose();
                return null;
            }
            error = "";
            return new RootCaState(signer, next, bundle);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or ArgumentException or FormatException)
        {
            signer?.Dispose();
            next?.Dispose();
            error = e.Message;
            return null;
        }
    }

    private static bool IsCa(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority) &&
        certificate.Extensions.OfType<X509KeyUsageExtension>().Any(k => k.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign));

    public void Dispose()
    {
        Signer.Dispose();
        Next?.Dispose();
        foreach (var root in Bundle)
        {
            root.Dispose();
        }
    }
}
