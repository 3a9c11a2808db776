using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Mesh.XdsServer.Contract;
using Flags = Mesh.XdsServer.Contract.SidecarContract.CaptureFlags;

namespace Mesh.Operator.Capture;

/// <summary>
/// Parses the arguments of <c>mesh-operator capture</c>. Lists are comma-separated; <c>*</c> means all and an empty
/// value means none (as Istio's traffic.sidecar.istio.io annotations). Every mistake is reported at once.
/// </summary>
internal static class CaptureArguments
{
    public const string Usage = """
        Usage:
          mesh-operator capture [--proxy-uid 1337 (UID and GID)] [--inbound-port 15006] [--outbound-port 15001]
              [--include-inbound-ports *|P,P...] [--exclude-inbound-ports P,P...] [--exclude-outbound-ports P,P...]
              [--include-outbound-ip-ranges *|CIDR,CIDR...] [--exclude-outbound-ip-ranges CIDR,CIDR...] [--dry-run]
              Installs the sidecar's iptables nat rules in the current network namespace (the pod's, when run as its
              init container with NET_ADMIN and NET_RAW): inbound TCP to --inbound-port, outbound TCP to
              --outbound-port, the proxy's UID/GID and ports 15000,15001,15006,15020,15021,15090 never captured.
              --dry-run prints the iptables-restore input instead.
        """;

    /// <summary>The options, or the problems that stop them being used (then <c>Options</c> is null).</summary>
    public static (CaptureOptions? Options, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings) Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var errors = new List<string>();
        var warnings = new List<string>();
        var options = new CaptureOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var eq = arg.StartsWith("--", StringComparison.Ordinal) ? arg.IndexOf('=', StringComparison.Ordinal) : -1;
            var (name, inline) = eq > 0 ? (arg[..eq], arg[(eq + 1)..]) : (arg, (string?)null);
            string? Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                // An empty list ("") is a value; another flag is not.
                if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return args[++i];
                }

                errors.Add($"{name} needs a value.");
                return null;
            }

            switch (name)
            {
                case Flags.DryRun:
                    options = options with { DryRun = true };
                    break;
                case Flags.ProxyUid:
                    if (Number(name, Value(), 0, int.MaxValue, errors) is { } uid)
                    {
                        options = options with { ProxyUid = uid, ProxyGid = uid };
                    }

                    break;
                case Flags.InboundPort:
                    options = Number(name, Value(), 1, 65535, errors) is { } inbound ? options with { InboundPort = (int)inbound } : options;
                    break;
                case Flags.OutboundPort:
                    options = Number(name, Value(), 1, 65535, errors) is { } outbound ? options with { OutboundPort = (int)outbound } : options;
                    break;
                case Flags.IncludeInboundPorts:
                    if (Value() is { } include)
                    {
                        options = options with { IncludeInboundPorts = include.Trim() == "*" ? null : Ports(name, include, errors) };
                    }

                    break;
                case Flags.ExcludeInboundPorts:
                    options = Value() is { } excludeIn ? options with { ExcludeInboundPorts = Ports(name, excludeIn, errors) } : options;
                    break;
                case Flags.ExcludeOutboundPorts:
                    options = Value() is { } excludeOut ? options with { ExcludeOutboundPorts = Ports(name, excludeOut, errors) } : options;
                    break;
                case Flags.IncludeOutboundIpRanges:
                    if (Value() is { } ranges)
                    {
                        options = options with { IncludeOutboundIpRanges = ranges.Trim() == "*" ? null : Cidrs(name, ranges, errors, warnings) };
                    }

                    break;
                case Flags.ExcludeOutboundIpRanges:
                    options = Value() is { } excludeRanges ? options with { ExcludeOutboundIpRanges = Cidrs(name, excludeRanges, errors, warnings) } : options;
                    break;
                default:
                    errors.Add($"Unknown argument '{arg}' for {SidecarContract.CaptureCommand}; see --help.");
                    break;
            }
        }

        if (options.InboundPort == options.OutboundPort)
        {
            errors.Add($"{Flags.InboundPort} and {Flags.OutboundPort} are both {options.InboundPort}: inbound and outbound must reach different listeners.");
        }

        return errors.Count > 0 ? (null, errors, warnings) : (options, errors, warnings);
    }

    private static long? Number(string name, string? value, long min, long max, List<string> errors)
    {
        if (value is null)
        {
            return null;
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
        {
            return n;
        }

        errors.Add($"{name} '{value}' is not a number from {min} to {max}.");
        return null;
    }

    private static List<int> Ports(string name, string value, List<string> errors)
    {
        var ports = new List<int>();
        foreach (var item in Items(value))
        {
            if (item == "*")
            {
                errors.Add($"{name}: '*' must stand alone (it means every port).");
            }
            else if (Number(name, item, 1, 65535, errors) is { } port && !ports.Contains((int)port))
            {
                ports.Add((int)port);
            }
        }

        return ports;
    }

    private static List<string> Cidrs(string name, string value, List<string> errors, List<string> warnings)
    {
        var cidrs = new List<string>();
        foreach (var item in Items(value))
        {
            var slash = item.IndexOf('/', StringComparison.Ordinal);
            var addressText = slash < 0 ? item : item[..slash];
            if (!IPAddress.TryParse(addressText, out var address))
            {
                errors.Add($"{name}: '{item}' is not a CIDR such as 10.0.0.0/8.");
                continue;
            }

            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                // Only IPv4 rules are installed (iptables, not ip6tables): an IPv6 range cannot change them.
                warnings.Add($"{name}: ignoring the IPv6 range '{item}': only IPv4 traffic is captured.");
                continue;
            }

            var prefix = 32;
            if ((slash >= 0 && !int.TryParse(item[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out prefix)) || prefix is < 0 or > 32)
            {
                errors.Add($"{name}: '{item}' has a prefix length outside 0..32.");
                continue;
            }

            var cidr = Normalise(address, prefix);
            if (!cidrs.Contains(cidr, StringComparer.Ordinal))
            {
                cidrs.Add(cidr);
            }
        }

        return cidrs;
    }

    /// <summary>Clears the host bits, as iptables itself would (<c>10.1.2.3/8</c> is <c>10.0.0.0/8</c>).</summary>
    private static string Normalise(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        var value = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        var network = value & mask;
        return string.Create(CultureInfo.InvariantCulture, $"{network >> 24}.{(network >> 16) & 255}.{(network >> 8) & 255}.{network & 255}/{prefix}");
    }

    private static IEnumerable<string> Items(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
