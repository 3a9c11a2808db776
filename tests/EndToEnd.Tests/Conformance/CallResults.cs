using System.Text.Json;

namespace Mesh.EndToEnd.Tests.Conformance;

/// <summary>Reads the answers of mesh-client.js's "calls" command.</summary>
internal static class CallResults
{
    /// <summary>Calls answered by <paramref name="backend"/>.</summary>
    public static int Count(JsonElement result, string backend) =>
        result.GetProperty("counts").TryGetProperty(backend, out var n) ? n.GetInt32() : 0;

    /// <summary>Calls that failed, whatever their status.</summary>
    public static int Errors(JsonElement result) => result.GetProperty("errors").EnumerateObject().Sum(e => e.Value.GetInt32());
}
