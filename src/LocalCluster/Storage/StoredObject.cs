using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Storage;

/// <summary>
/// One committed object version. <see cref="Object"/> is never mutated after commit and is read only under the store
/// gate (System.Text.Json nodes materialize lazily, so concurrent reads are unsafe); <see cref="Json"/> is the
/// serialized form, made once at commit and shared freely.
/// </summary>
internal sealed record StoredObject(JsonObject Object, byte[] Json, long ResourceVersion, string Namespace, string Name)
{
    public string Uid => (string?)Object["metadata"]?["uid"] ?? "";

    /// <summary>The apiVersion the object was written with (a CRD may serve several versions of the same storage).</summary>
    public string ApiVersion { get; init; } = "";
}
