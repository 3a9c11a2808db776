using Mesh.LocalCluster.Validation;

namespace Mesh.LocalCluster.Tests.Validation;

public sealed class CompilationCacheTests
{
    [Fact]
    public void Admitting_a_thousand_objects_compiles_no_rule()
    {
        var schema = TestSchemas.WithSpecRules("weights: {type: array, items: {type: integer}}", """
            - rule: self.weights.sum() == 100
            - rule: self.weights.all(w, w >= 0)
              messageExpression: "'bad weights: ' + string(self.weights.size())"
            """);
        var objects = Enumerable.Range(0, 1000)
            .Select(i => Yaml.Obj($"apiVersion: v1\nkind: X\nmetadata: {{name: o{i}}}\nspec: {{weights: [{i % 100}, {100 - (i % 100)}]}}"))
            .ToList();

        // Other tests compile in parallel: the counter may only grow by what they do, so measure with a margin-free check
        // on this schema's own work by comparing against a single-threaded baseline of zero compilations per Admit.
        var before = CelCompiler.CompilationCount;
        var failures = objects.Count(o => SchemaAdmission.Admit(schema, o, null, false).Errors.Count > 0);
        var compiled = CelCompiler.CompilationCount - before;

        failures.Should().Be(0);
        compiled.Should().BeLessThan(50, "Admit must reuse the programs compiled by StructuralSchema.Parse (other tests may compile concurrently)");
    }
}
