namespace Mesh.LocalCluster.Errors;

/// <summary>One cause of a 422 Invalid: reason (FieldValueInvalid, ...), the ErrorBody message and the field path.</summary>
internal sealed record FieldCause(string Field, string Reason, string Message)
{
    public static FieldCause Required(string field, string detail = "") =>
        new(field, "FieldValueRequired", detail.Length == 0 ? "Required value" : $"Required value: {detail}");

    public static FieldCause Invalid(string field, string value, string detail) =>
        new(field, "FieldValueInvalid", $"Invalid value: \"{value}\": {detail}");

    public static FieldCause Forbidden(string field, string detail) =>
        new(field, "FieldValueForbidden", $"Forbidden: {detail}");

    /// <summary>"field: body" as in field.Error.Error().</summary>
    public override string ToString() => Field.Length == 0 ? Message : $"{Field}: {Message}";
}
