using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mesh.Operator.Planning;

namespace Mesh.Operator.Tests.Planning;

/// <summary>The readable JSON form of a plan that golden files hold.</summary>
internal static class PlanJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize(MeshPlan plan) => JsonSerializer.Serialize(new
    {
        plan.Namespace,
        plan.PolicyName,
        plan.Generation,
        plan.IsAccepted,
        Problems = plan.Problems.Select(p => new { p.Severity, p.Field, p.Reason, p.Message }),
        plan.SelectedPods,
        Identities = plan.Identities.Select(i => i.SpiffeId(plan.TrustDomain)),
        plan.Egress,
        plan.Observability,
        plan.Services,
    }, Options) + "\n";
}
