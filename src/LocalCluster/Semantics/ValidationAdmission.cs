using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Mesh.LocalCluster.Errors;
using Mesh.LocalCluster.Validation;

namespace Mesh.LocalCluster.Semantics;

/// <summary>Adapts the Validation package (structural schema, pruning, defaults, CEL) to the store's admission step.</summary>
internal sealed class ValidationAdmission : ICustomResourceAdmission
{
    // One parsed schema per CRD version object; a new CRD revision brings new JsonObjects, so entries never go stale.
    private readonly ConditionalWeakTable<JsonObject, StructuralSchema> _schemas = new();

    public (IReadOnlyList<FieldCause> Errors, IReadOnlyList<string> UnknownFields) Admit(
        JsonObject schema, JsonObject obj, JsonObject? oldObj, bool strictUnknownFields)
    {
        var structural = _schemas.GetValue(schema, StructuralSchema.Parse);
        var result = SchemaAdmission.Admit(structural, obj, oldObj, strictUnknownFields);
        return (result.Errors.Select(ToCause).ToList(), result.UnknownFields);
    }

    public IReadOnlyList<FieldCause> ValidateDefinition(JsonObject crd) =>
        CrdDefinitionValidator.Validate(crd).Select(ToCause).ToList();

    private static FieldCause ToCause(FieldError error) => new(error.Field, error.Type, error.Message);
}
