using System.Globalization;
using Mesh.Operator.Entities;
using Model = Mesh.XdsServer.Model;

namespace Mesh.Operator.Planning;

/// <summary>spec.observability -> the sidecars' access log and tracing settings. Metrics need nothing from the
/// translator: the bootstrap's 15090 listener serves them and the injector annotates the pod for scraping.</summary>
internal static class ObservabilityModelBuilder
{
    public static Model.ObservabilityPolicy Build(MeshPolicySpec spec) => new()
    {
        AccessLog = MeshPolicyDefaults.AccessLogEnabledOf(spec)
            ? MeshPolicyDefaults.AccessLogFormatOf(spec) == AccessLogFormat.Text ? Model.AccessLogFormat.Text : Model.AccessLogFormat.Json
            : null,
        Tracing = MeshPolicyDefaults.TracingEnabledOf(spec) && Endpoint(spec.Observability?.Tracing?.Endpoint) is var (host, port)
            ? new Model.TracingPolicy { Host = host, Port = port, SamplingPercent = MeshPolicyDefaults.SamplingPercentOf(spec) }
            : null,
    };

    /// <summary><c>host:port</c> (the CRD pattern guarantees the shape; a port outside 1-65535 is refused by the rule).</summary>
    public static (string Host, int Port)? Endpoint(string? endpoint)
    {
        var colon = endpoint?.LastIndexOf(':') ?? -1;
        if (endpoint is null || colon <= 0
            || !int.TryParse(endpoint[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            return null;
        }
        return (endpoint[..colon], port);
    }
}
