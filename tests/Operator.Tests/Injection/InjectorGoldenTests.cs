using Mesh.Operator.Injection;
using Mesh.Operator.Tests.Planning;
using Mesh.Testing;

namespace Mesh.Operator.Tests.Injection;

/// <summary>
/// Golden cases: testdata/&lt;case&gt;/input.yaml (MeshPolicies, then the pod as the API server sends it) ->
/// expected.yaml (outcome, warnings, and the pod after the patch). MESH_UPDATE_GOLDEN=1 rewrites them.
/// </summary>
public sealed class InjectorGoldenTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(RepoPaths.Of("tests", "Operator.Tests", "Injection", "testdata")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Injected_pods_match_the_golden_files(string name)
    {
        var input = InjectionCase.Load(name);
        var result = input.Inject();
        GoldenFile.Verify(Path.Combine(InjectionCase.Dir(name), "expected.yaml"), input.Render(result));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Injecting_the_injected_pod_again_changes_nothing(string name)
    {
        var input = InjectionCase.Load(name);
        var first = input.Inject();
        var again = (input with { Pod = input.Patched(first) }).Inject();
        again.Patch.Should().BeEmpty();
        if (first.Outcome == InjectionOutcome.Injected)
        {
            again.Outcome.Should().Be(InjectionOutcome.AlreadyInjected);
        }
    }
}
