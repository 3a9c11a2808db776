using Mesh.Operator.Entities;
using Mesh.Operator.Planning;

namespace Mesh.Meshctl.Tests;

/// <summary>Each planner problem shape maps to its own stable code; a code set by a rule wins; unknown shapes are MESH0100.</summary>
public sealed class ProblemCodeTests
{
    [Theory]
    [InlineData("spec.services[0].name", ConditionReasons.ReferenceNotFound, "MESH0101")]
    [InlineData("spec.services[2].ports[1].port", ConditionReasons.ReferenceNotFound, "MESH0102")]
    [InlineData("spec.services[1].subsets[1]", ConditionReasons.ReferenceNotFound, "MESH0103")]
    [InlineData("spec.services[1].subsets", ConditionReasons.Valid, "MESH0104")]
    [InlineData("spec.services[0].name", ConditionReasons.Conflict, "MESH0105")]
    [InlineData("spec.services[0].routes[1].backends[0].subset", ConditionReasons.ReferenceNotFound, "MESH0106")]
    [InlineData("spec.services[0].routes[1].mirror.subset", ConditionReasons.ReferenceNotFound, "MESH0106")]
    [InlineData("spec.services[0].routes[1].backends[2].service", ConditionReasons.ReferenceNotFound, "MESH0107")]
    [InlineData("spec.services[0].routes[1].backends[2].port", ConditionReasons.ReferenceNotFound, "MESH0108")]
    [InlineData("spec.services[0].routes[1].mirror.port", ConditionReasons.Invalid, "MESH0109")]
    [InlineData("spec.services[0].routes[0].match.path.regex", ConditionReasons.Invalid, "MESH0110")]
    [InlineData("spec.services[0].routes[0].match.headers[3].regex", ConditionReasons.Invalid, "MESH0110")]
    [InlineData("spec.services[0].routes", ConditionReasons.Invalid, "MESH0111")]
    [InlineData("spec.services[0].ports", ConditionReasons.Valid, "MESH0112")]
    [InlineData("spec", ConditionReasons.Invalid, "MESH0113")]
    [InlineData("spec.egress.services[2]", ConditionReasons.ReferenceNotFound, "MESH0114")]
    [InlineData("spec.egress.hosts[0]", ConditionReasons.Invalid, "MESH0100")]
    public void A_problem_gets_the_code_of_its_shape(string field, string reason, string code)
    {
        ProblemCodes.Of(new PlanProblem(field, "m", reason, ProblemSeverity.Error)).Should().Be(code);
    }

    [Fact]
    public void A_code_set_by_the_rule_wins()
    {
        ProblemCodes.Of(new PlanProblem("spec.services[0].name", "m", ConditionReasons.Conflict, ProblemSeverity.Error) { Code = "MESH0199" })
            .Should().Be("MESH0199");
    }
}
