using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s.Models;

namespace Mesh.Operator.Certificates;

/// <summary>Carries out a <see cref="RootCaPlan"/>: returns the root CA Secret as it must be written.</summary>
internal static class RootCaSecretBuilder
{
    public static V1Secret Build(RootCaPlan plan, V1Secret? existing, DateTimeOffset now, BuiltInCaOptions options, Func<byte[]> serials)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serials);
        if (plan.Action == RootCaAction.Keep)
        {
            return existing ?? throw new ArgumentException("Keep needs the existing Secret.", nameof(existing));
        }
        if (plan.Action == RootCaAction.Create)
        {
            using var root = NewRoot(now, options, serials);
            return Secret(options, existing, root, next: null, [root]);
        }
        using var state = RootCaState.TryParse(existing ?? throw new ArgumentException($"{plan.Action} needs the existing Secret.", nameof(existing)), out var error)
            ?? throw new ArgumentException($"{plan.Action} needs a parseable root Secret: {error}", nameof(existing));
        switch (plan.Action)
        {
            case RootCaAction.Rotate:
                using (var next = NewRoot(now, options, serials))
                {
                    return Secret(options, existing, state.Signer, next, RootCaDecider.ExpectedBundle(next, state.Signer, state.Bundle, now).ToList());
                }
            case RootCaAction.Activate:
                var successor = state.Next ?? throw new ArgumentException("Activate needs a staged successor.", nameof(plan));
                return Secret(options, existing, successor, next: null, RootCaDecider.ExpectedBundle(state, now).ToList());
            case RootCaAction.RefreshBundle:
                return Secret(options, existing, state.Signer, state.Next, RootCaDecider.ExpectedBundle(state, now).ToList());
            default:
                throw new ArgumentOutOfRangeException(nameof(plan), plan.Action, "Unknown root CA action.");
        }
    }

    private static X509Certificate2 NewRoot(DateTimeOffset now, BuiltInCaOptions options, Func<byte[]> serials)
    {
        // Unix seconds tell roots apart by name even when the Secret was deleted and the count would restart.
        var name = $"Mesh Root CA {CertificateFactory.Truncate(now).ToUnixTimeSeconds()}";
        return CertificateFactory.CreateRoot(name, now, options.RootValidity, options.RootPathLength, serials());
    }

    private static V1Secret Secret(BuiltInCaOptions options, V1Secret? existing, X509Certificate2 signer, X509Certificate2? next, IReadOnlyList<X509Certificate2> bundle)
    {
        var data = new Dictionary<string, byte[]>
        {
            [CertificateNames.TlsCrt] = Pem.Bytes(signer.ExportCertificatePem() + "\n"),
            [CertificateNames.TlsKey] = Pem.Bytes(KeyPem(signer)),
            [CertificateNames.CaCrt] = Pem.Bytes(Pem.Certificates(bundle)),
        };
        if (next is not null)
        {
            data[CertificateNames.NextCrt] = Pem.Bytes(next.ExportCertificatePem() + "\n");
            data[CertificateNames.NextKey] = Pem.Bytes(KeyPem(next));
        }
        return new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta
            {
                Name = options.RootSecretName,
                NamespaceProperty = options.OperatorNamespace,
                ResourceVersion = existing?.Metadata?.ResourceVersion,
                Labels = new Dictionary<string, string>
                {
                    [CertificateNames.ManagedByLabel] = CertificateNames.ManagedByValue,
                    [CertificateNames.ComponentLabel] = "root-ca",
                },
                Annotations = new Dictionary<string, string>
                {
                    [CertificateNames.RootFingerprintAnnotation] = RootCaState.Fingerprint(signer),
                    [CertificateNames.NotAfterAnnotation] = CertificateFactory.NotAfter(signer).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                },
            },
            Type = CertificateNames.TlsSecretType,
            Data = data,
        };
    }

    internal static string KeyPem(X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPrivateKey() ?? throw new CryptographicException("The certificate has no ECDSA private key.");
        return key.ExportPkcs8PrivateKeyPem() + "\n";
    }
}
