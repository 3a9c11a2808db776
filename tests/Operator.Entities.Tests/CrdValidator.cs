using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cel;

namespace Mesh.Operator.Entities.Tests;

/// <summary>
/// A test-only check of an object against the committed CRD's structural schema and CEL rules, close enough to the
/// API server to prove that the samples and the rules agree: valid samples pass, each invalid sample fails where its
/// comment says. It is not the product's validator (that lives in src/LocalCluster/Validation).
/// </summary>
internal sealed class CrdValidator
{
    // CEL reserved words that Kubernetes escapes as __word__ when they name a property.
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if", "import",
        "let", "loop", "package", "namespace", "return", "var", "void", "while",
    };

    private readonly CelEnvironment _cel;

    public CrdValidator()
    {
        _cel = new CelEnvironment(null, null);

        // The Kubernetes CEL list library's sum(); Cel hands a map() result over as object[].
        _cel.RegisterFunction("sum", [typeof(object[])], args => Sum((IEnumerable<object?>)args[0]!));
        _cel.RegisterFunction("sum", [typeof(List<object?>)], args => Sum((IEnumerable<object?>)args[0]!));
    }

    public sealed record Error(string Field, string Catcher, string Detail);

    public IReadOnlyList<Error> Validate(JsonObject schema, JsonNode? value, string path)
    {
        var errors = new List<Error>();
        Walk(schema, value, path, errors);
        return errors;
    }

    private void Walk(JsonObject schema, JsonNode? value, string path, List<Error> errors)
    {
        if (value is null)
        {
            errors.Add(new(path, "schema", "null is not allowed"));
            return;
        }

        if (!CheckType(schema, value, path, errors))
        {
            return;
        }

        switch (value)
        {
            case JsonObject o when schema["properties"] is JsonObject properties:
                foreach (var (name, child) in o)
                {
                    if (properties[name] is JsonObject childSchema)
                    {
                        Walk(childSchema, child, $"{path}.{name}", errors);
                    }
                    else if (schema["x-kubernetes-preserve-unknown-fields"] is null)
                    {
                        errors.Add(new($"{path}.{name}", "schema", "unknown field"));
                    }
                }

                foreach (var required in schema["required"]?.AsArray() ?? [])
                {
                    if (!o.ContainsKey((string)required!))
                    {
                        errors.Add(new($"{path}.{(string)required!}", "schema", "required"));
                    }
                }

                CheckCount(schema, o.Count, "minProperties", "maxProperties", path, errors);
                break;
            case JsonObject o when schema["additionalProperties"] is JsonObject values:
                foreach (var (name, child) in o)
                {
                    Walk(values, child, $"{path}.{name}", errors);
                }

                CheckCount(schema, o.Count, "minProperties", "maxProperties", path, errors);
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    Walk(schema["items"]!.AsObject(), a[i], $"{path}[{i}]", errors);
                }

                CheckCount(schema, a.Count, "minItems", "maxItems", path, errors);
                break;
            case JsonValue v:
                CheckScalar(schema, v, path, errors);
                break;
        }

        foreach (var rule in schema["x-kubernetes-validations"]?.AsArray() ?? [])
        {
            var text = (string)rule!["rule"]!;
            bool holds;
            try
            {
                holds = _cel.Program(text, new Dictionary<string, object?> { ["self"] = ToCel(value) }) is true;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                holds = false; // The API server refuses an object whose rule fails to evaluate.
            }

            if (!holds)
            {
                errors.Add(new(path + ((string?)rule["fieldPath"] ?? ""), "cel", text));
            }
        }
    }

    private static bool CheckType(JsonObject schema, JsonNode value, string path, List<Error> errors)
    {
        if (schema["x-kubernetes-int-or-string"] is not null)
        {
            return true;
        }

        var kind = value.GetValueKind();
        var ok = (string?)schema["type"] switch
        {
            "object" => kind == JsonValueKind.Object,
            "array" => kind == JsonValueKind.Array,
            "string" => kind == JsonValueKind.String,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "integer" => kind == JsonValueKind.Number && !value.ToJsonString().Contains('.', StringComparison.Ordinal),
            "number" => kind == JsonValueKind.Number,
            var other => throw new InvalidOperationException($"{path}: schema type {other} unknown to this checker"),
        };
        if (!ok)
        {
            errors.Add(new(path, "schema", $"expected {(string?)schema["type"]}, got {kind}"));
        }

        return ok;
    }

    private static void CheckScalar(JsonObject schema, JsonValue value, string path, List<Error> errors)
    {
        if (value.GetValueKind() == JsonValueKind.String)
        {
            var text = value.GetValue<string>();
            if (schema["enum"] is JsonArray values && !values.Any(v => (string?)v == text))
            {
                errors.Add(new(path, "schema", $"'{text}' is not one of the enum values"));
            }

            if (schema["pattern"] is JsonValue pattern && !Regex.IsMatch(text, (string)pattern!, RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                errors.Add(new(path, "schema", $"'{text}' does not match {(string)pattern!}"));
            }

            CheckCount(schema, new StringInfo(text).LengthInTextElements, "minLength", "maxLength", path, errors);
        }
        else if (value.GetValueKind() == JsonValueKind.Number)
        {
            var number = decimal.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
            if (schema["minimum"] is JsonValue min && number < decimal.Parse(min.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture))
            {
                errors.Add(new(path, "schema", $"{number} is below the minimum {min}"));
            }

            if (schema["maximum"] is JsonValue max && number > decimal.Parse(max.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture))
            {
                errors.Add(new(path, "schema", $"{number} is above the maximum {max}"));
            }
        }
    }

    private static void CheckCount(JsonObject schema, int count, string min, string max, string path, List<Error> errors)
    {
        if (schema[min] is JsonValue lower && count < lower.GetValue<int>())
        {
            errors.Add(new(path, "schema", $"{count} is below {min} {lower}"));
        }

        if (schema[max] is JsonValue upper && count > upper.GetValue<int>())
        {
            errors.Add(new(path, "schema", $"{count} is above {max} {upper}"));
        }
    }

    private static long Sum(IEnumerable<object?> items) =>
        items.Sum(x => System.Convert.ToInt64(x, CultureInfo.InvariantCulture));

    private static object? ToCel(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => Reserved.Contains(p.Key) ? $"__{p.Key}__" : p.Key, p => ToCel(p.Value)),
        JsonArray a => a.Select(ToCel).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when long.TryParse(v.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
            JsonValueKind.Number => double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture),
            _ => null,
        },
        _ => throw new NotSupportedException(node.GetType().Name),
    };
}
