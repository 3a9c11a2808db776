using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.Operator.Tests.Robustness;

namespace Mesh.Fuzz;

/// <summary>MeshPolicy JSON -> CRD admission (schema + CEL) -> planner -> translator -> validate-rule checker.</summary>
internal static class PolicyTarget
{
    public static void Run(byte[] input)
    {
        JsonObject policy;
        try
        {
            // Parsing is the HTTP layer's job (a 400 there); the target starts where a JSON object reaches admission.
            // As the embedded API's RequestBody decodes a JSON body (invalid UTF-8 becomes U+FFFD, as in Go).
            if (JsonNode.Parse(System.Text.Encoding.UTF8.GetString(input), documentOptions: new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false }) is not JsonObject parsed)
            {
                return;
            }

            policy = parsed;
        }
        catch (JsonException)
        {
            return;
        }

        // The API server fixes these before admission: the URL names the namespace, the kind is the CRD's.
        policy["apiVersion"] = "mesh.dev/v1alpha1";
        policy["kind"] = "MeshPolicy";
        if (policy["metadata"] is not JsonObject)
        {
            policy["metadata"] = new JsonObject { ["name"] = "fuzz" };
        }

        policy["metadata"]!["namespace"] = PolicyPipeline.Namespace;
        var outcome = PolicyPipeline.Run(policy);
        if (outcome.Errors.Count > 0)
        {
            throw new InvalidOperationException("An accepted plan translated to resources Envoy refuses: " + string.Join("; ", outcome.Errors));
        }
    }
}
