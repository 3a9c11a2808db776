using Mesh.Operator.Entities;

namespace Mesh.Operator.Certificates;

/// <summary>
/// What a MeshPolicy must say about the built-in CA's root before its expiry bites (pure). The root's own controller
/// stages a successor at <c>notAfter - RootRotateBefore</c> and activates it <c>RootActivationDelay</c> later; when that
/// step is overdue (its write was refused, no leader ran it), workload certificates still work until the signing root
/// expires, so nothing else would show the coming outage. The policy then reports it with the expiry time.
/// </summary>
public static class RootCaExpiry
{
    /// <summary>
    /// How late the root's next step may be before a policy reports it. A healthy leader acts within seconds of the due
    /// time; the margin keeps a policy reconciled at that very moment from flapping while the root's controller writes.
    /// </summary>
    public static readonly TimeSpan Overdue = TimeSpan.FromMinutes(5);

    /// <summary>Null while the root's lifecycle is on time; otherwise CertificatesReady=False with the expiry time.</summary>
    public static CertificatesCondition? Evaluate(RootCaState root, DateTimeOffset now, BuiltInCaOptions options)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(options);
        var where = $"Secret {options.OperatorNamespace}/{options.RootSecretName}";
        var end = CertificateFactory.NotAfter(root.Signer);
        if (now >= end)
        {
            return Failed($"The root CA {root.Signer.Subject} in {where} expired at {Time(end)}: workload certificates it signed are no longer trusted, "
                + "and the operator's leader has not replaced it (see its logs and whether writes to that Secret are refused).");
        }
        var (step, due) = NextStep(root, options);
        if (now < due + Overdue)
        {
            return null;
        }
        return Failed($"The root CA {root.Signer.Subject} expires at {Time(end)}, and {step}, due at {Time(due)}, has not happened: "
            + $"the operator's leader could not write {where} (see its logs and whether writes to that Secret are refused). "
            + $"Workload certificates signed by this root stop being trusted at {Time(end)}.");
    }

    /// <summary>When <see cref="Evaluate"/> may next change its answer: the overdue time of the next step, then the expiry.</summary>
    public static DateTimeOffset? NextCheck(RootCaState root, DateTimeOffset now, BuiltInCaOptions options)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(options);
        var end = CertificateFactory.NotAfter(root.Signer);
        var overdueAt = NextStep(root, options).Due + Overdue;
        return now < overdueAt && overdueAt < end ? overdueAt : now < end ? end : null;
    }

    private static (string Step, DateTimeOffset Due) NextStep(RootCaState root, BuiltInCaOptions options) =>
        root.Next is { } next
            ? ($"activating the staged root {next.Subject}", CertificateFactory.NotBefore(next) + options.RootActivationDelay)
            : ("staging a successor root in the trust bundle", CertificateFactory.NotAfter(root.Signer) - options.RootRotateBefore);

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    private static CertificatesCondition Failed(string message) =>
        new() { Status = ConditionStatus.False, Reason = ConditionReasons.IssuanceFailed, Message = message };
}
