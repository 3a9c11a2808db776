namespace Mesh.LocalCluster.Validation;

/// <summary>
/// Builds <see cref="FieldError"/>s worded as k8s.io/apimachinery/pkg/util/validation/field/errors.go does:
/// ErrorBody() is "&lt;type string&gt;: &lt;value&gt;: &lt;detail&gt;", the value printed with Go's %q for strings and %v for
/// numbers and booleans, and left out for Required, Forbidden and TooLong.
/// </summary>
internal static class FieldErrors
{
    public static FieldError Invalid(string field, object? value, string detail) =>
        new(field, "FieldValueInvalid", Body("Invalid value", GoFormat.Value(value), detail));

    public static FieldError TypeInvalid(string field, object? value, string detail) =>
        new(field, "FieldValueTypeInvalid", Body("Invalid value", GoFormat.Value(value), detail));

    public static FieldError Required(string field, string detail = "") =>
        new(field, "FieldValueRequired", Body("Required value", null, detail));

    public static FieldError Forbidden(string field, string detail) =>
        new(field, "FieldValueForbidden", Body("Forbidden", null, detail));

    public static FieldError Duplicate(string field, object? value) =>
        new(field, "FieldValueDuplicate", Body("Duplicate value", GoFormat.Value(value), ""));

    /// <summary>field.NotSupported: each supported value quoted with strconv.Quote.</summary>
    public static FieldError NotSupported(string field, object? value, IEnumerable<string> supported)
    {
        var list = string.Join(", ", supported.Select(GoFormat.Quote));
        return new(field, "FieldValueNotSupported", Body("Unsupported value", GoFormat.Value(value), list.Length == 0 ? "" : "supported values: " + list));
    }

    /// <summary>field.TooLong as of Kubernetes 1.32 (the value is omitted, the limit counted in bytes).</summary>
    public static FieldError TooLong(string field, long maxLength) =>
        new(field, "FieldValueTooLong", Body("Too long", null, $"may not be more than {maxLength} {(maxLength == 1 ? "byte" : "bytes")}"));

    public static FieldError TooMany(string field, long actual, long max) =>
        new(field, "FieldValueTooMany", Body("Too many", actual.ToString(System.Globalization.CultureInfo.InvariantCulture), $"must have at most {max} {(max == 1 ? "item" : "items")}"));

    private static string Body(string type, string? value, string detail)
    {
        var body = value is null ? type : $"{type}: {value}";
        return detail.Length == 0 ? body : $"{body}: {detail}";
    }
}
