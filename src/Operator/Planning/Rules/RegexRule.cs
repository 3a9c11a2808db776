using Mesh.Operator.Entities;

namespace Mesh.Operator.Planning.Rules;

/// <summary>Header and path regexes compile under RE2, the engine Envoy uses (the API server cannot check this).</summary>
internal sealed class RegexRule : IPolicyRule
{
    public IEnumerable<PlanProblem> Check(PlanContext context)
    {
        for (var i = 0; i < context.Entries.Count; i++)
        {
            var routes = context.Entries[i].Routes ?? [];
            for (var j = 0; j < routes.Count; j++)
            {
                var match = routes[j].Match;
                var field = $"spec.services[{i}].routes[{j}].match";
                if (match?.Path?.Regex is { } pathRegex && Re2Syntax.Check(pathRegex) is { } pathError)
                {
                    yield return Problem($"{field}.path.regex", pathRegex, pathError);
                }
                var headers = match?.Headers ?? [];
                for (var k = 0; k < headers.Count; k++)
                {
                    if (headers[k].Regex is { } headerRegex && Re2Syntax.Check(headerRegex) is { } headerError)
                    {
                        yield return Problem($"{field}.headers[{k}].regex", headerRegex, headerError);
                    }
                }
            }
        }
    }

    private static PlanProblem Problem(string field, string regex, string error) =>
        new(field, $"regex \"{regex}\" {error}; rewrite it in RE2 syntax.", ConditionReasons.Invalid, ProblemSeverity.Error);
}
