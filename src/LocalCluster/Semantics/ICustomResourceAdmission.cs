using System.Text.Json.Nodes;
using Mesh.LocalCluster.Errors;

namespace Mesh.LocalCluster.Semantics;

/// <summary>
/// Schema admission of custom resources and validation of CRDs; the implementation adapts the
/// Mesh.LocalCluster.Validation package (structural schema, pruning, defaults, CEL) written on another branch.
/// </summary>
internal interface ICustomResourceAdmission
{
    /// <summary>Prunes and defaults <paramref name="obj"/> in place; returns field errors and unknown field paths.</summary>
    (IReadOnlyList<FieldCause> Errors, IReadOnlyList<string> UnknownFields) Admit(
        JsonObject schema, JsonObject obj, JsonObject? oldObj, bool strictUnknownFields);

    IReadOnlyList<FieldCause> ValidateDefinition(JsonObject crd);
}
