using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>One HTTP route of a Service: a match and where matching requests go.</summary>
[CelRule("(size(self.backends) == 1 && !has(self.backends[0].weight)) || (self.backends.all(b, has(b.weight)) && self.backends.map(b, b.weight).sum() == 100)",
    "backend weights must add up to 100 (a single backend may omit its weight)",
    FieldPath = ".backends", Name = "backend-weights-sum-to-100")]
[CelRule("!has(self.retries) || !has(self.retries.perTryTimeout) || !has(self.timeout) || duration(self.timeout) == duration('0s') || duration(self.retries.perTryTimeout) <= duration(self.timeout)",
    "retries.perTryTimeout must not exceed the route timeout",
    FieldPath = ".retries.perTryTimeout", Name = "per-try-timeout-within-timeout")]
public sealed record RouteRule
{
    /// <summary>The route name, unique within the Service; named in status messages. Required.</summary>
    [JsonPropertyName("name")]
    [Length(Min = 1, Max = 63)]
    [Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    public required string Name { get; init; }

    /// <summary>Which requests this route takes; all given conditions must hold. Default: every request.</summary>
    [JsonPropertyName("match")]
    public RouteMatch? Match { get; init; }

    /// <summary>Where matching requests go, split by weight. Required, at least one.</summary>
    [JsonPropertyName("backends")]
    [Length(Min = 1, Max = 16)]
    public required IList<RouteBackend> Backends { get; init; }

    /// <summary>The whole-request timeout, a Go duration; <c>0s</c> disables it. Default: none (no timeout, as without the mesh).</summary>
    [JsonPropertyName("timeout")]
    [Duration(AllowZero = true)]
    public string? Timeout { get; init; }

    /// <summary>Retries of failed attempts. Default: none (no retries).</summary>
    [JsonPropertyName("retries")]
    public RetryPolicy? Retries { get; init; }

    /// <summary>Injected delays and aborts, for resilience testing. Default: none.</summary>
    [JsonPropertyName("fault")]
    public FaultInjection? Fault { get; init; }

    /// <summary>A copy of a share of the requests sent to another backend, responses discarded. Default: none.</summary>
    [JsonPropertyName("mirror")]
    public MirrorPolicy? Mirror { get; init; }
}
