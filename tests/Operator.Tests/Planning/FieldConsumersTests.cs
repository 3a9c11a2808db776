using System.Text.Json.Nodes;
using Mesh.LocalCluster.Http;
using Mesh.Operator.Planning;
using Mesh.Testing;

namespace Mesh.Operator.Tests.Planning;

/// <summary>
/// Issue 12 item 8, no field silently ignored: the CRD schema's spec fields and <see cref="FieldConsumers.Table"/>
/// name the same set, and every consumer the table names is a real type.
/// </summary>
public sealed class FieldConsumersTests
{
    private static readonly string Crd = RepoPaths.Of("config", "crd", "mesh.dev_meshpolicies.yaml");

    [Fact]
    public void Every_spec_field_of_the_crd_has_a_consumer()
    {
        var fields = SpecFields(CrdSpecSchema());

        fields.Should().HaveCountGreaterThan(50, "the walk must reach the leaves");
        fields.Except(FieldConsumers.Table.Keys).Should().BeEmpty("each field needs a row in FieldConsumers naming what reads it");
    }

    [Fact]
    public void Every_field_in_the_table_exists_in_the_crd()
    {
        FieldConsumers.Table.Keys.Except(SpecFields(CrdSpecSchema())).Should().BeEmpty("a row for a field the CRD no longer has is stale");
    }

    [Fact]
    public void Every_consumer_is_a_type_of_the_operator_or_the_xds_server()
    {
        var types = typeof(FieldConsumers).Assembly.GetTypes().Concat(typeof(Mesh.XdsServer.Model.ProxyScope).Assembly.GetTypes())
            .Select(t => t.Name).ToHashSet(StringComparer.Ordinal);

        FieldConsumers.Table.SelectMany(row => row.Value.Types.Select(t => (Field: row.Key, Type: t)))
            .Where(c => !types.Contains(c.Type)).Should().BeEmpty();
        FieldConsumers.Table.Values.Should().OnlyContain(c => c.Types.Count > 0 && c.How.Length > 0);
    }

    [Fact]
    public void The_walk_finds_a_new_nested_field_so_a_missing_row_fails()
    {
        var schema = JsonNode.Parse("""
            { "type": "object", "properties": {
                "services": { "type": "array", "items": { "type": "object", "properties": {
                    "name": { "type": "string" },
                    "shiny": { "type": "object", "properties": { "knob": { "type": "integer" } } } } } },
                "tags": { "type": "array", "items": { "type": "string" } },
                "labels": { "type": "object", "additionalProperties": { "type": "string" } } } }
            """)!.AsObject();

        SpecFields(schema).Should().BeEquivalentTo("spec.services[].name", "spec.services[].shiny.knob", "spec.tags", "spec.labels");
    }

    private static JsonObject CrdSpecSchema()
    {
        var crd = YamlToJson.Documents(File.ReadAllText(Crd)).Single();
        return crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!.AsObject();
    }

    /// <summary>Leaf paths: objects with properties recurse, arrays of such objects recurse as <c>[]</c>, anything else is a leaf.</summary>
    private static List<string> SpecFields(JsonObject schema)
    {
        var fields = new List<string>();
        Walk(schema, "spec", fields);
        return fields;
    }

    private static void Walk(JsonObject node, string path, List<string> fields)
    {
        if (node["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in properties)
            {
                Walk(child!.AsObject(), $"{path}.{name}", fields);
            }
        }
        else if ((string?)node["type"] == "array" && node["items"] is JsonObject { } items && items["properties"] is JsonObject)
        {
            foreach (var (name, child) in items["properties"]!.AsObject())
            {
                Walk(child!.AsObject(), $"{path}[].{name}", fields);
            }
        }
        else
        {
            fields.Add(path);
        }
    }
}
