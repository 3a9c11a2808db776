namespace Mesh.Operator.Tests.Certificates;

public sealed class GoldenFileTests
{
    [Fact]
    public void A_golden_mismatch_names_the_first_differing_line_and_the_way_to_update()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mesh-golden-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "a: 1\nb: 2\nc: 3\n");
        try
        {
            var act = () => GoldenFile.Match(path, "a: 1\nb: 20\nc: 3\n");

            act.Should().Throw<Xunit.Sdk.XunitException>()
                .WithMessage("*MESH_UPDATE_GOLDEN=1 rewrites it*first difference at line 2*- b: 2*+ b: 20*");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
