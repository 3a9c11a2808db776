using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Mesh.LocalCluster.Validation;

/// <summary>
/// Reads an openAPIV3Schema into <see cref="SchemaNode"/>s, compiling patterns and CEL rules once, and records
/// violations of the structural-schema rules (apiextensions-apiserver pkg/apiserver/schema/validation.go and
/// pkg/apis/apiextensions/validation/validation.go) with the field paths the API server uses for a CRD
/// (<c>spec.versions[0].schema.openAPIV3Schema.properties[spec].type</c>).
/// </summary>
internal sealed class SchemaParser
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(250);

    private static readonly string[] Unsupported = ["$ref", "definitions", "additionalItems", "patternProperties", "dependencies", "id", "$schema"];

    private static readonly HashSet<string> Reasons = new(StringComparer.Ordinal)
    {
        "FieldValueInvalid", "FieldValueForbidden", "FieldValueRequired", "FieldValueDuplicate",
    };

    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;

    public SchemaNode Parse(JsonObject schema, string path) => ParseNode(schema, path, isRoot: true, correlatable: true);

    private SchemaNode ParseNode(JsonObject schema, string path, bool isRoot, bool correlatable)
    {
        foreach (var keyword in Unsupported.Where(schema.ContainsKey))
        {
            _errors.Add(FieldErrors.Forbidden($"{path}.{keyword}", $"{keyword} is not supported"));
        }

        var type = Text(schema, "type");
        var intOrString = Bool(schema, "x-kubernetes-int-or-string");
        var preserve = Bool(schema, "x-kubernetes-preserve-unknown-fields");
        var embedded = Bool(schema, "x-kubernetes-embedded-resource");
        if (type is null && !intOrString && !preserve && !isRoot)
        {
            _errors.Add(FieldErrors.Required($"{path}.type", "must not be empty for specified object fields"));
        }
        else if (type is not null && type is not ("object" or "array" or "string" or "integer" or "number" or "boolean"))
        {
            _errors.Add(FieldErrors.NotSupported($"{path}.type", type, ["array", "boolean", "integer", "number", "object", "string"]));
        }

        if (isRoot && type != "object")
        {
            _errors.Add(FieldErrors.Invalid($"{path}.type", type ?? "", "must be object at the root"));
        }

        if (intOrString && type is not null)
        {
            _errors.Add(FieldErrors.Invalid($"{path}.type", type, "must be empty to be structural when x-kubernetes-int-or-string is true"));
        }

        if (embedded && type != "object")
        {
            _errors.Add(FieldErrors.Invalid($"{path}.type", type ?? "", "must be object if x-kubernetes-embedded-resource is true"));
        }

        var listType = Text(schema, "x-kubernetes-list-type");
        var mapType = Text(schema, "x-kubernetes-map-type");
        var properties = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
        if (schema["properties"] is JsonObject props)
        {
            if (isRoot && props["metadata"] is JsonObject metadata)
            {
                CheckRootMetadata(metadata, $"{path}.properties[metadata]");
            }

            foreach (var (name, value) in props)
            {
                if (value is JsonObject child)
                {
                    properties[name] = ParseNode(child, $"{path}.properties[{name}]", isRoot: false, correlatable && mapType != "atomic");
                }
            }
        }

        SchemaNode? additional = null;
        var additionalAllowed = false;
        switch (schema["additionalProperties"])
        {
            case JsonObject additionalSchema:
                additional = ParseNode(additionalSchema, $"{path}.additionalProperties", isRoot: false, correlatable && mapType != "atomic");
                break;
            case JsonValue allowed when allowed.GetValueKind() == JsonValueKind.True:
                additionalAllowed = true;
                break;
            case JsonValue when schema["additionalProperties"]!.GetValueKind() == JsonValueKind.False:
                _errors.Add(FieldErrors.Forbidden($"{path}.additionalProperties", "additionalProperties cannot be set to false"));
                break;
        }

        if ((additional is not null || additionalAllowed) && properties.Count > 0)
        {
            _errors.Add(FieldErrors.Forbidden($"{path}.additionalProperties", "additionalProperties and properties are mutual exclusive"));
        }

        SchemaNode? items = null;
        if (schema["items"] is JsonObject itemSchema)
        {
            items = ParseNode(itemSchema, $"{path}.items", isRoot: false, correlatable && listType == "map");
        }
        else if (type == "array")
        {
            _errors.Add(FieldErrors.Required($"{path}.items", "must be specified"));
        }

        var listMapKeys = Strings(schema, "x-kubernetes-list-map-keys");
        CheckListType(path, type, listType, listMapKeys, items, schema["items"] as JsonObject);
        if (mapType is not null and not ("granular" or "atomic"))
        {
            _errors.Add(FieldErrors.NotSupported($"{path}.x-kubernetes-map-type", mapType, ["atomic", "granular"]));
        }

        if (Bool(schema, "uniqueItems"))
        {
            _errors.Add(FieldErrors.Forbidden($"{path}.uniqueItems", "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"));
        }

        var pattern = Text(schema, "pattern");
        var regex = pattern is null ? null : CompilePattern(pattern, $"{path}.pattern");
        var rules = ParseRules(schema, path, correlatable);
        var node = new SchemaNode
        {
            Type = type,
            Nullable = Bool(schema, "nullable"),
            IntOrString = intOrString,
            PreserveUnknownFields = preserve,
            EmbeddedResource = embedded,
            Properties = properties,
            AdditionalProperties = additional,
            AdditionalPropertiesAllowed = additionalAllowed,
            Items = items,
            Enum = schema["enum"] is JsonArray values ? values.Select(v => v?.DeepClone()).ToList() : [],
            Required = Strings(schema, "required"),
            Pattern = pattern,
            PatternRegex = regex,
            Minimum = Number(schema, "minimum"),
            Maximum = Number(schema, "maximum"),
            ExclusiveMinimum = Bool(schema, "exclusiveMinimum"),
            ExclusiveMaximum = Bool(schema, "exclusiveMaximum"),
            MultipleOf = Number(schema, "multipleOf"),
            MinLength = Integer(schema, "minLength"),
            MaxLength = Integer(schema, "maxLength"),
            MinItems = Integer(schema, "minItems"),
            MaxItems = Integer(schema, "maxItems"),
            MinProperties = Integer(schema, "minProperties"),
            MaxProperties = Integer(schema, "maxProperties"),
            UniqueItems = Bool(schema, "uniqueItems"),
            Format = Text(schema, "format"),
            ListType = listType,
            ListMapKeys = listMapKeys,
            MapType = mapType,
            Default = schema["default"]?.DeepClone(),
            Rules = rules,
        };
        CheckRuleReferences(node, path, isRoot);
        node.HasRulesBelow = rules.Count > 0 || properties.Values.Any(p => p.HasRulesBelow)
            || additional?.HasRulesBelow == true || items?.HasRulesBelow == true;
        return node;
    }

    private void CheckRootMetadata(JsonObject metadata, string path)
    {
        // Only name and generateName may be restricted at the root (apiextensions validation.go, "metadata" handling).
        if (metadata["properties"] is JsonObject props)
        {
            foreach (var name in props.Select(p => p.Key).Where(n => n is not ("name" or "generateName")))
            {
                _errors.Add(FieldErrors.Forbidden($"{path}.properties[{name}]", "must not be specified"));
            }
        }
    }

    private void CheckListType(string path, string? type, string? listType, IReadOnlyList<string> keys, SchemaNode? items, JsonObject? itemSchema)
    {
        if (listType is null)
        {
            if (keys.Count > 0)
            {
                _errors.Add(FieldErrors.Forbidden($"{path}.x-kubernetes-list-map-keys", "must not be specified if x-kubernetes-list-type is not map"));
            }

            return;
        }

        if (type != "array")
        {
            _errors.Add(FieldErrors.Invalid($"{path}.type", type ?? "", "must be array if x-kubernetes-list-type is specified"));
        }

        switch (listType)
        {
            case "atomic":
                break;
            case "set" when items?.Type is "object" or "array":
                _errors.Add(FieldErrors.Invalid($"{path}.items.type", items.Type, "must be a scalar type if parent array type is set"));
                break;
            case "set":
                break;
            case "map" when keys.Count == 0:
                _errors.Add(FieldErrors.Required($"{path}.x-kubernetes-list-map-keys", "must not be empty if x-kubernetes-list-type is map"));
                break;
            case "map":
                if (items?.Type != "object")
                {
                    _errors.Add(FieldErrors.Invalid($"{path}.items.type", items?.Type ?? "", "must be object if parent array's x-kubernetes-list-type is map"));
                    break;
                }

                var required = itemSchema is null ? [] : Strings(itemSchema, "required");
                for (var i = 0; i < keys.Count; i++)
                {
                    if (!items.Properties.TryGetValue(keys[i], out var keyNode))
                    {
                        _errors.Add(FieldErrors.Invalid($"{path}.x-kubernetes-list-map-keys[{i}]", keys[i], "entries must all be names of item properties"));
                    }
                    else if (!required.Contains(keys[i]) && keyNode.Default is null)
                    {
                        _errors.Add(FieldErrors.Required($"{path}.items.properties[{keys[i]}].default", "this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property"));
                    }
                }

                break;
            default:
                _errors.Add(FieldErrors.NotSupported($"{path}.x-kubernetes-list-type", listType, ["atomic", "map", "set"]));
                break;
        }
    }

    private List<CelRule> ParseRules(JsonObject schema, string path, bool correlatable)
    {
        var rules = new List<CelRule>();
        if (schema["x-kubernetes-validations"] is not JsonArray entries)
        {
            return rules;
        }

        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i] is not JsonObject entry)
            {
                continue;
            }

            var rulePath = $"{path}.x-kubernetes-validations[{i}]";
            var rule = CelCompiler.CompileRule(
                Text(entry, "rule") ?? "",
                Text(entry, "message") ?? "",
                Text(entry, "messageExpression") ?? "",
                Text(entry, "fieldPath") ?? "",
                Text(entry, "reason"));
            var display = DisplayRule(rule);
            if (rule.Rule.Trim().Length == 0)
            {
                _errors.Add(FieldErrors.Required($"{rulePath}.rule", ""));
            }
            else if (rule.CompileError is not null)
            {
                _errors.Add(new FieldError($"{rulePath}.rule", "FieldValueInvalid", $"Invalid value: {display}: compilation failed: {rule.CompileError}"));
            }
            else if (rule.IsTransition && !correlatable)
            {
                _errors.Add(new FieldError($"{rulePath}.rule", "FieldValueInvalid", $"Invalid value: {display}: oldSelf cannot be used on the uncorrelatable portion of the schema within {path}"));
            }

            if (rule.MessageExpressionCompileError is not null)
            {
                _errors.Add(new FieldError($"{rulePath}.messageExpression", "FieldValueInvalid", $"Invalid value: {display}: messageExpression compilation failed: {rule.MessageExpressionCompileError}"));
            }

            if (rule.Message.Contains('\n', StringComparison.Ordinal))
            {
                _errors.Add(FieldErrors.Invalid($"{rulePath}.message", rule.Message, "message must not contain line breaks"));
            }

            if (rule.Reason is not null && !Reasons.Contains(rule.Reason))
            {
                _errors.Add(FieldErrors.NotSupported($"{rulePath}.reason", rule.Reason, Reasons.Order(StringComparer.Ordinal)));
            }

            rules.Add(rule);
        }

        return rules;
    }

    private void CheckRuleReferences(SchemaNode node, string path, bool isRoot)
    {
        for (var i = 0; i < node.Rules.Count; i++)
        {
            var rule = node.Rules[i];
            var rulePath = $"{path}.x-kubernetes-validations[{i}]";
            if (rule.Program is not null && CelSchemaChecker.UndefinedField(rule.Rule, node, isRoot) is { } undefined)
            {
                _errors.Add(new FieldError($"{rulePath}.rule", "FieldValueInvalid", $"Invalid value: {DisplayRule(rule)}: compilation failed: {undefined}"));
            }

            if (rule.FieldPath.Length > 0 && CelSchemaChecker.InvalidFieldPath(rule.FieldPath, node) is { } reason)
            {
                _errors.Add(FieldErrors.Invalid($"{rulePath}.fieldPath", rule.FieldPath, $"fieldPath must be a valid path: {reason}"));
            }
        }
    }

    /// <summary>The %v of the Go apiextensions.ValidationRule struct, which is how the API server prints a bad rule.</summary>
    private static string DisplayRule(CelRule rule) =>
        $"apiextensions.ValidationRule{{Rule:{GoFormat.Quote(rule.Rule)}, Message:{GoFormat.Quote(rule.Message)}, MessageExpression:{GoFormat.Quote(rule.MessageExpression)}, Reason:{(rule.Reason is null ? "(*apiextensions.FieldValueErrorReason)(nil)" : GoFormat.Quote(rule.Reason))}, FieldPath:{GoFormat.Quote(rule.FieldPath)}, OptionalOldSelf:(*bool)(nil)}}";

    private Regex? CompilePattern(string pattern, string path)
    {
        // kube-openapi matches patterns with Go's RE2; ECMAScript mode keeps \d and \w ASCII-only as RE2 does, and
        // patterns .NET's ECMAScript mode refuses (\p{L} classes) are retried with the default engine.
        foreach (var options in new[] { RegexOptions.ECMAScript | RegexOptions.CultureInvariant, RegexOptions.CultureInvariant })
        {
            try
            {
                return new Regex(pattern, options, PatternTimeout);
            }
            catch (ArgumentException)
            {
            }
        }

        _errors.Add(FieldErrors.Invalid(path, pattern, "must be a valid regular expression, but isn't"));
        return null;
    }

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool Bool(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static double? Number(JsonObject o, string name) => o[name] is JsonValue v && JsonNumbers.TryDouble(v, out var d) ? d : null;

    private static long? Integer(JsonObject o, string name) =>
        o[name] is JsonValue v && JsonNumbers.TryDouble(v, out var d) ? (long)d : null;

    private static List<string> Strings(JsonObject o, string name) =>
        o[name] is JsonArray a ? a.Select(x => x is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList() : [];
}
