using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s.Models;
using Mesh.Operator.Certificates;
using Mesh.Operator.Runtime;
using Mesh.XdsServer.Config;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Publishing;

/// <summary>
/// The mTLS xDS port's credentials from the built-in CA: the trust bundle of the root CA Secret (read from the
/// informer cache, so every replica has it) and a server certificate issued in memory by the signing root, for the
/// xDS Service's DNS name and the operator's SPIFFE identity. Re-issued when the root changes or half its life is gone;
/// its key never leaves the process.
/// <para>Read on every TLS handshake (certificate and client validation): the root Secret is parsed again only when the
/// cache holds another object for it. Parsing it per handshake (PEM, keys, X509 handles left to finalizers) was a
/// third of the operator's CPU while 2,000 sidecars reconnected.</para>
/// </summary>
internal sealed class XdsCredentials : IXdsCredentials
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);
    private readonly Lock _gate = new();
    private readonly Func<V1Secret?> _rootSecret;
    private readonly BuiltInCaOptions _caOptions;
    private readonly XdsIdentityOptions _identity;
    private readonly TimeProvider _time;
    // Read without the lock on every handshake (a reconnecting fleet's handshakes queued on it); replaced whole.
    private volatile Issued? _current;

    public XdsCredentials(ControllerManager manager, BuiltInCaOptions caOptions, XdsIdentityOptions identity, TimeProvider time)
        : this(() => RootSecret(manager, caOptions), caOptions, identity, time)
    {
    }

    /// <summary>For tests: <paramref name="rootSecret"/> reads the root CA Secret (null when there is none).</summary>
    internal XdsCredentials(Func<V1Secret?> rootSecret, BuiltInCaOptions caOptions, XdsIdentityOptions identity, TimeProvider time)
    {
        _rootSecret = rootSecret;
        _caOptions = caOptions;
        _identity = identity;
        _time = time;
    }

    public X509Certificate2? ServerCertificate => Current()?.Certificate;

    public X509Certificate2Collection TrustBundle => Current()?.Bundle ?? [];

    /// <summary>How many times the root Secret was parsed (for tests; written under the lock).</summary>
    internal int RootParses { get; private set; }

    private static V1Secret? RootSecret(ControllerManager manager, BuiltInCaOptions caOptions)
    {
        try
        {
            return manager.Cache<V1Secret>(ResourceKinds.Secret).Get(caOptions.OperatorNamespace, caOptions.RootSecretName);
        }
        catch (InvalidOperationException)
        {
            // No Secret informer was declared (no controller reads Secrets): there is no CA to serve from.
            return null;
        }
    }

    private Issued? Current()
    {
        var secret = _rootSecret();
        if (secret is null)
        {
            return null;
        }

        if (_current is { } known && ReferenceEquals(secret, known.Checked) && Fresh(known.Certificate, _time.GetUtcNow()))
        {
            return known;
        }

        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_current is { } settled && ReferenceEquals(secret, settled.Checked) && Fresh(settled.Certificate, now))
            {
                return settled;
            }

            RootParses++;
            using var root = RootCaState.TryParse(secret, out _);
            if (root is null)
            {
                return _current;
            }

            if (_current is { } current && current.Fingerprint == root.SignerFingerprint && Fresh(current.Certificate, now))
            {
                _current = current with { Checked = secret };
                return _current;
            }

            var bundle = new X509Certificate2Collection();
            foreach (var certificate in root.Bundle)
            {
                bundle.Add(X509CertificateLoader.LoadCertificate(certificate.RawData));
            }

            _current = new Issued(root.SignerFingerprint, Issue(root.Signer, now), bundle, secret);
            return _current;
        }
    }

    /// <param name="Checked">The Secret object this was last checked against: the same object cannot hold another root.</param>
    private sealed record Issued(string Fingerprint, X509Certificate2 Certificate, X509Certificate2Collection Bundle, V1Secret Checked);

    private static bool Fresh(X509Certificate2 certificate, DateTimeOffset now) => CertificateFactory.NotAfter(certificate) - now > Lifetime / 2;

    /// <summary>A server leaf: DNS name of the xDS Service plus the operator's SPIFFE id, serverAuth, from the signing root.</summary>
    private X509Certificate2 Issue(X509Certificate2 signer, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("O=mesh.dev, CN=" + SidecarContract.XdsHost(_caOptions.OperatorNamespace)), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(SidecarContract.XdsHost(_caOptions.OperatorNamespace));
        foreach (var name in _identity.ExtraDnsNames)
        {
            san.AddDnsName(name);
        }

        san.AddUri(new Uri(SpiffeId.For(_identity.TrustDomain, _caOptions.OperatorNamespace, _identity.ServiceAccount)));
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(signer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        // A minute of clock skew allowed, but never before the root itself (a new root starts now).
        var start = CertificateFactory.Truncate(now.AddMinutes(-1));
        if (start < CertificateFactory.NotBefore(signer))
        {
            start = CertificateFactory.NotBefore(signer);
        }

        var end = start + Lifetime;
        if (end > CertificateFactory.NotAfter(signer))
        {
            end = CertificateFactory.NotAfter(signer);
        }

        using var issued = request.Create(signer, start, end, RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        // Kestrel on Linux wants an exportable, non-ephemeral key: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
