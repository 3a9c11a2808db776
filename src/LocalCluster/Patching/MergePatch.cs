using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Patching;

/// <summary>
/// RFC 7386 JSON merge patch, pure (the input is not modified): objects merge member by member, null removes a member,
/// anything else replaces. Public because the operator uses the same code to tell whether a patch would change a child
/// before it sends one, so both sides agree on what a merge patch means.
/// </summary>
public static class MergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
                continue;
            }

            result[key] = Apply(result[key], value);
        }

        return result;
    }
}
