namespace Mesh.Operator.Planning.Rules;

/// <summary>
/// One check of a MeshPolicy against the namespace, beyond what the CRD schema and CEL rules can know.
/// Every rule runs on every plan, so that all problems are reported at once.
/// </summary>
internal interface IPolicyRule
{
    IEnumerable<PlanProblem> Check(PlanContext context);
}
