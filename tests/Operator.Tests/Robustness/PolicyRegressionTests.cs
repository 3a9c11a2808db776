using System.Text.Json.Nodes;

namespace Mesh.Operator.Tests.Robustness;

/// <summary>
/// Policies the property tests and the fuzzer found, each kept as a case: the CRD admits it, and then it is either
/// refused by the planner with a problem at the field, or it translates to resources Envoy accepts. Never an
/// exception, never a config Envoy would NACK.
/// </summary>
public sealed class PolicyRegressionTests
{
    private const string Reviews = "{'name':'reviews','ports':[{'port':9080,'protocol':'HTTP'}],'subsets':[{'name':'v1','labels':{'version':'v1'}}],";

    public static TheoryData<string, string> Cases() => new()
    {
        // Property test seed 9bJeBFEDB4B1: 1ns rounded to TimeSpan.Zero, which Envoy's interval (gt 0s) refuses.
        { "outlier interval 1ns", Reviews + "'outlierDetection':{'interval':'1ns','baseEjectionTime':'500ms'}}" },
        { "outlier interval 0s", Reviews + "'outlierDetection':{'interval':'0s'}}" },
        { "outlier ejection 0s", Reviews + "'outlierDetection':{'baseEjectionTime':'0s'}}" },
        { "route timeout 1ns", Reviews + "'routes':[{'name':'r','backends':[{'subset':'v1'}],'timeout':'1ns'}]}" },
        { "per try timeout 0s", Reviews + "'routes':[{'name':'r','backends':[{'subset':'v1'}],'retries':{'attempts':2,'perTryTimeout':'0s'}}]}" },
        { "per try timeout 1ns", Reviews + "'routes':[{'name':'r','backends':[{'subset':'v1'}],'retries':{'attempts':2,'perTryTimeout':'1ns'}}]}" },
        { "fault delay 0s", Reviews + "'routes':[{'name':'r','backends':[{'subset':'v1'}],'fault':{'delay':{'percent':5,'duration':'0s'}}}]}" },
        { "fault delay 1ns", Reviews + "'routes':[{'name':'r','backends':[{'subset':'v1'}],'fault':{'delay':{'percent':5,'duration':'1ns'}}}]}" },
        { "huge timeout", Reviews + "'routes':[{'name':'r','backends':[{'subset':'v1'}],'timeout':'2562047h'}]}" },
        { "huge ejection", Reviews + "'outlierDetection':{'baseEjectionTime':'2562047h','interval':'2562047h'}}" },
        { "max circuit breaker", Reviews + "'circuitBreaker':{'maxConnections':2147483647,'maxPendingRequests':2147483647,'maxRequests':2147483647,'maxRetries':2147483647}}" },
        { "max rate limit", Reviews + "'rateLimit':{'requestsPerSecond':2147483647,'burst':2147483647}}" },
        { "zero weights", Reviews + "'routes':[{'name':'r','backends':[{'subset':'v1','weight':0}]}]}" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_admitted_policy_is_refused_at_its_field_or_translates_to_valid_resources(string name, string service)
    {
        var spec = "{'workloads':{'selector':{'matchLabels':{'app':'reviews'}}},'services':[" + service + "]}";
        var policy = new JsonObject
        {
            ["apiVersion"] = "mesh.dev/v1alpha1",
            ["kind"] = "MeshPolicy",
            ["metadata"] = new JsonObject { ["name"] = "p", ["namespace"] = "shop" },
            ["spec"] = JsonNode.Parse(spec.Replace('\'', '"')),
        };

        var outcome = PolicyPipeline.Run(policy);

        if (!outcome.Admitted)
        {
            return;
        }

        if (outcome.Plan!.IsAccepted)
        {
            outcome.Errors.Should().BeEmpty($"case {name} was accepted, so Envoy must accept its resources");
        }
        else
        {
            outcome.Plan.Errors.Should().OnlyContain(e => e.Field.StartsWith("spec.services[0]", StringComparison.Ordinal), name);
        }
    }
}
