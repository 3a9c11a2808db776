using System.Text.Json.Nodes;

namespace Mesh.Operator.Reconciliation;

/// <summary>
/// JSON merge patch (RFC 7386) applied in memory, to tell whether a patch would change an object before sending it:
/// objects merge member by member, null removes a member, anything else replaces. Pure; the input is not modified.
/// </summary>
internal static class MergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                var merged = Apply(result[name], value);
                result.Remove(name);
                result[name] = merged;
            }
        }

        return result;
    }
}
