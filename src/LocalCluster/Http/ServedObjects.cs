using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.LocalCluster.Resources;
using Mesh.LocalCluster.Storage;

namespace Mesh.LocalCluster.Http;

/// <summary>Presents stored objects in the shape of the version a request asked for.</summary>
internal static class ServedObjects
{
    public static bool NeedsConversion(ResourceDefinition def, StoredObject stored) =>
        def.Converter is not null || !string.Equals(stored.ApiVersion, def.ApiVersion, StringComparison.Ordinal);

    public static byte[] Json(ResourceDefinition def, StoredObject stored) =>
        NeedsConversion(def, stored) ? JsonSerializer.SerializeToUtf8Bytes(Node(def, stored)) : stored.Json;

    /// <summary>A private, mutable copy in the served shape (parsed from the frozen bytes, safe outside the gate).</summary>
    public static JsonObject Node(ResourceDefinition def, StoredObject stored)
    {
        var obj = JsonNode.Parse(stored.Json)!.AsObject();
        if (def.Converter is not null)
        {
            return def.Converter.FromStorage(obj);
        }

        obj["apiVersion"] = def.ApiVersion;
        return obj;
    }
}
