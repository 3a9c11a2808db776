using System.Text.RegularExpressions;
using Mesh.Operator.Entities;

namespace Mesh.Operator.Planning;

/// <summary>
/// Stable diagnostic codes for the planner's problems (listed with a fix each in docs/analyze.md). Kept in one map,
/// keyed by the shape of the field path and the reason, so the rules need no edit to carry a code; a rule that sets
/// <see cref="PlanProblem.Code"/> itself wins. Codes are never reused or renumbered: tools and people grep for them.
/// </summary>
public static partial class ProblemCodes
{
    /// <summary>A planner problem that no entry below knows yet (a new rule): give it its own code.</summary>
    public const string Unclassified = "MESH0100";
    public const string ServiceMissing = "MESH0101";
    public const string ServicePortMissing = "MESH0102";
    public const string SubsetSelectsNoPod = "MESH0103";
    public const string SubsetsWithoutPodEndpoints = "MESH0104";
    public const string ServiceGovernedByOlderPolicy = "MESH0105";
    public const string BackendSubsetUndefined = "MESH0106";
    public const string BackendServiceMissing = "MESH0107";
    public const string BackendPortMissing = "MESH0108";
    public const string BackendPortAmbiguous = "MESH0109";
    public const string RegexNotRe2 = "MESH0110";
    public const string RoutesOnTcpOnlyService = "MESH0111";
    public const string PortProtocolUnknown = "MESH0112";
    public const string ConfigRefusedBeforeSending = "MESH0113";
    public const string EgressServiceMissing = "MESH0114";

    /// <summary>The code of <paramref name="problem"/>: its own when set, else derived from its field and reason.</summary>
    public static string Of(PlanProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.Code.Length > 0)
        {
            return problem.Code;
        }

        var field = problem.Field;
        var reason = problem.Reason;
        return field switch
        {
            "spec" => ConfigRefusedBeforeSending,
            _ when EgressService().IsMatch(field) && reason == ConditionReasons.ReferenceNotFound => EgressServiceMissing,
            _ when EntryName().IsMatch(field) => reason == ConditionReasons.Conflict ? ServiceGovernedByOlderPolicy : ServiceMissing,
            _ when EntryPort().IsMatch(field) => ServicePortMissing,
            _ when EntryPorts().IsMatch(field) => PortProtocolUnknown,
            _ when EntrySubset().IsMatch(field) => SubsetSelectsNoPod,
            _ when EntrySubsets().IsMatch(field) => SubsetsWithoutPodEndpoints,
            _ when EntryRoutes().IsMatch(field) => RoutesOnTcpOnlyService,
            _ when field.EndsWith(".regex", StringComparison.Ordinal) => RegexNotRe2,
            _ when Target().Match(field) is { Success: true } m => m.Groups[1].Value switch
            {
                "subset" => BackendSubsetUndefined,
                "service" => BackendServiceMissing,
                _ => reason == ConditionReasons.ReferenceNotFound ? BackendPortMissing : BackendPortAmbiguous,
            },
            _ => Unclassified,
        };
    }

    [GeneratedRegex(@"^spec\.egress\.services\[\d+\]$")]
    private static partial Regex EgressService();

    [GeneratedRegex(@"^spec\.services\[\d+\]\.name$")]
    private static partial Regex EntryName();

    [GeneratedRegex(@"^spec\.services\[\d+\]\.ports\[\d+\]\.port$")]
    private static partial Regex EntryPort();

    [GeneratedRegex(@"^spec\.services\[\d+\]\.ports$")]
    private static partial Regex EntryPorts();

    [GeneratedRegex(@"^spec\.services\[\d+\]\.subsets\[\d+\]$")]
    private static partial Regex EntrySubset();

    [GeneratedRegex(@"^spec\.services\[\d+\]\.subsets$")]
    private static partial Regex EntrySubsets();

    [GeneratedRegex(@"^spec\.services\[\d+\]\.routes$")]
    private static partial Regex EntryRoutes();

    [GeneratedRegex(@"^spec\.services\[\d+\]\.routes\[\d+\]\.(?:backends\[\d+\]|mirror)\.(subset|service|port)$")]
    private static partial Regex Target();
}
