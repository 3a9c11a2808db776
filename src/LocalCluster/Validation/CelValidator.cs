using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cel;

namespace Mesh.LocalCluster.Validation;

/// <summary>
/// Evaluates x-kubernetes-validations with self bound at the node that carries the rule and oldSelf at the correlated
/// old value (apiextensions-apiserver pkg/apiserver/schema/cel/validation.go): properties correlate by name unless the map
/// is atomic, list items only in x-kubernetes-list-type=map lists (by key), transition rules run only with an old value,
/// null values are not validated. Failures are worded as that file does: the rule's message (or "failed rule: RULE")
/// as Invalid value with the schema type as the value, or the reason's error type.
/// </summary>
internal static partial class CelValidator
{
    private const int MaxMessageExpressionLength = 5 * 1024;

    public static void Validate(JsonNode? node, JsonNode? old, SchemaNode schema, string path, bool isRoot, List<FieldError> errors)
    {
        if (node is null || !schema.HasRulesBelow)
        {
            return;
        }

        if (schema.Rules.Count > 0)
        {
            Evaluate(node, old, schema, path, isRoot, errors);
        }

        switch (node)
        {
            case JsonObject obj:
                var oldObj = schema.MapType == "atomic" ? null : old as JsonObject;
                foreach (var (key, value) in obj)
                {
                    if (isRoot && key == "metadata")
                    {
                        continue;
                    }

                    if (schema.Properties.TryGetValue(key, out var property))
                    {
                        Validate(value, oldObj?[key], property, SchemaValidator.Child(path, key), false, errors);
                    }
                    else if (schema.AdditionalProperties is { } additional)
                    {
                        Validate(value, oldObj?[key], additional, $"{path}[{key}]", false, errors);
                    }
                }

                break;
            case JsonArray array when schema.Items is not null:
                for (var i = 0; i < array.Count; i++)
                {
                    var oldItem = schema.ListType == "map" ? FindByKeys(old as JsonArray, array[i], schema.ListMapKeys) : null;
                    Validate(array[i], oldItem, schema.Items, $"{path}[{i}]", false, errors);
                }

                break;
        }
    }

    private static void Evaluate(JsonNode node, JsonNode? old, SchemaNode schema, string path, bool isRoot, List<FieldError> errors)
    {
        Dictionary<string, object?>? variables = null;
        Dictionary<string, object?> Variables()
        {
            if (variables is null)
            {
                variables = new Dictionary<string, object?>(2, StringComparer.Ordinal) { ["self"] = ToCel(node, schema, isRoot) };
                if (old is not null)
                {
                    variables["oldSelf"] = ToCel(old, schema, isRoot);
                }
            }

            return variables;
        }

        var selfKey = node.ToJsonString();
        var transitionKey = old is null ? selfKey : selfKey + "\u0000" + old.ToJsonString();
        foreach (var rule in schema.Rules)
        {
            if (rule.Program is null)
            {
                errors.Add(FieldErrors.Invalid(path, schema.TypeName, $"rule compile error: {rule.CompileError}"));
                continue;
            }

            if (rule.IsTransition && old is null)
            {
                continue;
            }

            // A messageExpression may read oldSelf even when the rule does not, so its outcome is keyed like a transition's.
            var key = rule.IsTransition || rule.MessageProgram is not null ? transitionKey : selfKey;
            var outcome = rule.Outcomes.GetOrEvaluate(key, () => Run(rule, Variables()));
            if (outcome.Passed)
            {
                continue;
            }

            if (outcome.EvaluationError is { } detail)
            {
                errors.Add(FieldErrors.Invalid(path, schema.TypeName, detail));
                continue;
            }

            var fieldPath = WithRuleFieldPath(path, rule.FieldPath);
            var message = outcome.Message ?? rule.MessageOrDefault;
            errors.Add(rule.Reason switch
            {
                "FieldValueForbidden" => FieldErrors.Forbidden(fieldPath, message),
                "FieldValueRequired" => FieldErrors.Required(fieldPath, message),
                "FieldValueDuplicate" => FieldErrors.Duplicate(fieldPath, schema.TypeName),
                _ => FieldErrors.Invalid(fieldPath, schema.TypeName, message),
            });
        }
    }

