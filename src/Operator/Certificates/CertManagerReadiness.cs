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
            return Condition(ConditionStatus.True, ConditionReasons.Issued,
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
