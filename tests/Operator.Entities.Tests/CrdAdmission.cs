using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Mesh.LocalCluster.Validation;
using Mesh.Testing;

namespace Mesh.Operator.Entities.Tests;

/// <summary>
/// Admits objects against a committed CRD of config/crd with the embedded API server's real admission
/// (src/LocalCluster/Validation), as <c>kubectl apply --validate=strict</c> against it would: unknown fields count as refusals.
/// </summary>
internal static class CrdAdmission
{
    private static readonly ConcurrentDictionary<string, Lazy<StructuralSchema>> Schemas = new(StringComparer.Ordinal);

    /// <summary>Every error and unknown field of <paramref name="obj"/> (admission prunes and defaults it in place).</summary>
    public static AdmissionResult Admit(string crdFile, JsonObject obj) =>
        SchemaAdmission.Admit(SchemaOf(crdFile), obj, oldObj: null, strictUnknownFields: true);

    /// <summary>The fields a refusal names, errors and unknown fields alike, each as <c>field: message</c>.</summary>
    public static IReadOnlyList<string> Describe(AdmissionResult result) =>
        [.. result.Errors.Select(e => e.ToString()), .. result.UnknownFields.Select(f => $"{f}: unknown field")];

    private static StructuralSchema SchemaOf(string crdFile) =>
        Schemas.GetOrAdd(crdFile, file => new Lazy<StructuralSchema>(() =>
        {
            var crd = YamlTree.Load(File.ReadAllText(Path.Combine(RepoPaths.Crd, file)))!;
            var version = crd["spec"]!["versions"]!.AsArray().Single(v => (bool?)v!["storage"] == true)!;
            return StructuralSchema.Parse(version["schema"]!["openAPIV3Schema"]!.AsObject());
        })).Value;
}
