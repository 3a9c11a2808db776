using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.LocalCluster.Patching;

namespace Mesh.Fuzz;

/// <summary>
/// The embedded API's patch handlers. Input: one byte choosing JSON patch, merge patch, strategic merge patch (Pod)
/// or server-side apply, then the current object and the patch separated by a NUL. A <see cref="PatchException"/>
/// is the API's answer (a 4xx Status); any other exception is a bug (kube-apiserver answers a bad patch with 4xx).
/// </summary>
internal static class PatchTarget
{
    // As the embedded API's RequestBody parses a body: repeated keys refused.
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    public static void Run(byte[] input)
    {
        if (input.Length < 2)
        {
            return;
        }

        var text = Encoding.UTF8.GetString(input, 1, input.Length - 1);
        var split = text.IndexOf('\0', StringComparison.Ordinal);
        if (split < 0)
        {
            return;
        }

        JsonNode? current, patch;
        try
        {
            current = JsonNode.Parse(text[..split], documentOptions: Options);
            patch = JsonNode.Parse(text[(split + 1)..], documentOptions: Options);
        }
        catch (JsonException)
        {
            return;
        }

        if (current is not JsonObject target || patch is null)
        {
            return;
        }

        try
        {
            switch (input[0] % 4)
            {
                case 0 when patch is JsonArray operations:
                    PatchEngine.ApplyJsonPatch(target, operations);
                    break;
                case 1:
                    PatchEngine.ApplyMergePatch(target, patch);
                    break;
                case 2 when patch is JsonObject strategic:
                    PatchEngine.ApplyStrategicMergePatch(target, strategic, "", "Pod");
                    break;
                case 3 when patch is JsonObject applied:
                    PatchEngine.ApplyServerSideApply(target, applied, "fuzz", force: false);
                    break;
            }
        }
        catch (PatchException)
        {
            // The 4xx answer.
        }
    }
}
