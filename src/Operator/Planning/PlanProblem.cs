namespace Mesh.Operator.Planning;

/// <summary>Whether a problem stops the policy from being accepted.</summary>
public enum ProblemSeverity
{
    /// <summary>The policy is refused (Accepted=False); the proxies keep the last good config.</summary>
    Error,

    /// <summary>The policy is accepted; the warning is named in the Accepted message.</summary>
    Warning,
}

/// <summary>One thing wrong with a MeshPolicy, tied to the spec field it came from.</summary>
/// <param name="Field">The field path, e.g. <c>spec.services[0].routes[1].backends[0].subset</c>.</param>
/// <param name="Message">A sentence saying what is wrong and how to fix it.</param>
/// <param name="Reason">The condition reason this problem maps to (ConditionReasons).</param>
/// <param name="Severity">Error refuses the policy; Warning only reports.</param>
public sealed record PlanProblem(string Field, string Message, string Reason, ProblemSeverity Severity)
{
    /// <summary>
    /// A stable diagnostic code (MESH01xx, docs/analyze.md) when the rule sets one; empty otherwise, and
    /// <see cref="ProblemCodes.Of"/> then derives it from the field and reason.
    /// </summary>
    public string Code { get; init; } = "";

    public override string ToString() => $"{Field}: {Message}";
}