    private static RuleOutcome Run(CelRule rule, Dictionary<string, object?> variables)
    {
        object? result;
        try
        {
            result = rule.Program!(variables);
        }
        catch (Exception error)
        {
            return new RuleOutcome(false, null, RuntimeError(rule, error));
        }

        if (result is true)
        {
            return RuleOutcome.Pass;
        }

        if (result is not bool)
        {
            // The package returns its internal CelNoSuchField marker instead of throwing when a selected field is absent.
            Exception failure = result?.GetType().Name == "CelNoSuchField"
                ? new CelNoSuchFieldException(result.GetType().GetProperty("Message")?.GetValue(result) as string ?? "")
                : new CelNoSuchOverloadException("no such overload");
            return new RuleOutcome(false, null, RuntimeError(rule, failure));
        }

        var message = rule.MessageProgram is { } messageProgram ? EvaluateMessage(messageProgram, variables) : null;
        return new RuleOutcome(false, message ?? rule.MessageOrDefault, null);
    }

    private static object? ToCel(JsonNode node, SchemaNode schema, bool isRoot)
    {
        var value = CelValues.FromJson(node, schema);
        if (isRoot && value is CelMap { Entries: var root } && root.TryGetValue("metadata", out var metadata) && metadata is CelMap { Entries: var meta })
        {
            // Rules at the root see only metadata.name and metadata.generateName (Structural.WithTypeAndObjectMeta).
            var visible = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var name in new[] { "name", "generateName" })
            {
                if (meta.TryGetValue(name, out var v))
                {
                    visible[name] = v;
                }
            }

            root["metadata"] = new CelMap(visible);
        }

        return value;
    }

    private static string? EvaluateMessage(CelProgramDelegate program, Dictionary<string, object?> variables)
    {
        try
        {
            var text = (program(variables) as string)?.Trim();
            return string.IsNullOrEmpty(text) || text.Contains('\n', StringComparison.Ordinal) || text.Length > MaxMessageExpressionLength ? null : text;
        }
        catch (Exception)
        {
            // The API server logs a failed messageExpression and falls back to the rule's message.
            return null;
        }
    }

    private static string RuntimeError(CelRule rule, Exception error) => error switch
    {
        CelNoSuchOverloadException => $"'no such overload': call arguments did not match a supported operator, function or macro signature for rule: {rule.ErrorString}",
        CelNoSuchFieldException or CelTypeDoesNotSupportFieldSelectionException when MissingKey(error.Message) is { } key => $"no such key: {key} evaluating rule: {rule.ErrorString}",
        CelDivideByZeroException => $"division by zero evaluating rule: {rule.ErrorString}",
        CelArgumentRangeException when error.Message.StartsWith("Index", StringComparison.Ordinal) => $"index out of bounds evaluating rule: {rule.ErrorString}",
        _ => $"{error.Message} evaluating rule: {rule.ErrorString}",
    };

    private static string? MissingKey(string message)
    {
        var select = SelectField().Match(message);
        if (select.Success)
        {
            return select.Groups[1].Value;
        }

        var nested = NestedField().Match(message);
        return nested.Success ? nested.Groups[1].Value : null;
    }

    private static string WithRuleFieldPath(string path, string fieldPath)
    {
        if (fieldPath.Length == 0)
        {
            return path;
        }

        var relative = fieldPath.TrimStart('.').Replace("['", "[", StringComparison.Ordinal).Replace("']", "]", StringComparison.Ordinal);
        return path.Length == 0 ? relative : relative.StartsWith('[') ? path + relative : $"{path}.{relative}";
    }

    private static JsonNode? FindByKeys(JsonArray? old, JsonNode? item, IReadOnlyList<string> keys)
    {
        if (old is null || item is not JsonObject element || keys.Count == 0)
        {
            return null;
        }

        return old.FirstOrDefault(o => o is JsonObject candidate && keys.All(k => JsonKinds.Same(candidate[k], element[k])));
    }

    [GeneratedRegex("select field '([^']*)'")]
    private static partial Regex SelectField();

    [GeneratedRegex(@"Type '(?:[^']*\.)?([^'.]*)' does not support field selection")]
    private static partial Regex NestedField();
}
