using System.Text.Json;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests.Mesh;

/// <summary>A MeshPolicy's conditions as kubectl reads them.</summary>
internal static class PolicyConditions
{
    /// <summary>Status and reason of condition <paramref name="type"/>, or empty strings while it is not written.</summary>
    public static async Task<(string Status, string Reason)> OfAsync(Kubectl kubectl, string ns, string policy, string type)
    {
        using var doc = JsonDocument.Parse(await kubectl.MustAsync("get", "meshpolicy", policy, "-n", ns, "-o", "json"));
        return doc.RootElement.TryGetProperty("status", out var status) && status.TryGetProperty("conditions", out var conditions)
            ? conditions.EnumerateArray().Where(c => c.GetProperty("type").GetString() == type)
                .Select(c => (c.GetProperty("status").GetString()!, c.GetProperty("reason").GetString()!)).FirstOrDefault(("", ""))
            : ("", "");
    }
}
