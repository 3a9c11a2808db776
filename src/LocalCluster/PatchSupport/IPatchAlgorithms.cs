using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.PatchSupport;

/// <summary>
/// The pure patch algorithms. Implemented by Mesh.LocalCluster.Patching.PatchEngine (branch apivalidation) once merged;
/// <see cref="FallbackPatchAlgorithms"/> until then. Failures throw <see cref="PatchFailedException"/>.
/// </summary>
internal interface IPatchAlgorithms
{
    JsonObject ApplyMergePatch(JsonObject current, JsonNode patch);

    JsonObject ApplyJsonPatch(JsonObject current, JsonArray patch);

    JsonObject ApplyStrategicMergePatch(JsonObject current, JsonObject patch, string group, string kind);
}
