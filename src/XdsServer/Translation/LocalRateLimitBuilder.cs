using Envoy.Config.Core.V3;
using Envoy.Extensions.Filters.Http.LocalRatelimit.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Type.V3;
using Mesh.XdsServer.Model;
using static Mesh.XdsServer.Translation.ProtoHelpers;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// The local rate limit of an inbound HTTP port: one token bucket per sidecar (so the limit is per pod), refilled with
/// requestsPerSecond tokens every second and holding at most burst. Excess requests get 429 with a header naming the
/// limit. Envoy's filter_enabled and filter_enforced default to 0%: both are set to 100%. When several services with
/// limits share a target port, the strictest limit applies (they share one chain).
/// </summary>
internal static class LocalRateLimitBuilder
{
    /// <summary>Response header naming the limit that refused (or counted) the request.</summary>
    public const string LimitHeader = "x-mesh-ratelimit";

    public static IEnumerable<HttpFilter> Filters(IEnumerable<MeshService> services, int targetPort)
    {
        var limited = services
            .Where(s => s.RateLimit is not null)
            .OrderBy(s => s.RateLimit!.RequestsPerSecond)
            .ThenBy(s => s.RateLimit!.Burst ?? s.RateLimit.RequestsPerSecond)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        if (limited?.RateLimit is not { } limit)
        {
            yield break;
        }
        var burst = Math.Max(limit.Burst ?? limit.RequestsPerSecond, limit.RequestsPerSecond);
        var config = new LocalRateLimit
        {
            StatPrefix = $"inbound_ratelimit_{targetPort}",
            Status = new HttpStatus { Code = StatusCode.TooManyRequests },
            TokenBucket = new TokenBucket
            {
                MaxTokens = (uint)burst,
                TokensPerFill = (uint)limit.RequestsPerSecond,
                FillInterval = Duration(TimeSpan.FromSeconds(1)),
            },
            FilterEnabled = Everyone("local_rate_limit_enabled"),
            FilterEnforced = Everyone("local_rate_limit_enforced"),
        };
        config.ResponseHeadersToAdd.Add(new HeaderValueOption
        {
            Header = new HeaderValue
            {
                Key = LimitHeader,
                Value = $"{limited.Name}.{limited.Namespace};rps={limit.RequestsPerSecond};burst={burst};per=pod",
            },
            AppendAction = HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExistsOrAdd,
        });
        yield return new HttpFilter { Name = XdsNames.LocalRateLimitFilter, TypedConfig = Pack(config) };
    }

    private static RuntimeFractionalPercent Everyone(string runtimeKey) => new()
    {
        DefaultValue = new FractionalPercent { Numerator = 100, Denominator = FractionalPercent.Types.DenominatorType.Hundred },
        RuntimeKey = runtimeKey,
    };
}
