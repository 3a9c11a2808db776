using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Mesh.LocalCluster.OpenApi;

/// <summary>
/// OpenAPI v3 schemas of the built-in kinds, derived from KubernetesClient's model types (the same field names and
/// shapes kube-apiserver publishes; descriptions are not carried by the assembly, so fields show types only).
/// </summary>
internal static class ModelSchemas
{
    private const string MetaPrefix = "io.k8s.apimachinery.pkg.apis.meta.v1.";

    private static readonly Lazy<IReadOnlyDictionary<(string Group, string Version, string Kind), Type>> Entities = new(() =>
        typeof(V1Pod).Assembly.GetTypes()
            .Select(t => (Type: t, Attribute: t.GetCustomAttribute<KubernetesEntityAttribute>()))
            .Where(x => x.Attribute is { Kind.Length: > 0 } && x.Type.Namespace == "k8s.Models")
            .GroupBy(x => (x.Attribute!.Group ?? "", x.Attribute.ApiVersion ?? "", x.Attribute.Kind))
            .ToDictionary(g => g.Key, g => g.First().Type));

    // The meta/v1 types every kind refers to: named as kube-apiserver names them, so a CRD's metadata ref resolves.
    private static readonly HashSet<string> MetaTypes =
        ["ObjectMeta", "ListMeta", "LabelSelector", "LabelSelectorRequirement", "OwnerReference", "ManagedFieldsEntry", "Condition", "Status", "StatusDetails", "StatusCause"];

    /// <summary>Adds the schema of a built-in kind and every type it refers to; returns its name, or null when unknown.</summary>
    public static string? AddKind(string group, string version, string kind, JsonObject components)
    {
        if (!Entities.Value.TryGetValue((group, version, kind), out var type))
        {
            return null;
        }

        var name = AddType(type, components);
        components[name]!["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject
        {
            ["group"] = group,
            ["kind"] = kind,
            ["version"] = version,
        });
        return name;
    }

    /// <summary>The component name of ObjectMeta, added to <paramref name="components"/>.</summary>
    public static string AddObjectMeta(JsonObject components) => AddType(typeof(V1ObjectMeta), components);

    public static string NameOf(Type type)
    {
        var attribute = type.GetCustomAttribute<KubernetesEntityAttribute>();
        var (version, bare) = SplitVersion(type.Name);
        if (attribute is { Kind.Length: > 0 })
        {
            var group = attribute.Group ?? "";
            var prefix = group switch
            {
                "" => "io.k8s.api.core",
                "apiextensions.k8s.io" => "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions",
                _ => "io.k8s.api." + group.Split('.')[0],
            };
            return $"{prefix}.{attribute.ApiVersion}.{attribute.Kind}";
        }

        return MetaTypes.Contains(bare) && version == "v1" ? MetaPrefix + bare : $"io.k8s.api.{version}.{bare}";
    }

    private static string AddType(Type type, JsonObject components)
    {
        var name = NameOf(type);
        if (components.ContainsKey(name))
        {
            return name;
        }

        var properties = new JsonObject();
        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties };
        components[name] = schema; // before recursing: types refer to themselves (JSONSchemaProps)
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonPropertyNameAttribute>() is { } json)
            {
                properties[json.Name] = SchemaOf(property.PropertyType, components);
            }
        }

        return name;
    }

    private static JsonObject SchemaOf(Type type, JsonObject components)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }

        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = type == typeof(int) ? "int32" : "int64" };
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return new JsonObject { ["type"] = "number", ["format"] = "double" };
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "date-time" };
        }

        if (type == typeof(byte[]))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "byte" };
        }

        if (type == typeof(IntOrString))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "int-or-string", ["x-kubernetes-int-or-string"] = true };
        }

        if (type == typeof(ResourceQuantity))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "quantity" };
        }

        if (DictionaryValue(type) is { } value)
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = SchemaOf(value, components) };
        }

        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && ElementType(type) is { } element)
        {
            return new JsonObject { ["type"] = "array", ["items"] = SchemaOf(element, components) };
        }

        if (type.IsClass && type.Namespace == "k8s.Models")
        {
            var name = AddType(type, components);
            return new JsonObject { ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/schemas/" + name }) };
        }

        // object, JsonElement and the like: any JSON.
        return new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
    }

    private static Type? DictionaryValue(Type type) =>
        new[] { type }.Concat(type.GetInterfaces())
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>) && i.GetGenericArguments()[0] == typeof(string))
            .Select(i => i.GetGenericArguments()[1])
            .FirstOrDefault();

    private static Type? ElementType(Type type) =>
        type.IsArray
            ? type.GetElementType()
            : new[] { type }.Concat(type.GetInterfaces())
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                .Select(i => i.GetGenericArguments()[0])
                .FirstOrDefault();

    private static (string Version, string Bare) SplitVersion(string typeName)
    {
        // V1PodSpec -> (v1, PodSpec); V1beta1Foo -> (v1beta1, Foo); Corev1Event -> (v1, Event).
        var match = System.Text.RegularExpressions.Regex.Match(typeName, "^(?:[A-Z][a-z]+)?(V|v)(\\d+(?:alpha\\d+|beta\\d+)?)([A-Z].*)$");
        return match.Success ? ("v" + match.Groups[2].Value, match.Groups[3].Value) : ("v1", typeName);
    }
}
