using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Resources;

/// <summary>Converts an object between a served version and the storage version (in place).</summary>
internal interface IObjectConverter
{
    JsonObject ToStorage(JsonObject served);

    JsonObject FromStorage(JsonObject stored);
}
