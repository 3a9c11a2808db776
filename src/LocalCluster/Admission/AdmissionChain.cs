using System.Text.Json.Nodes;
using Mesh.LocalCluster.Patching;

namespace Mesh.LocalCluster.Admission;

/// <summary>
/// The mutating and validating webhook dispatchers of kube-apiserver: matching webhooks are called in name order, each
/// seeing the earlier patches; IfNeeded webhooks run once more when a later one changed the object; validating
/// webhooks run in parallel. Call failures honour failurePolicy; denials and invalid patches never do.
/// </summary>
internal sealed class AdmissionChain(IWebhookSource source, IWebhookCaller caller, Func<Guid> newUid) : IAdmissionChain
{
    public bool Applies(AdmissionAttributes request) =>
        source.Webhooks(mutating: true).Concat(source.Webhooks(mutating: false)).Any(w => WebhookMatcher.MatchesRules(w, request));

    public async Task<JsonObject?> MutateAsync(AdmissionAttributes request, Action<string> warn, CancellationToken ct)
    {
        var hooks = Relevant(source.Webhooks(mutating: true), request);
        var current = request.Object?.DeepClone().AsObject();
        var version = 0;
        var seenVersion = new List<(WebhookDefinition Hook, int Version)>();
        foreach (var hook in hooks)
        {
            var (next, changed) = await CallAsync(hook, request with { Object = current }, warn, ct).ConfigureAwait(false);
            current = next;
            if (changed)
            {
                version++;
            }

            seenVersion.Add((hook, version));
        }

        // Reinvocation: once, for IfNeeded webhooks that ran before a later webhook changed the object.
        foreach (var (hook, seen) in seenVersion)
        {
            if (hook.ReinvocationPolicy == "IfNeeded" && seen < version)
            {
                (current, _) = await CallAsync(hook, request with { Object = current }, warn, ct).ConfigureAwait(false);
            }
        }

        return current;
    }

    public async Task ValidateAsync(AdmissionAttributes request, Action<string> warn, CancellationToken ct)
    {
        var hooks = Relevant(source.Webhooks(mutating: false), request);
        if (hooks.Count == 0)
        {
            return;
        }

        var calls = hooks.Select(hook => CallAsync(hook, request, warn, ct)).ToList();
        try
        {
            await Task.WhenAll(calls).ConfigureAwait(false);
        }
        catch (Exception) when (calls.Any(c => c.IsFaulted))
        {
            // All ran; the first failing webhook in order decides the answer (deterministic, like one of the real ones).
            await calls.First(c => c.IsFaulted).ConfigureAwait(false);
        }
    }

    private List<WebhookDefinition> Relevant(IReadOnlyList<WebhookDefinition> hooks, AdmissionAttributes request)
    {
        if (hooks.Count == 0)
        {
            return [];
        }

        var labels = NamespaceLabels(request);
        return hooks.Where(h => WebhookMatcher.Matches(h, request, labels)).ToList();
    }

    /// <summary>The namespace's labels; a Namespace object's own; null for other cluster-scoped resources.</summary>
    private IReadOnlyDictionary<string, string>? NamespaceLabels(AdmissionAttributes request)
    {
        var def = request.Resource;
        if (def.Group.Length == 0 && def.Plural == "namespaces" && request.Subresource.Length == 0)
        {
            return Selectors.ObjectLabelSelector.LabelsOf(request.Object ?? request.OldObject);
        }

        if (!def.Namespaced)
        {
            return null;
        }

        // A missing namespace has no labels; the write itself then answers 404 for it.
        return source.NamespaceLabels(request.Namespace) ?? new Dictionary<string, string>();
    }

    private async Task<(JsonObject? Object, bool Changed)> CallAsync(
        WebhookDefinition hook, AdmissionAttributes request, Action<string> warn, CancellationToken ct)
    {
        if (request.DryRun && !hook.SupportsDryRun)
        {
            throw AdmissionErrors.DryRunUnsupported(hook.Name);
        }

        var uid = newUid().ToString();
        WebhookVerdict verdict;
        try
        {
            var answer = await caller.CallAsync(hook, AdmissionReviewFactory.Build(uid, request), ct).ConfigureAwait(false);
            verdict = AdmissionResponseReader.Read(hook, uid, answer);
            if (verdict.Patch is not null && (request.Object is null || !request.IsMutatingOperation))
            {
                throw new WebhookCallException(hook.Name, "received invalid webhook response: a patch was returned for a request without an object");
            }
        }
        catch (WebhookCallException e)
        {
            if (hook.FailurePolicy == "Ignore")
            {
                return (request.Object, false);
            }

            throw AdmissionErrors.Internal(e.Message);
        }

        foreach (var warning in verdict.Warnings)
        {
            warn(warning);
        }

        if (!verdict.Allowed)
        {
            throw AdmissionErrors.Denied(hook.Name, verdict.Status);
        }

        if (verdict.Patch is null || request.Object is null)
        {
            return (request.Object, false);
        }

        JsonObject patched;
        try
        {
            patched = PatchEngine.ApplyJsonPatch(request.Object, verdict.Patch);
        }
        catch (PatchException e)
        {
            throw AdmissionErrors.Internal(e.Message);
        }

        return (patched, !JsonNode.DeepEquals(patched, request.Object));
    }
}
