using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using k8s.Models;
using Mesh.Operator.Entities.Schema;

namespace Mesh.CrdGen;

/// <summary>
/// Builds the structural OpenAPI v3 schema of an entity type by reflection: JSON names from [JsonPropertyName], required
/// from C#'s <c>required</c>, bounds, patterns, enums and CEL rules from the attributes in Mesh.Operator.Entities.Schema.
/// </summary>
internal sealed class SchemaBuilder(XmlDocs docs)
{
    // Go time.ParseDuration syntax without a sign (no Mesh duration may be negative).
    internal const string DurationPattern = "^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$";

    // The pattern Kubernetes puts on resource.Quantity fields.
    internal const string QuantityPattern =
        "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";

    /// <summary>The schema of an object type: its properties, required list and type-level CEL rules.</summary>
    public OrderedDictionary<string, object> ObjectSchema(Type type, string? description = null)
    {
        var schema = new OrderedDictionary<string, object> { ["type"] = "object" };
        AddDescription(schema, description ?? docs.Of(type));

        var properties = new OrderedDictionary<string, object>();
        var required = new List<string>();
        foreach (var property in JsonProperties(type))
        {
            var name = JsonName(property);
            properties[name] = PropertySchema(property);
            if (property.IsDefined(typeof(RequiredMemberAttribute)))
            {
                required.Add(name);
            }
        }

        schema["properties"] = properties;
        if (required.Count > 0)
        {
            schema["required"] = required;
        }

        AddRules(schema, type.GetCustomAttributes<CelRuleAttribute>());
        return schema;
    }

