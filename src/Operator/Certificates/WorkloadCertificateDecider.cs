using System.Security.Cryptography.X509Certificates;
using k8s.Models;

namespace Mesh.Operator.Certificates;

/// <summary>
/// The pure renewal decision for one workload certificate Secret. A new certificate is issued while the old one is
/// still valid (at notAfter - renewBefore), and both live in one Secret written at once, so there is never a gap.
/// </summary>
public static class WorkloadCertificateDecider
{
    public static WorkloadCertificatePlan Decide(V1Secret? existing, WorkloadCertificateRequest request, RootCaState ca, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(ca);
        var where = $"Secret {request.Namespace}/{request.SecretName}";
        if (existing is null)
        {
            return Issue("NotFound", $"{where} does not exist; a certificate for {request.SpiffeId} is issued.");
        }
        var data = existing.Data ?? new Dictionary<string, byte[]>();
        using var leaf = Pem.CertificateWithKey(data, CertificateNames.TlsCrt, CertificateNames.TlsKey, out var error);
        if (leaf is null)
        {
            return Issue("Malformed", $"{where} is not usable ({error}); it is reissued.");
        }
        var san = CertificateFactory.SingleUriSan(leaf);
        if (san is null)
        {
            return Issue("Malformed", $"{where} does not hold exactly one URI SAN; it is reissued.");
        }
        if (!string.Equals(san, request.SpiffeId, StringComparison.Ordinal))
        {
            return Issue("IdentityChanged", $"{where} carries {san} but the workload's identity is {request.SpiffeId}; it is reissued.");
        }
        var notBefore = CertificateFactory.NotBefore(leaf);
        var notAfter = CertificateFactory.NotAfter(leaf);
        var issuer = IssuerIn(ca.Bundle, leaf, now);
        if (issuer is null)
        {
            return Issue("IssuerUntrusted", $"{where} was not issued by a root in the current trust bundle; it is reissued.");
        }
        // A leaf clamped to its issuer's end is the right length for that issuer; anything else must match the spec.
        var clamped = notAfter == CertificateFactory.NotAfter(issuer);
        if (notAfter - notBefore != request.Duration && !clamped)
        {
            return Issue("DurationChanged", $"{where} lasts {notAfter - notBefore} but {request.Duration} is asked; it is reissued.");
        }
        var renewAt = clamped ? notBefore + (notAfter - notBefore) / 2 : notAfter - request.EffectiveRenewBefore;
        if (now >= renewAt || now < notBefore)
        {
            return Issue("Renewing", $"{where} expires at {notAfter:O} and is renewed from {renewAt:O}; it is reissued.");
        }
        var bundle = data.TryGetValue(CertificateNames.CaCrt, out var caCrt) ? caCrt : [];
        if (!bundle.AsSpan().SequenceEqual(Pem.Bytes(ca.BundlePem)))
        {
            return new WorkloadCertificatePlan
            {
                Action = WorkloadCertificateAction.UpdateTrustBundle,
                Reason = "BundleChanged",
                Message = $"{where} holds an outdated trust bundle; {CertificateNames.CaCrt} is rewritten.",
                RenewAt = renewAt,
            };
        }
        return new WorkloadCertificatePlan
        {
            Action = WorkloadCertificateAction.Keep,
            Reason = "Valid",
            Message = $"{where} is valid until {notAfter:O}.",
            RenewAt = renewAt,
        };
    }

    /// <summary>The bundle root that signed the leaf, provided the chain verifies at <paramref name="now"/> with that bundle alone.</summary>
    private static X509Certificate2? IssuerIn(IReadOnlyList<X509Certificate2> bundle, X509Certificate2 leaf, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(bundle.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        if (!chain.Build(leaf) || chain.ChainElements.Count != 2)
        {
            return null;
        }
        var root = chain.ChainElements[1].Certificate;
        return bundle.FirstOrDefault(b => b.RawData.AsSpan().SequenceEqual(root.RawData));
    }

    private static WorkloadCertificatePlan Issue(string reason, string message) =>
        new() { Action = WorkloadCertificateAction.Issue, Reason = reason, Message = message };
}
