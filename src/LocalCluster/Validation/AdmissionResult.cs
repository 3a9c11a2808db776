namespace Mesh.LocalCluster.Validation;

/// <summary>
/// What <see cref="SchemaAdmission.Admit"/> found. <paramref name="Errors"/> empty means admitted (answer 422 Invalid
/// otherwise); <paramref name="UnknownFields"/> are the pruned paths (<c>spec.foo</c>, <c>metadata.bogus</c>), which
/// fieldValidation=Strict turns into 400 <c>strict decoding error: unknown field "spec.foo"</c>.
/// </summary>
public sealed record AdmissionResult(IReadOnlyList<FieldError> Errors, IReadOnlyList<string> UnknownFields)
{
    public bool IsValid => Errors.Count == 0;
}
