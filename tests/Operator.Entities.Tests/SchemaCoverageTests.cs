using System.Reflection;
using System.Text.Json.Nodes;
using k8s.Models;
using Mesh.CrdGen;
using Mesh.Operator.Entities.Schema;
using Mesh.Testing;

namespace Mesh.Operator.Entities.Tests;

public sealed class SchemaCoverageTests
{
    private static readonly Lazy<JsonObject> Schema = new(() =>
    {
        var crd = YamlTree.Load(File.ReadAllText(Path.Combine(RepoPaths.Crd, CrdGenerator.MeshPolicyFileName)))!;
        return crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject();
    });

    [Fact]
    public void Every_spec_property_has_a_schema_entry_of_the_same_type_and_vice_versa()
    {
        var problems = new List<string>();

        CheckObject(typeof(MeshPolicySpec), Schema.Value["properties"]!["spec"]!.AsObject(), "spec", problems);

        problems.Should().BeEmpty("the CRD must describe the C# types exactly; regenerate with " + CrdGenerator.RegenerateCommand);
    }

    [Fact]
    public void Every_status_property_has_a_schema_entry_of_the_same_type_and_vice_versa()
    {
        var problems = new List<string>();

        CheckObject(typeof(MeshPolicyStatus), Schema.Value["properties"]!["status"]!.AsObject(), "status", problems);

        problems.Should().BeEmpty("the CRD must describe the C# types exactly; regenerate with " + CrdGenerator.RegenerateCommand);
    }

    [Fact]
    public void The_checker_reports_a_property_missing_from_the_schema_and_an_extra_schema_entry()
    {
        var schema = YamlTree.Load("""
            type: object
            properties:
              mode: {type: string, enum: [Permissive, Strict]}
              extra: {type: string}
            """)!.AsObject();
        var problems = new List<string>();

        CheckObject(typeof(MtlsSpec), schema, "spec.mtls", problems);

        problems.Should().Contain("spec.mtls.trustDomain: in the C# type, missing from the schema")
            .And.Contain("spec.mtls.extra: in the schema, not in the C# type")
            .And.Contain("spec.mtls.mode: enum Permissive, Strict in the schema, Permissive, Strict, Disabled in C#");
    }

    [Fact]
    public void Every_CEL_rule_of_the_types_is_in_the_CRD()
    {
        var yaml = File.ReadAllText(Path.Combine(RepoPaths.Crd, CrdGenerator.MeshPolicyFileName));
        var rules = typeof(MeshPolicy).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<CelRuleAttribute>()
                .Concat(t.GetProperties().SelectMany(p => p.GetCustomAttributes<CelRuleAttribute>())))
            .ToList();

        rules.Should().NotBeEmpty();
        rules.Should().OnlyContain(r => r.Name != null, "every rule has a name the invalid samples can refer to");
        rules.Select(r => r.Name).Should().OnlyHaveUniqueItems();
        var allRules = AllNodes(Schema.Value).OfType<JsonObject>()
            .Where(o => o.ContainsKey("rule")).Select(o => (string)o["rule"]!).ToHashSet();
        rules.Select(r => r.Rule).Should().BeSubsetOf(allRules, $"{yaml.Length} chars of CRD");
    }

    private static IEnumerable<JsonNode> AllNodes(JsonNode node) => node switch
    {
        JsonObject o => new[] { node }.Concat(o.Select(p => p.Value).OfType<JsonNode>().SelectMany(AllNodes)),
        JsonArray a => new[] { node }.Concat(a.OfType<JsonNode>().SelectMany(AllNodes)),
        _ => [node],
    };

    private static void CheckObject(Type type, JsonObject schema, string path, List<string> problems)
    {
        if ((string?)schema["type"] != "object")
        {
            problems.Add($"{path}: type {(string?)schema["type"]} in the schema, object in C#");
            return;
        }

        var properties = schema["properties"]?.AsObject() ?? [];
        var csharp = EntityModel.JsonProperties(type).ToDictionary(EntityModel.JsonName);
        foreach (var (name, property) in csharp)
        {
            if (properties[name] is JsonObject propertySchema)
            {
                CheckValue(EntityModel.Unwrap(property.PropertyType), propertySchema, $"{path}.{name}", problems, property);
            }
            else
            {
                problems.Add($"{path}.{name}: in the C# type, missing from the schema");
            }
        }

        foreach (var (name, _) in properties)
        {
            if (!csharp.ContainsKey(name))
            {
                problems.Add($"{path}.{name}: in the schema, not in the C# type");
            }
        }

        var required = (schema["required"]?.AsArray() ?? []).Select(n => (string)n!).Order().ToList();
        var requiredInCSharp = csharp.Where(p => EntityModel.IsRequired(p.Value)).Select(p => p.Key).Order().ToList();
        if (!required.SequenceEqual(requiredInCSharp))
        {
            problems.Add($"{path}: required [{string.Join(", ", required)}] in the schema, [{string.Join(", ", requiredInCSharp)}] in C#");
        }
    }

    private static void CheckValue(Type type, JsonObject schema, string path, List<string> problems, PropertyInfo? property)
    {
        var schemaType = (string?)schema["type"];
        if (type == typeof(ResourceQuantity))
        {
            if (schema["x-kubernetes-int-or-string"]?.GetValue<bool>() != true)
            {
                problems.Add($"{path}: a quantity must be x-kubernetes-int-or-string");
            }
        }
        else if (EntityModel.ListItem(type) is { } item)
        {
            Expect("array");
            if (schema["items"] is JsonObject items)
            {
                CheckValue(item, items, path + "[]", problems, property);
            }
        }
        else if (EntityModel.MapValue(type) is { } value)
        {
            Expect("object");
            if (schema["additionalProperties"] is JsonObject values)
            {
                CheckValue(value, values, path + "{}", problems, null);
            }
            else
            {
                problems.Add($"{path}: a map needs additionalProperties");
            }
        }
        else if (type.IsEnum)
        {
            Expect("string");
            var names = (schema["enum"]?.AsArray() ?? []).Select(n => (string)n!).ToList();
            if (!names.SequenceEqual(Enum.GetNames(type)))
            {
                problems.Add($"{path}: enum {string.Join(", ", names)} in the schema, {string.Join(", ", Enum.GetNames(type))} in C#");
            }
        }
        else if (type == typeof(string) || type == typeof(DateTime))
        {
            Expect("string");
            if (property?.GetCustomAttribute<EnumAttribute>() is { } values &&
                !(schema["enum"]?.AsArray() ?? []).Select(n => (string)n!).SequenceEqual(values.Values))
            {
                problems.Add($"{path}: enum differs from [Enum] on the C# property");
            }
        }
        else if (type == typeof(int) || type == typeof(long))
        {
            Expect("integer");
        }
        else if (type == typeof(bool))
        {
            Expect("boolean");
        }
        else if (type == typeof(double))
        {
            Expect("number");
        }
        else
        {
            CheckObject(type, schema, path, problems);
        }

        void Expect(string expected)
        {
            if (schemaType != expected)
            {
                problems.Add($"{path}: type {schemaType} in the schema, {expected} in C# ({type.Name})");
            }
        }
    }
}
