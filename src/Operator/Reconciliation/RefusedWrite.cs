using System.Net;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Reconciliation;

/// <summary>
/// A child write the API refused (an admission webhook, a policy engine, a quota): the step reports it in its condition,
/// naming the object and the API's words, and looks again after <see cref="Retry"/>, rather than failing the reconcile
/// behind a stale status. A conflict is not a refusal: only a stale cache, it fails the reconcile, which is retried at once.
/// </summary>
internal static class RefusedWrite
{
    /// <summary>How soon a refused write is tried again (the refusal is in the status meanwhile).</summary>
    public static readonly TimeSpan Retry = TimeSpan.FromSeconds(30);

    public static bool Is(KubeApiException e) => e.StatusCode != HttpStatusCode.Conflict;
}
