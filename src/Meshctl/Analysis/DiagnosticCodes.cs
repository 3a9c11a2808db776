namespace Mesh.Meshctl.Analysis;

/// <summary>
/// Codes of what analyze finds beyond the planner (whose codes are Mesh.Operator.Planning.ProblemCodes, MESH01xx).
/// Stable: docs/analyze.md lists each with its fix, and a test keeps the two in step.
/// </summary>
internal static class DiagnosticCodes
{
    /// <summary>The CRD schema does not know a field (kubectl's strict field validation refuses it).</summary>
    public const string UnknownField = "MESH0001";

    /// <summary>The CRD's OpenAPI schema or one of its x-kubernetes-validations rules refuses a value.</summary>
    public const string SchemaViolation = "MESH0002";

    /// <summary>A Service port whose protocol cannot be inferred (no appProtocol, not listed with a protocol).</summary>
    public const string ServicePortProtocolUnknown = "MESH0201";

    /// <summary>A Pod a MeshPolicy selects runs without the sidecar.</summary>
    public const string PodWithoutSidecar = "MESH0202";

    /// <summary>Proxies rejected (NACKed) the config the policy produced (cluster only).</summary>
    public const string ProxiesRejectConfig = "MESH0203";
}