    /// <summary>The properties serialized to JSON, in declaration order.</summary>
    internal static IEnumerable<PropertyInfo> JsonProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.IsDefined(typeof(JsonPropertyNameAttribute)) && !p.IsDefined(typeof(JsonIgnoreAttribute)))
            .OrderBy(p => p.MetadataToken);

    internal static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name;

    private OrderedDictionary<string, object> PropertySchema(PropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var description = docs.Of(property);
        OrderedDictionary<string, object> schema;
        if (ListItemType(type) is { } itemType)
        {
            schema = new OrderedDictionary<string, object> { ["type"] = "array" };
            AddDescription(schema, description);
            var items = ValueSchema(itemType, null);
            ApplyScalarAttributes(items, property, itemType);
            schema["items"] = items;
            ApplyCountBounds(schema, property, "minItems", "maxItems");
            if (property.GetCustomAttribute<LengthAttribute>() is { ItemMax: >= 0 } length)
            {
                items["maxLength"] = length.ItemMax;
            }

            if (property.GetCustomAttribute<ListMapAttribute>() is { } listMap)
            {
                schema["x-kubernetes-list-type"] = "map";
                schema["x-kubernetes-list-map-keys"] = listMap.Keys.ToList();
            }
        }
        else if (MapValueType(type) is { } valueType)
        {
            schema = new OrderedDictionary<string, object> { ["type"] = "object" };
            AddDescription(schema, description);
            schema["additionalProperties"] = ValueSchema(valueType, null);
            ApplyCountBounds(schema, property, "minProperties", "maxProperties");
        }
        else
        {
            schema = ValueSchema(type, description);
            ApplyScalarAttributes(schema, property, type);
            if (type == typeof(string))
            {
                ApplyCountBounds(schema, property, "minLength", "maxLength");
            }
        }

        if (property.GetCustomAttribute<SchemaDefaultAttribute>() is { } schemaDefault)
        {
            schema["default"] = schemaDefault.Value;
        }

        AddRules(schema, property.GetCustomAttributes<CelRuleAttribute>());
        return schema;
    }

    private OrderedDictionary<string, object> ValueSchema(Type type, string? description)
    {
        if (type == typeof(ResourceQuantity))
        {
            var quantity = new OrderedDictionary<string, object>();
            AddDescription(quantity, description);
            quantity["anyOf"] = new List<object>
            {
                new OrderedDictionary<string, object> { ["type"] = "integer" },
                new OrderedDictionary<string, object> { ["type"] = "string" },
            };
            quantity["pattern"] = QuantityPattern;
            quantity["x-kubernetes-int-or-string"] = true;
            return quantity;
        }

        if (!IsScalar(type))
        {
            return ObjectSchema(type, description);
        }

        var schema = new OrderedDictionary<string, object> { ["type"] = ScalarType(type) };
        AddDescription(schema, description);
        if (type == typeof(int))
        {
            schema["format"] = "int32";
        }
        else if (type == typeof(long))
        {
            schema["format"] = "int64";
        }
        else if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            schema["format"] = "date-time";
        }
        else if (type.IsEnum)
        {
            schema["enum"] = Enum.GetNames(type).ToList();
        }

        return schema;
    }

    private static void ApplyScalarAttributes(OrderedDictionary<string, object> schema, PropertyInfo property, Type type)
    {
        if (property.GetCustomAttribute<EnumAttribute>() is { } values)
        {
            schema["enum"] = values.Values.ToList();
        }

        if (property.GetCustomAttribute<FormatAttribute>() is { } format)
        {
            schema["format"] = format.Format;
        }

        if (property.GetCustomAttribute<MinimumAttribute>() is { } minimum)
        {
            schema["minimum"] = Number(minimum.Value, type);
        }

        if (property.GetCustomAttribute<MaximumAttribute>() is { } maximum)
        {
            schema["maximum"] = Number(maximum.Value, type);
        }

        if (property.GetCustomAttribute<PatternAttribute>() is { } pattern)
        {
            schema["pattern"] = pattern.Pattern;
        }

        if (property.GetCustomAttribute<DurationAttribute>() is { } duration)
        {
            schema["pattern"] = DurationPattern;
            schema["maxLength"] = 64;
            var rules = new List<object>
            {
                Rule(new CelRuleAttribute(
                    duration.AllowZero ? "duration(self) >= duration('0s')" : "duration(self) > duration('0s')",
                    duration.AllowZero
                        ? "must be a duration such as 500ms, 2s, 1m30s or 24h (0s for none)"
                        : "must be a positive duration such as 500ms, 2s, 1m30s or 24h")),
            };
            schema["x-kubernetes-validations"] = rules;
        }
    }

    private static object Number(double value, Type type) =>
        type == typeof(double) || type == typeof(float) ? value : (object)(long)value;

    private static void ApplyCountBounds(OrderedDictionary<string, object> schema, PropertyInfo property, string min, string max)
    {
        if (property.GetCustomAttribute<LengthAttribute>() is not { } length)
        {
            return;
        }

        if (length.Min >= 0)
        {
            schema[min] = length.Min;
        }

        if (length.Max >= 0)
        {
            schema[max] = length.Max;
        }
    }

    private static void AddRules(OrderedDictionary<string, object> schema, IEnumerable<CelRuleAttribute> rules)
    {
        var list = rules.Select(Rule).ToList();
        if (list.Count == 0)
        {
            return;
        }

        if (schema.TryGetValue("x-kubernetes-validations", out var existing))
        {
            ((List<object>)existing).AddRange(list);
        }
        else
        {
            schema["x-kubernetes-validations"] = list;
        }
    }

    private static OrderedDictionary<string, object> Rule(CelRuleAttribute rule)
    {
        var entry = new OrderedDictionary<string, object> { ["rule"] = rule.Rule, ["message"] = rule.Message };
        if (rule.FieldPath is { } fieldPath)
        {
            entry["fieldPath"] = fieldPath;
        }

        if (rule.Reason is { } reason)
        {
            entry["reason"] = reason;
        }

        return entry;
    }

    private static void AddDescription(OrderedDictionary<string, object> schema, string? description)
    {
        if (!string.IsNullOrEmpty(description))
        {
            schema["description"] = description;
        }
    }

    internal static bool IsScalar(Type type) =>
        type == typeof(string) || type == typeof(bool) || type == typeof(int) || type == typeof(long) ||
        type == typeof(double) || type == typeof(float) || type == typeof(DateTime) || type == typeof(DateTimeOffset) ||
        type.IsEnum;

    internal static string ScalarType(Type type) => type switch
    {
        _ when type == typeof(string) || type.IsEnum || type == typeof(DateTime) || type == typeof(DateTimeOffset) => "string",
        _ when type == typeof(bool) => "boolean",
        _ when type == typeof(int) || type == typeof(long) => "integer",
        _ when type == typeof(double) || type == typeof(float) => "number",
        _ => throw new NotSupportedException($"{type} is not a scalar."),
    };

    internal static Type? ListItemType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var definition &&
        (definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(List<>))
            ? type.GetGenericArguments()[0]
            : null;

    internal static Type? MapValueType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var definition &&
        (definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(Dictionary<,>)) &&
        type.GetGenericArguments()[0] == typeof(string)
            ? type.GetGenericArguments()[1]
            : null;
}
