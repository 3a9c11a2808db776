using System.Globalization;
using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.Planning;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Injection;

/// <summary>
/// WorkloadsReady, pure. Of the pods the policy's selector selects: those an older policy also selects run that
/// policy's sidecar (reason SelectedByOlderPolicy: narrow one of the selectors); of the rest, each is up to date
/// (its template hash is the current one), outdated, without a sidecar (admitted while the injector was down, or
/// before the policy existed), blocked (it cannot get one: reserved port, host network, bad annotation) or opted out.
/// The worst state names the reason: SidecarMissing, then SidecarOutdated, then SelectedByOlderPolicy; True otherwise.
/// </summary>
public static class WorkloadsEvaluator
{
    private const int Named = 3;

    public static WorkloadsReport Evaluate(WorkloadsInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var policy = input.Policy;
        var ns = policy.Metadata.NamespaceProperty;
        var selector = MeshPolicyDefaults.SelectorOf(policy.Spec);
        var matched = input.Pods.Where(p => LabelSelectorMatcher.Matches(selector, p.Metadata.Labels)).OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).ToList();
        var terminating = matched.Where(p => p.Metadata.DeletionTimestamp is not null).ToList();
        var live = matched.Where(p => p.Metadata.DeletionTimestamp is null && p.Status?.Phase is not ("Succeeded" or "Failed")).ToList();

        var lost = new List<(V1Pod Pod, string Owner)>();
        var governed = new List<V1Pod>();
        foreach (var pod in live)
        {
            var owner = GoverningPolicy.Of(pod.Metadata.Labels, input.NamespacePolicies.Append(policy).DistinctBy(p => p.Metadata.Name));
            if (owner is not null && owner.Metadata.Name != policy.Metadata.Name)
            {
                lost.Add((pod, owner.Metadata.Name));
            }
            else
            {
                governed.Add(pod);
            }
        }

        var upToDate = new List<V1Pod>();
        var outdated = new List<V1Pod>();
        var missing = new List<V1Pod>();
        var blocked = new List<(V1Pod Pod, string Why)>();
        var optedOut = new List<V1Pod>();
        foreach (var pod in governed)
        {
            if (SidecarInjector.IsInjected(pod))
            {
                var current = pod.Metadata.Annotations?.TryGetValue(SidecarContract.TemplateHashAnnotation, out var hash) == true && hash == input.CurrentHash
                              && pod.Metadata.Annotations.TryGetValue(SidecarContract.PolicyAnnotation, out var by) && by == policy.Metadata.Name;
                (current ? upToDate : outdated).Add(pod);
            }
            else if (SidecarInjector.OptedOut(pod))
            {
                optedOut.Add(pod);
            }
            else if (InjectionBlockers.Find(pod) is { Count: > 0 } why)
            {
                blocked.Add((pod, why[0]));
            }
            else
            {
                missing.Add(pod);
            }
        }

        var counts = new WorkloadsStatus
        {
            Selected = live.Count,
            Injected = live.Count(SidecarInjector.IsInjected),
            UpToDate = upToDate.Count,
        };
        var (status, reason, message) = Verdict(ns, live.Count, governed.Count, upToDate, outdated, missing, blocked, optedOut, lost);
        return new WorkloadsReport
        {
            Status = status,
            Reason = reason,
            Message = message,
            Counts = counts,
            Governed = governed,
            NeedRestart = [.. missing, .. outdated],
            Terminating = terminating,
        };
    }

    private static (string, string, string) Verdict(
        string ns, int selected, int governed, List<V1Pod> upToDate, List<V1Pod> outdated, List<V1Pod> missing,
        List<(V1Pod Pod, string Why)> blocked, List<V1Pod> optedOut, List<(V1Pod Pod, string Owner)> lost)
    {
        var optedNote = optedOut.Count == 0 ? "" : $" {optedOut.Count} opted out ({SidecarContract.InjectAnnotation}: \"false\"): {Names(ns, optedOut)}.";
        if (selected == 0)
        {
            return (ConditionStatus.True, ConditionReasons.NoWorkloads, "The workload selector selects no running pod.");
        }
        if (missing.Count > 0 || blocked.Count > 0)
        {
            var parts = new List<string>();
            if (missing.Count > 0)
            {
                parts.Add($"{missing.Count} of {governed} pod(s) run without a sidecar (started before the policy or while the injector was unreachable); restart them: {Names(ns, missing)}.");
            }
            if (blocked.Count > 0)
            {
                parts.Add($"{blocked.Count} pod(s) cannot get a sidecar: {string.Join("; ", blocked.Take(Named).Select(b => $"{ns}/{b.Pod.Metadata.Name}: {b.Why}"))}{More(blocked.Count)}.");
            }
            return (ConditionStatus.False, ConditionReasons.SidecarMissing, string.Join(" ", parts) + OutdatedNote(ns, outdated) + optedNote);
        }
        if (outdated.Count > 0)
        {
            return (ConditionStatus.False, ConditionReasons.SidecarOutdated,
                $"{outdated.Count} of {governed} pod(s) run an older sidecar template; restart them: {Names(ns, outdated)}.{optedNote}");
        }
        if (lost.Count > 0)
        {
            var owners = string.Join(", ", lost.Select(l => l.Owner).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            return (ConditionStatus.False, ConditionReasons.SelectedByOlderPolicy,
                $"{lost.Count} selected pod(s) run the sidecar of the older MeshPolicy {owners}, which selects them too: {Names(ns, lost.Select(l => l.Pod).ToList())}; " +
                $"narrow spec.workloads.selector of one of the two policies.{optedNote}");
        }
        return (ConditionStatus.True, ConditionReasons.UpToDate,
            string.Create(CultureInfo.InvariantCulture, $"{upToDate.Count} of {governed} pod(s) run the current sidecar template.{optedNote}"));
    }

    private static string OutdatedNote(string ns, List<V1Pod> outdated) =>
        outdated.Count == 0 ? "" : $" {outdated.Count} more run an older sidecar template: {Names(ns, outdated)}.";

    private static string Names(string ns, IReadOnlyList<V1Pod> pods) =>
        string.Join(", ", pods.Take(Named).Select(p => $"{ns}/{p.Metadata.Name}")) + More(pods.Count);

    private static string More(int count) => count > Named ? string.Create(CultureInfo.InvariantCulture, $" and {count - Named} more") : "";
}
