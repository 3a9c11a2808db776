using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mesh.Meshctl.Analysis;

/// <summary>Prints analyze results: one line per diagnostic (text), or a JSON array of objects (json).</summary>
internal static class DiagnosticWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        // Messages quote names ("v2") and commands (`kubectl ...`): keep them readable, the output is not HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    public static void WriteText(TextWriter output, AnalysisResult result)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(result);
        foreach (var diagnostic in result.Diagnostics)
        {
            output.WriteLine(diagnostic.ToString());
        }
        if (result.Diagnostics.Count == 0)
        {
            output.WriteLine($"✔ No problems found in {result.PolicyCount} MeshPolicy object{(result.PolicyCount == 1 ? "" : "s")}.");
        }
    }

    /// <summary>An array of {severity, code, kind, namespace, name, field, message}.</summary>
    public static void WriteJson(TextWriter output, AnalysisResult result)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(result);
        output.WriteLine(JsonSerializer.Serialize(result.Diagnostics, Json));
    }
}
