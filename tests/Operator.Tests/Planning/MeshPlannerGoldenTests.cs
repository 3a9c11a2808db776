using Mesh.Operator.Entities;
using Mesh.Operator.Planning;
using Mesh.Testing;

namespace Mesh.Operator.Tests.Planning;

/// <summary>
/// Golden cases: testdata/&lt;case&gt;/input.yaml (the planned MeshPolicy first, then the namespace) -> plan.json.
/// </summary>
public sealed class MeshPlannerGoldenTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(RepoPaths.Of("tests", "Operator.Tests", "Planning", "testdata")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plans_match_the_golden_files(string name)
    {
        var dir = RepoPaths.Of("tests", "Operator.Tests", "Planning", "testdata", name);
        var objects = PlanInput.LoadObjects(Path.Combine(dir, "input.yaml"));
        var policy = objects.OfType<MeshPolicy>().First();
        var plan = MeshPlanner.Plan(policy, PlanInput.StateOf(objects, policy.Metadata.NamespaceProperty));
        GoldenFile.Verify(Path.Combine(dir, "plan.json"), PlanJson.Serialize(plan));
    }
}
