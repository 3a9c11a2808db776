using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Admission;

/// <summary>
/// Dynamic admission as the write handlers see it: mutate before the schema step, validate after it, then store.
/// <paramref name="warn"/> receives each webhook warning (sent to the client as a Warning header).
/// </summary>
internal interface IAdmissionChain
{
    /// <summary>Cheap: whether any webhook's rules name this request (no call is made).</summary>
    bool Applies(AdmissionAttributes request);

    /// <summary>Calls the matching mutating webhooks in order; returns the object after their patches (null on DELETE).</summary>
    Task<JsonObject?> MutateAsync(AdmissionAttributes request, Action<string> warn, CancellationToken ct);

    /// <summary>Calls the matching validating webhooks (in parallel); throws the first rejection.</summary>
    Task ValidateAsync(AdmissionAttributes request, Action<string> warn, CancellationToken ct);
}
