using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Mesh.LocalCluster.Validation;

/// <summary>
/// OpenAPI value validation of a custom resource, worded as k8s.io/kube-openapi/pkg/validation (errors/schema.go
/// messages, validate/*.go paths "spec.list[0].field") after apiextensions' kubeOpenAPIResultToFieldErrors conversion
/// (pkg/apiserver/validation/validation.go): required -> Required value, enum -> Unsupported value, maxLength -> Too
/// long, maxItems/maxProperties -> Too many, wrong type -> Invalid value with "must be of type", others -> Invalid value
/// with the kube-openapi sentence, e.g. <c>Invalid value: "ABC": spec.name in body should match '^[a-z]+$'</c>.
/// </summary>
internal static class SchemaValidator
{
    public static void Validate(JsonNode? node, SchemaNode schema, string path, List<FieldError> errors)
    {
        if (node is null)
        {
            if (!schema.Nullable && (schema.Type is not null || schema.IntOrString))
            {
                var expected = schema.IntOrString ? "integer,string" : schema.Type!;
                errors.Add(FieldErrors.TypeInvalid(path, "null", $"{path} in body must be of type {expected}: \"null\""));
            }

            return;
        }

        var actual = JsonKinds.TypeOf(node);
        if (!TypeMatches(schema, actual))
        {
            var expected = schema.IntOrString ? "integer,string" : schema.Type!;
            errors.Add(FieldErrors.TypeInvalid(path, actual, $"{path} in body must be of type {expected}: \"{actual}\""));
            return;
        }

        if (schema.Enum.Count > 0 && !schema.Enum.Any(e => JsonKinds.Same(e, node)))
        {
            var supported = schema.Enum.Select(e => e is JsonValue v && v.TryGetValue<string>(out var s) ? s : e?.ToJsonString() ?? "null");
            errors.Add(FieldErrors.NotSupported(path, JsonKinds.Plain(node), supported));
        }

        switch (node)
        {
            case JsonObject obj:
                ValidateObject(obj, schema, path, errors);
                break;
            case JsonArray array:
                ValidateArray(array, schema, path, errors);
                break;
            default:
                var value = JsonKinds.Plain(node);
                if (value is string text)
                {
                    ValidateString(text, schema, path, errors);
                }
                else if (value is long or double)
                {
                    ValidateNumber(value, schema, path, errors);
                }

                break;
        }
    }

    private static bool TypeMatches(SchemaNode schema, string actual)
    {
        if (schema.IntOrString)
        {
            return actual is "integer" or "string";
        }

        return schema.Type switch
        {
            null => true,
            "number" => actual is "number" or "integer",
            var expected => expected == actual,
        };
    }

    private static void ValidateString(string text, SchemaNode schema, string path, List<FieldError> errors)
    {
        var length = text.EnumerateRunes().Count();
        if (schema.MaxLength is { } max && length > max)
        {
            errors.Add(FieldErrors.TooLong(path, max));
        }

        if (schema.MinLength is { } min && length < min)
        {
            errors.Add(FieldErrors.Invalid(path, text, $"{path} in body should be at least {min} chars long"));
        }

        if (schema.PatternRegex is { } regex && !Matches(regex, text))
        {
            errors.Add(FieldErrors.Invalid(path, text, $"{path} in body should match '{schema.Pattern}'"));
        }

        if (schema.Format is { } format && !FormatChecker.IsValid(format, text))
        {
            errors.Add(FieldErrors.TypeInvalid(path, text, $"{path} in body must be of type {format}: {GoFormat.Quote(text)}"));
        }
    }

    private static bool Matches(Regex regex, string text)
    {
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static void ValidateNumber(object value, SchemaNode schema, string path, List<FieldError> errors)
    {
        var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        if (schema.Maximum is { } max && (schema.ExclusiveMaximum ? number >= max : number > max))
        {
            var relation = schema.ExclusiveMaximum ? "less than" : "less than or equal to";
            errors.Add(FieldErrors.Invalid(path, value, $"{path} in body should be {relation} {GoFormat.Float(max)}"));
        }

        if (schema.Minimum is { } min && (schema.ExclusiveMinimum ? number <= min : number < min))
        {
            var relation = schema.ExclusiveMinimum ? "greater than" : "greater than or equal to";
            errors.Add(FieldErrors.Invalid(path, value, $"{path} in body should be {relation} {GoFormat.Float(min)}"));
        }

        if (schema.MultipleOf is { } factor && factor > 0 && Math.Abs(Math.IEEERemainder(number, factor)) > 1e-9)
        {
            errors.Add(FieldErrors.Invalid(path, value, $"{path} in body should be a multiple of {GoFormat.Float(factor)}"));
        }
    }

    private static void ValidateArray(JsonArray array, SchemaNode schema, string path, List<FieldError> errors)
    {
        if (schema.MaxItems is { } max && array.Count > max)
        {
            errors.Add(FieldErrors.TooMany(path, array.Count, max));
        }

        if (schema.MinItems is { } min && array.Count < min)
        {
            errors.Add(FieldErrors.Invalid(path, (long)array.Count, $"{path} in body should have at least {min} items"));
        }

        if (schema.UniqueItems && HasDuplicates(array))
        {
            errors.Add(FieldErrors.Invalid(path, "", $"{path} in body shouldn't contain duplicates"));
        }

        if (schema.Items is not null)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Validate(array[i], schema.Items, $"{path}[{i}]", errors);
            }
        }

        ListTypeValidator.Validate(array, schema, path, errors);
    }

    private static void ValidateObject(JsonObject obj, SchemaNode schema, string path, List<FieldError> errors)
    {
        foreach (var name in schema.Required)
        {
            if (!obj.ContainsKey(name))
            {
                errors.Add(FieldErrors.Required(Child(path, name)));
            }
        }

        if (schema.MaxProperties is { } max && obj.Count > max)
        {
            errors.Add(FieldErrors.TooMany(path, obj.Count, max));
        }

        if (schema.MinProperties is { } min && obj.Count < min)
        {
            errors.Add(FieldErrors.Invalid(path, (long)obj.Count, $"{path} in body should have at least {min} properties"));
        }

        foreach (var (key, value) in obj)
        {
            if (schema.Properties.TryGetValue(key, out var property))
            {
                Validate(value, property, Child(path, key), errors);
            }
            else if (schema.AdditionalProperties is not null)
            {
                Validate(value, schema.AdditionalProperties, Child(path, key), errors);
            }
        }
    }

    private static bool HasDuplicates(JsonArray array)
    {
        for (var i = 0; i < array.Count; i++)
        {
            for (var j = i + 1; j < array.Count; j++)
            {
                if (JsonKinds.Same(array[i], array[j]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    internal static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
