using System.Reflection;
using System.Text.Json.Nodes;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities.Tests;

public sealed class SampleCoverageTests
{
    private static IReadOnlyList<JsonNode> Specs() =>
        SampleDocuments.OfKind(MeshPolicy.KubeGroupVersion, MeshPolicy.KubeKind).Select(d => d.Tree["spec"]!).ToList();

    [Fact]
    public void Together_the_sample_policies_set_every_field_of_the_spec()
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in Specs())
        {
            Collect(spec, "", used);
        }

        var paths = EntityModel.Paths(typeof(MeshPolicySpec)).ToList();

        paths.Should().HaveCountGreaterThan(100).And.Contain("services[].routes[].retries.retryOn");
        paths.Where(p => !used.Contains(p))
            .Should().BeEmpty("config/samples must show every capability of the API");
    }

    [Fact]
    public void Together_the_sample_policies_use_every_enum_value()
    {
        var strings = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in Specs())
        {
            CollectStrings(spec, strings);
        }

        EntityModel.Enums(typeof(MeshPolicySpec)).Should().HaveCountGreaterThan(12);
        var missing = EntityModel.Enums(typeof(MeshPolicySpec))
            .SelectMany(e => Enum.GetNames(e).Select(n => $"{e.Name}.{n}"))
            .Where(v => !strings.Contains(v[(v.IndexOf('.', StringComparison.Ordinal) + 1)..]))
            .ToList();
        var retryOn = typeof(RetryPolicy).GetProperty(nameof(RetryPolicy.RetryOn))!.GetCustomAttribute<EnumAttribute>()!.Values;
        missing.AddRange(retryOn.Where(v => !strings.Contains(v)).Select(v => "retryOn." + v));

        missing.Should().BeEmpty("config/samples must show every value of every enum");
    }

    private static void Collect(JsonNode? node, string path, HashSet<string> used)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    var child = path.Length == 0 ? key : $"{path}.{key}";
                    used.Add(child);
                    Collect(value, child, used);
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Collect(item, path + "[]", used);
                }

                break;
        }
    }

    private static void CollectStrings(JsonNode? node, HashSet<string> strings) =>
        strings.UnionWith(YamlTree.DescendantsAndSelf(node).OfType<JsonValue>()
            .Where(v => v.GetValueKind() == System.Text.Json.JsonValueKind.String).Select(v => v.GetValue<string>()));
}
