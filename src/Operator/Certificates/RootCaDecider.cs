using System.Security.Cryptography.X509Certificates;
using k8s.Models;

namespace Mesh.Operator.Certificates;

/// <summary>
/// The pure decision over the root CA Secret (cert-manager's "decide" step): keep it while it is valid, create it when
/// there is none, and rotate with overlap: stage a successor in the bundle, activate it after a propagation delay,
/// and drop the old root from the bundle only once it has expired.
/// </summary>
public static class RootCaDecider
{
    public static RootCaPlan Decide(V1Secret? existing, DateTimeOffset now, BuiltInCaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (existing is null)
        {
            return Plan(RootCaAction.Create, "NotFound", $"Secret {options.OperatorNamespace}/{options.RootSecretName} does not exist; a new root CA is created.");
        }
        using var state = RootCaState.TryParse(existing, out var error);
        if (state is null)
        {
            return Plan(RootCaAction.Create, "Malformed", $"Secret {options.OperatorNamespace}/{options.RootSecretName} is not a usable root CA ({error}); a new root CA replaces it.");
        }
        var signerEnd = CertificateFactory.NotAfter(state.Signer);
        if (now >= signerEnd || now < CertificateFactory.NotBefore(state.Signer))
        {
            return Plan(RootCaAction.Create, "Expired", $"The root CA {state.Signer.Subject} is valid only from {CertificateFactory.NotBefore(state.Signer):O} to {signerEnd:O}; a new root CA is created.");
        }
        if (state.Next is { } next)
        {
            if (now >= CertificateFactory.NotBefore(next) + options.RootActivationDelay)
            {
                return Plan(RootCaAction.Activate, "SuccessorPublished", $"The staged root {next.Subject} has been in the trust bundle for {options.RootActivationDelay}; it now signs workload certificates.");
            }
        }
        else if (now >= signerEnd - options.RootRotateBefore)
        {
            return Plan(RootCaAction.Rotate, "Expiring", $"The root CA {state.Signer.Subject} expires at {signerEnd:O}; a successor is added to the trust bundle.");
        }
        var expected = ExpectedBundle(state, now).Select(RootCaState.Fingerprint);
        if (!expected.SequenceEqual(state.Bundle.Select(RootCaState.Fingerprint)))
        {
            return Plan(RootCaAction.RefreshBundle, "BundleOutdated", "The trust bundle does not hold exactly the live roots; it is rewritten.");
        }
        return Plan(RootCaAction.Keep, "Valid", $"The root CA {state.Signer.Subject} is valid until {signerEnd:O}.");
    }

    /// <summary>
    /// When the root Secret must be looked at again even if nothing changes in the cluster: the rotation time, the
    /// activation time of a staged successor, or the expiry of a root in the bundle, whichever comes first. A reconciler
    /// requeues at this time (renewals are driven by the clock, not by watch events). Null when the Secret is unusable.
    /// </summary>
    public static DateTimeOffset? NextCheck(V1Secret existing, BuiltInCaOptions options)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(options);
        using var state = RootCaState.TryParse(existing, out _);
        if (state is null)
        {
            return null;
        }
        var times = new List<DateTimeOffset> { CertificateFactory.NotAfter(state.Signer) };
        times.Add(state.Next is { } next
            ? CertificateFactory.NotBefore(next) + options.RootActivationDelay
            : CertificateFactory.NotAfter(state.Signer) - options.RootRotateBefore);
        times.AddRange(state.Bundle.Select(CertificateFactory.NotAfter));
        return times.Min();
    }

    /// <summary>
    /// The roots that must be trusted: the staged successor first (newest), then the signer, then older roots from the
    /// published bundle until they expire. A root removed too early would break leaves it signed.
    /// </summary>
    internal static IEnumerable<X509Certificate2> ExpectedBundle(RootCaState state, DateTimeOffset now) =>
        ExpectedBundle(state.Next, state.Signer, state.Bundle, now);

    internal static IEnumerable<X509Certificate2> ExpectedBundle(X509Certificate2? next, X509Certificate2 signer, IEnumerable<X509Certificate2> published, DateTimeOffset now)
    {
        var seen = new HashSet<string>();
        var candidates = new List<X509Certificate2>();
        if (next is not null)
        {
            candidates.Add(next);
        }
        candidates.Add(signer);
        candidates.AddRange(published.OrderByDescending(c => c.NotAfter));
        foreach (var root in candidates)
        {
            if (CertificateFactory.NotAfter(root) > now && seen.Add(RootCaState.Fingerprint(root)))
            {
                yield return root;
            }
        }
    }

    private static RootCaPlan Plan(RootCaAction action, string reason, string message) =>
        new() { Action = action, Reason = reason, Message = message };
}
