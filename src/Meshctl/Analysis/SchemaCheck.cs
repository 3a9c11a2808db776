using System.Text.Json.Nodes;
using Mesh.LocalCluster.Http;
using Mesh.LocalCluster.Validation;
using Mesh.Operator.Entities;
using Mesh.Operator.Planning;

namespace Mesh.Meshctl.Analysis;

/// <summary>
/// What the API server would refuse before the operator ever sees a policy: the MeshPolicy CRD's OpenAPI schema and
/// x-kubernetes-validations (CEL) rules, run by the embedded API server's own admission code against the CRD embedded
/// in mesh-operator (the one local mode installs), with strict field validation (kubectl's default).
/// </summary>
internal static class SchemaCheck
{
    private const string CrdResource = "crd/mesh.dev_meshpolicies.yaml";

    private static readonly Lazy<StructuralSchema> Schema = new(Load);

    public static IReadOnlyList<Diagnostic> Check(PolicySource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Document is null)
        {
            return [];
        }
        var result = SchemaAdmission.Admit(Schema.Value, (JsonObject)source.Document.DeepClone(), oldObj: null, strictUnknownFields: true);
        var unknown = result.UnknownFields.Select(field => Make(source, DiagnosticCodes.UnknownField, field,
            "unknown field: the MeshPolicy schema has no such field (kubectl apply refuses it under strict field validation); check its spelling against `kubectl explain meshpolicy`."));
        var invalid = result.Errors.Select(e => Make(source, DiagnosticCodes.SchemaViolation, e.Field == "<nil>" ? "" : e.Field, e.Message));
        return [.. unknown, .. invalid];
    }

    private static Diagnostic Make(PolicySource source, string code, string field, string message) => new()
    {
        Severity = DiagnosticSeverity.Error,
        Code = code,
        Kind = MeshPolicy.KubeKind,
        Namespace = source.Namespace,
        Name = source.Name,
        Field = field,
        Message = message,
    };

    private static StructuralSchema Load()
    {
        using var stream = typeof(MeshPlanner).Assembly.GetManifestResourceStream(CrdResource)
            ?? throw new InvalidOperationException($"{CrdResource} is not embedded in mesh-operator; rebuild it.");
        using var reader = new StreamReader(stream);
        var crd = (JsonObject)YamlToJson.Convert(reader.ReadToEnd())!;
        var version = crd["spec"]!["versions"]!.AsArray().Single(v => (bool?)v!["storage"] == true)!;
        return StructuralSchema.Parse(version["schema"]!["openAPIV3Schema"]!.AsObject());
    }
}
