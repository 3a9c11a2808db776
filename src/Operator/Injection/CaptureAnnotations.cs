using System.Globalization;
using System.Net;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Injection;

/// <summary>
/// The pod's <c>traffic.mesh.dev/*</c> annotations, checked and turned into <c>mesh-operator capture</c> flags.
/// Values are comma-separated lists; <c>*</c> means all (Istio's traffic.sidecar.istio.io/* syntax).
/// </summary>
public static class CaptureAnnotations
{
    private enum ValueKind
    {
        Ports,
        Cidrs,
    }

    private static readonly (string Annotation, string Flag, ValueKind Kind)[] Known =
    [
        (SidecarContract.IncludeInboundPortsAnnotation, SidecarContract.CaptureFlags.IncludeInboundPorts, ValueKind.Ports),
        (SidecarContract.ExcludeInboundPortsAnnotation, SidecarContract.CaptureFlags.ExcludeInboundPorts, ValueKind.Ports),
        (SidecarContract.ExcludeOutboundPortsAnnotation, SidecarContract.CaptureFlags.ExcludeOutboundPorts, ValueKind.Ports),
        (SidecarContract.IncludeOutboundIpRangesAnnotation, SidecarContract.CaptureFlags.IncludeOutboundIpRanges, ValueKind.Cidrs),
        (SidecarContract.ExcludeOutboundIpRangesAnnotation, SidecarContract.CaptureFlags.ExcludeOutboundIpRanges, ValueKind.Cidrs),
    ];

    /// <summary>One message per malformed annotation (empty when all are usable).</summary>
    public static IReadOnlyList<string> Problems(IDictionary<string, string>? annotations)
    {
        var problems = new List<string>();
        foreach (var (annotation, _, kind) in Known)
        {
            if (annotations?.TryGetValue(annotation, out var value) == true && Items(value) is var items && items.Any(i => !Valid(i, kind)))
            {
                var bad = items.First(i => !Valid(i, kind));
                problems.Add(kind == ValueKind.Ports
                    ? $"annotation {annotation}: \"{bad}\" is not a port; give comma-separated ports from 1 to 65535, or *"
                    : $"annotation {annotation}: \"{bad}\" is not a CIDR; give comma-separated CIDRs such as 10.0.0.0/8, or *");
            }
        }
        return problems;
    }

    /// <summary>
    /// The capture init container's args: the subcommand, the proxy's UID and ports, then one flag per annotation.
    /// <paramref name="extraExcludedInboundPorts"/> (ports of TCP and gRPC probes) join the excluded inbound ports.
    /// Call only when <see cref="Problems"/> found none.
    /// </summary>
    public static IReadOnlyList<string> Arguments(IDictionary<string, string>? annotations, IReadOnlyCollection<int> extraExcludedInboundPorts)
    {
        ArgumentNullException.ThrowIfNull(extraExcludedInboundPorts);
        var args = new List<string>
        {
            SidecarContract.CaptureCommand,
            SidecarContract.CaptureFlags.ProxyUid, SidecarContract.ProxyUid.ToString(CultureInfo.InvariantCulture),
            SidecarContract.CaptureFlags.InboundPort, SidecarContract.InboundCapturePort.ToString(CultureInfo.InvariantCulture),
            SidecarContract.CaptureFlags.OutboundPort, SidecarContract.OutboundCapturePort.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (annotation, flag, _) in Known)
        {
            string? value = null;
            var present = annotations?.TryGetValue(annotation, out value) == true;
            var items = present ? Items(value!) : [];
            if (flag == SidecarContract.CaptureFlags.IncludeInboundPorts && !present)
            {
                items = ["*"]; // every inbound port is captured unless the pod says otherwise; an empty annotation means none
            }
            if (flag == SidecarContract.CaptureFlags.ExcludeInboundPorts && extraExcludedInboundPorts.Count > 0 && !items.Contains("*"))
            {
                items = items.Concat(extraExcludedInboundPorts.Select(p => p.ToString(CultureInfo.InvariantCulture)))
                    .Distinct(StringComparer.Ordinal).ToList();
            }
            if (present || items.Count > 0)
            {
                // --flag=value keeps an empty list (none) a value of its own.
                args.Add($"{flag}={string.Join(",", items)}");
            }
        }
        return args;
    }

    private static List<string> Items(string value) =>
        value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    private static bool Valid(string item, ValueKind kind) => item == "*" || kind switch
    {
        ValueKind.Ports => int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535,
        _ => IPNetwork.TryParse(item, out _),
    };
}
