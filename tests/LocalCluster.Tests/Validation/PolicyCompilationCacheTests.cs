using Mesh.LocalCluster.Tests.Infrastructure;
using Mesh.LocalCluster.Validation;

namespace Mesh.LocalCluster.Tests.Validation;

/// <summary>A bound ValidatingAdmissionPolicy is compiled once per version, not at every write it judges.</summary>
[Collection(nameof(CompilationCounterCollection))]
public sealed class PolicyCompilationCacheTests(LocalApiFixture fixture) : IClassFixture<LocalApiFixture>
{
    [Fact]
    public async Task Writes_after_the_first_compile_no_expression_and_an_edit_compiles_again()
    {
        var ns = await fixture.NewNamespaceAsync("vap-cache");
        var policy = """
            {"metadata": {"name": "NS"}, "spec": {
              "matchConstraints": {"resourceRules": [{"apiGroups": [""], "apiVersions": ["v1"], "operations": ["CREATE"], "resources": ["configmaps"]}],
                                   "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "NS"}}},
              "variables": [{"name": "keys", "expression": "has(object.data) ? size(object.data) : 0"}],
              "validations": [{"expression": "variables.keys < 3", "messageExpression": "'too many: ' + string(variables.keys)"}]}}
            """.Replace("NS", ns, StringComparison.Ordinal);
        (await fixture.SendAsync(HttpMethod.Post, "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies", policy)).Status.Should().Be(201);
        (await fixture.SendAsync(HttpMethod.Post, "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings",
            $$$"""{"metadata": {"name": "{{{ns}}}"}, "spec": {"policyName": "{{{ns}}}", "validationActions": ["Deny"]}}""")).Status.Should().Be(201);
        (await CreateAsync(ns, "first", 1)).Should().Be(201);

        var before = CelCompiler.CompilationCount;
        var statuses = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            statuses.Add(await CreateAsync(ns, $"cm-{i}", i % 4));
        }

        CelCompiler.CompilationCount.Should().Be(before, "the compiled policy is kept for its resourceVersion");
        statuses.Should().Equal(Enumerable.Range(0, 20).Select(i => i % 4 < 3 ? 201 : 422));

        (await fixture.SendAsync(HttpMethod.Patch, $"/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/{ns}",
            """[{"op": "replace", "path": "/spec/validations/0/expression", "value": "variables.keys < 2"}]""", "application/json-patch+json")).Status.Should().Be(200);
        (await CreateAsync(ns, "after-edit", 2)).Should().Be(422, "the edited policy is compiled and judges at once");
    }

    private async Task<int> CreateAsync(string ns, string name, int keys)
    {
        var data = string.Join(", ", Enumerable.Range(0, keys).Select(k => $"\"k{k}\": \"v\""));
        return (await fixture.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", $$$"""{"metadata": {"name": "{{{name}}}"}, "data": { {{{data}}} }}""")).Status;
    }
}
