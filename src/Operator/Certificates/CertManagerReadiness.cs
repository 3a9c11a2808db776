using System.Text.RegularExpressions;
using Mesh.Operator.Entities;
using Mesh.Operator.Entities.CertManager;

namespace Mesh.Operator.Certificates;

/// <summary>
/// CertificatesReady under the cert-manager provider, from the Certificates' own Ready conditions (cert-manager's
/// vocabulary: Ready True/False with reasons such as Issuing, Pending, Failed, DoesNotExist). Reasons and messages of a
/// Certificate that is not ready are carried over so that <c>kubectl describe meshpolicy</c> shows cert-manager's words.
/// </summary>
public static partial class CertManagerReadiness
{
    public static CertificatesCondition Evaluate(
        MeshPolicy policy, IReadOnlyList<Certificate> desired, IReadOnlyList<Certificate> observed, IssuerObservation issuer)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(issuer);
        if (desired.Count == 0)
        {
            return Condition(ConditionStatus.True, ConditionReasons.NotRequired, "No selected workload needs a certificate.");
        }
        var issuerName = IssuerName(policy);
        if (!issuer.CertManagerInstalled)
        {
            return Condition(ConditionStatus.False, ConditionReasons.ReferenceNotFound,
                $"The API server does not serve cert-manager.io/v1: install cert-manager, or set spec.mtls.certificates.provider to BuiltIn. Waiting for {List(desired)}.");
        }
        if (issuer.Found == false)
        {
            return Condition(ConditionStatus.False, ConditionReasons.ReferenceNotFound,
                $"{issuerName} does not exist: create it or fix spec.mtls.certificates.issuerRef. Waiting for {List(desired)}.");
        }
        var byName = observed.Where(c => c.Metadata?.Name is not null).ToDictionary(c => c.Metadata.Name, StringComparer.Ordinal);
        var notReady = new List<(Certificate Certificate, CertManagerCondition? Ready)>();
        foreach (var certificate in desired.OrderBy(c => c.Metadata.Name, StringComparer.Ordinal))
        {
            var ready = byName.TryGetValue(certificate.Metadata.Name, out var seen) ? ReadyOf(seen) : null;
            if (ready is null || ready.Status != ConditionStatus.True)
            {
                notReady.Add((certificate, ready));
            }
        }
        if (notReady.Count == 0)
        {
            return RenewalFailed(desired, byName) ?? Condition(ConditionStatus.True, ConditionReasons.Issued,
                $"{desired.Count} of {desired.Count} Certificates issued by {issuerName}.");
        }
        var issuerReady = issuer.Status?.Conditions?.FirstOrDefault(c => c.Type == CertManagerConditionTypes.Ready);
        if (issuerReady is not null && issuerReady.Status == ConditionStatus.False)
        {
            return Condition(ConditionStatus.False, ConditionReasons.IssuerNotReady,
                $"{issuerName} is not ready ({issuerReady.Reason}: {issuerReady.Message}). Waiting for {List(notReady.Select(n => n.Certificate))}.");
        }
        var failed = notReady.FirstOrDefault(n => n.Ready is not null);
        if (failed.Ready is { } condition)
        {
            var reason = condition.Reason is { } r && ReasonPattern().IsMatch(r) ? r : ConditionReasons.IssuanceFailed;
            var others = notReady.Count > 1 ? $" {notReady.Count - 1} more not ready: {List(notReady.Skip(1).Select(n => n.Certificate))}." : "";
            return Condition(ConditionStatus.False, reason,
                $"Certificate {Key(failed.Certificate)} is not ready: {condition.Message ?? condition.Reason ?? "no message"}.{others}");
        }
        return Condition(ConditionStatus.False, ConditionReasons.Pending,
            $"Waiting for cert-manager to issue {List(notReady.Select(n => n.Certificate))} from {issuerName}; cert-manager must be installed, running and able to issue from that issuer.");
    }

    /// <summary>
    /// cert-manager keeps Ready=True while the issued certificate is valid, even when its renewal fails (Issuing=False,
    /// reason Failed, lastFailureTime set): nothing else would show the coming expiry, so the first such Certificate is
    /// reported with its notAfter before it bites.
    /// </summary>
    private static CertificatesCondition? RenewalFailed(IReadOnlyList<Certificate> desired, IReadOnlyDictionary<string, Certificate> byName)
    {
        var failing = desired.OrderBy(c => c.Metadata.Name, StringComparer.Ordinal)
            .Select(d => byName[d.Metadata.Name])
            .Select(c => (Certificate: c, Issuing: c.Status?.Conditions?.FirstOrDefault(x => x.Type == CertManagerConditionTypes.Issuing)))
            .Where(x => x.Issuing is { Status: ConditionStatus.False, Reason: "Failed" } || (x.Issuing is null && x.Certificate.Status?.LastFailureTime is not null))
            .ToList();
        if (failing.Count == 0)
        {
            return null;
        }
        var (certificate, issuing) = failing[0];
        var expires = certificate.Status?.NotAfter is { } notAfter
            ? $"it stays valid until {notAfter.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)}, when it expires unless a renewal succeeds"
            : "it expires unless a renewal succeeds";
        var attempts = certificate.Status?.FailedIssuanceAttempts is { } n ? $" after {n} failed attempt(s)" : "";
        var others = failing.Count > 1 ? $" {failing.Count - 1} more failing: {List(failing.Skip(1).Select(f => f.Certificate))}." : "";
        return Condition(ConditionStatus.False, ConditionReasons.IssuanceFailed,
            $"Certificate {Key(certificate)} could not be renewed{attempts} ({issuing?.Message ?? "see its events"}); {expires}.{others}");
    }

    private static CertManagerCondition? ReadyOf(Certificate certificate)
    {
        var ready = certificate.Status?.Conditions?.FirstOrDefault(c => c.Type == CertManagerConditionTypes.Ready);
        // A Ready condition about an older generation says nothing about the spec we asked for.
        if (ready?.ObservedGeneration is { } seen && certificate.Metadata?.Generation is { } generation && seen < generation)
        {
            return null;
        }
        return ready;
    }

    private static string IssuerName(MeshPolicy policy)
    {
        var reference = policy.Spec.Mtls?.Certificates?.IssuerRef;
        if (reference is null)
        {
            return "the issuer (spec.mtls.certificates.issuerRef is not set)";
        }
        var kind = MeshPolicyDefaults.KindOf(reference);
        var where = kind == IssuerKind.ClusterIssuer ? reference.Name : $"{policy.Metadata.NamespaceProperty}/{reference.Name}";
        return $"{kind} {where} ({MeshPolicyDefaults.GroupOf(reference)})";
    }

    private static string List(IEnumerable<Certificate> certificates)
    {
        var keys = certificates.Select(Key).ToList();
        return keys.Count == 1 ? $"Certificate {keys[0]}" : $"Certificates {string.Join(", ", keys)}";
    }

    private static string Key(Certificate certificate) => $"{certificate.Metadata.NamespaceProperty}/{certificate.Metadata.Name}";

    private static CertificatesCondition Condition(string status, string reason, string message) =>
        new() { Status = status, Reason = reason, Message = message };

    [GeneratedRegex("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$")]
    private static partial Regex ReasonPattern();
}
