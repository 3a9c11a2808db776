using System.Text.Json.Nodes;
using Mesh.LocalCluster.Errors;

namespace Mesh.LocalCluster.Semantics;

/// <summary>Admission used until the Validation package is merged: accepts everything.</summary>
internal sealed class NoSchemaAdmission : ICustomResourceAdmission
{
    public (IReadOnlyList<FieldCause> Errors, IReadOnlyList<string> UnknownFields) Admit(
        JsonObject schema, JsonObject obj, JsonObject? oldObj, bool strictUnknownFields) => ([], []);

    public IReadOnlyList<FieldCause> ValidateDefinition(JsonObject crd) => [];
}
