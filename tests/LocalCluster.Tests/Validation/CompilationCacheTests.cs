using Mesh.LocalCluster.Validation;

namespace Mesh.LocalCluster.Tests.Validation;

[Collection(nameof(CompilationCounterCollection))]
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

        var before = CelCompiler.CompilationCount;
        var failures = objects.Count(o => SchemaAdmission.Admit(schema, o, null, false).Errors.Count > 0);
        var compiled = CelCompiler.CompilationCount - before;

        failures.Should().Be(0);
        compiled.Should().Be(0, "Admit must reuse the programs compiled by StructuralSchema.Parse");
    }

    [Fact]
    public void A_remembered_outcome_is_reported_at_each_path_where_the_value_repeats()
    {
        var errors = SchemaAdmission.Admit(TestSchemas.Policy, TestSchemas.Resource("""
            spec:
              mode: Strict
              services:
              - name: a
                routes: [{backends: [{weight: 10}]}, {backends: [{weight: 10}]}]
              - name: b
                routes: [{backends: [{weight: 10}]}]
            """), null, false).Errors;
        errors.Select(e => e.Field).Should().Equal(
            "spec.services[0].routes[0].backends", "spec.services[0].routes[1].backends", "spec.services[1].routes[0].backends");
    }

    [Fact]
    public void Concurrent_admissions_on_one_schema_agree()
    {
        var schema = TestSchemas.WithSpecRules("weights: {type: array, items: {type: integer}}", "- rule: self.weights.sum() == 100\n  message: sum");
        var results = Enumerable.Range(0, 200).AsParallel().WithDegreeOfParallelism(4)
            .Select(i => (i, SchemaAdmission.Admit(schema, Yaml.Obj($"apiVersion: v1\nkind: X\nmetadata: {{name: o{i}}}\nspec: {{weights: [{i % 7}, {100 - (i % 5)}]}}"), null, false).Errors.Count))
            .ToList();
        results.Should().OnlyContain(r => r.Count == ((r.i % 7) - (r.i % 5) == 0 ? 0 : 1));
    }
}
