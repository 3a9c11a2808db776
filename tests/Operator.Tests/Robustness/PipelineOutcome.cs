using Mesh.Operator.Planning;
using Mesh.XdsServer.Translation;

namespace Mesh.Operator.Tests.Robustness;

/// <summary>How far one MeshPolicy got through <see cref="PolicyPipeline"/>, and what it produced.</summary>
public sealed record PipelineOutcome
{
    /// <summary>Whether the CRD (schema + CEL, strict about unknown fields) admitted it.</summary>
    public required bool Admitted { get; init; }

    /// <summary>Why the CRD refused it (<c>field: message</c>, unknown fields included); empty when admitted.</summary>
    public IReadOnlyList<string> AdmissionErrors { get; init; } = [];

    /// <summary>The plan of an admitted policy; null when refused.</summary>
    public MeshPlan? Plan { get; init; }

    /// <summary>One translation per proxy scope of an accepted plan (proxyless first, then each selected pod's sidecar).</summary>
    public IReadOnlyList<TranslatedResources> Translations { get; init; } = [];

    /// <summary>Validate-rule and snapshot-consistency errors of the translations: must be empty.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];
}
