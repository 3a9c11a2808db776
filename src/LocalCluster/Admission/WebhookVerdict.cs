using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Admission;

/// <summary>A webhook's valid answer: allowed or not, the denial status, an RFC 6902 patch, warnings.</summary>
internal sealed record WebhookVerdict
{
    public required bool Allowed { get; init; }

    /// <summary>response.status on a denial (code, message, reason), or null.</summary>
    public JsonObject? Status { get; init; }

    /// <summary>The decoded JSONPatch, or null when none was returned.</summary>
    public JsonArray? Patch { get; init; }

    /// <summary>response.warnings, each sent to the client as a Warning header.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
