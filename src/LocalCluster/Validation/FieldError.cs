namespace Mesh.LocalCluster.Validation;

/// <summary>
/// One refused field, shaped like a Status cause: <paramref name="Field"/> is the path (<c>spec.services[0].routes[1]</c>),
/// <paramref name="Type"/> the cause reason (FieldValueInvalid, FieldValueRequired, FieldValueNotSupported,
/// FieldValueTypeInvalid, FieldValueTooLong, FieldValueTooMany, FieldValueForbidden, FieldValueDuplicate) and
/// <paramref name="Message"/> the error body as k8s.io/apimachinery field.Error.ErrorBody() prints it
/// (<c>Invalid value: "object": weights must add up to 100</c>).
/// </summary>
public sealed record FieldError(string Field, string Type, string Message)
{
    /// <summary>The one-line form the API server puts into a Status message: <c>field: message</c>.</summary>
    public override string ToString() => Field.Length == 0 ? Message : $"{Field}: {Message}";
}
