using System.Globalization;
using System.Text;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Capture;

/// <summary>
/// The nat rules of a sidecar, in Istio's istio-iptables layout (tools/istio-iptables/pkg/capture/testdata/*.golden)
/// with our chain names, as <c>iptables-restore</c> input. Pure: the same options give the same text.
/// </summary>
/// <remarks>
/// PREROUTING sends inbound TCP to MESH_INBOUND, which lets the proxy's own ports and the excluded ports through and
/// sends the rest to MESH_IN_REDIRECT (REDIRECT to the inbound port). OUTPUT sends TCP to MESH_OUTPUT: excluded
/// destination ports first, then Istio's loopback rules (the proxy reaching its own pod IP through lo is inbound
/// traffic, so it goes to MESH_IN_REDIRECT; an app reaching itself through lo is left alone; the proxy's inbound
/// passthrough source 127.0.0.6 is left alone), then the proxy's UID/GID, localhost, the excluded ranges, and finally
/// MESH_REDIRECT (REDIRECT to the outbound port) for the included ranges.
/// </remarks>
internal static class CaptureRules
{
    public const string InboundChain = "MESH_INBOUND";
    public const string InboundRedirectChain = "MESH_IN_REDIRECT";
    public const string OutputChain = "MESH_OUTPUT";
    public const string RedirectChain = "MESH_REDIRECT";

    /// <summary>The source address Envoy's inbound passthrough binds to (Istio's InboundPassthroughCluster).</summary>
    public const string InboundPassthroughSource = "127.0.0.6/32";

    /// <summary>iptables' multiport match takes at most 15 ports per rule.</summary>
    private const int MultiportLimit = 15;

    /// <summary>The jumps from the built-in chains, written as <c>iptables-save</c> prints them (see <see cref="RestoreInput"/>).</summary>
    public static string PreroutingJump => $"-A PREROUTING -p tcp -j {InboundChain}";

    /// <inheritdoc cref="PreroutingJump"/>
    public static string OutputJump => $"-A OUTPUT -p tcp -j {OutputChain}";

    /// <summary>Every rule of the nat table, in order (chain declarations first, then appends).</summary>
    public static IReadOnlyList<string> Build(CaptureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rules = new List<string>
        {
            $":{InboundChain} - [0:0]",
            $":{RedirectChain} - [0:0]",
            $":{InboundRedirectChain} - [0:0]",
            $":{OutputChain} - [0:0]",
            Invariant($"-A {RedirectChain} -p tcp -j REDIRECT --to-ports {options.OutboundPort}"),
            Invariant($"-A {InboundRedirectChain} -p tcp -j REDIRECT --to-ports {options.InboundPort}"),
        };

        if (options.IncludeInboundPorts is not { Count: 0 })
        {
            rules.Add(PreroutingJump);
            var excluded = SidecarContract.ReservedPorts.Concat(options.ExcludeInboundPorts).Distinct().ToList();
            rules.AddRange(Multiport(excluded, ports => $"-A {InboundChain} -p tcp {ports} -j RETURN"));
            if (options.IncludeInboundPorts is null)
            {
                rules.Add($"-A {InboundChain} -p tcp -j {InboundRedirectChain}");
            }
            else
            {
                rules.AddRange(options.IncludeInboundPorts.Where(p => !excluded.Contains(p))
                    .Select(p => Invariant($"-A {InboundChain} -p tcp --dport {p} -j {InboundRedirectChain}")));
            }
        }

        rules.Add(OutputJump);
        rules.AddRange(Multiport(options.ExcludeOutboundPorts, ports => $"-A {OutputChain} -p tcp {ports} -j RETURN"));
        rules.Add($"-A {OutputChain} -o lo -s {InboundPassthroughSource} -j RETURN");
        foreach (var (match, id) in new[] { ("--uid-owner", options.ProxyUid), ("--gid-owner", options.ProxyGid) })
        {
            rules.Add(Invariant($"-A {OutputChain} -o lo ! -d 127.0.0.1/32 -m owner {match} {id} -j {InboundRedirectChain}"));
            rules.Add(Invariant($"-A {OutputChain} -o lo -m owner ! {match} {id} -j RETURN"));
            rules.Add(Invariant($"-A {OutputChain} -m owner {match} {id} -j RETURN"));
        }

        rules.Add($"-A {OutputChain} -d 127.0.0.1/32 -j RETURN");
        rules.AddRange(options.ExcludeOutboundIpRanges.Select(cidr => $"-A {OutputChain} -d {cidr} -j RETURN"));
        if (options.IncludeOutboundIpRanges is null)
        {
            rules.Add($"-A {OutputChain} -j {RedirectChain}");
        }
        else
        {
            rules.AddRange(options.IncludeOutboundIpRanges.Select(cidr => $"-A {OutputChain} -d {cidr} -j {RedirectChain}"));
        }

        return rules;
    }

    /// <summary>
    /// The input for <c>iptables-restore --noflush</c>. Declaring a chain flushes it, so our chains are rewritten whole;
    /// the jumps from PREROUTING and OUTPUT are left out when <paramref name="existingNat"/> (<c>iptables-save -t nat</c>)
    /// already holds them, so running capture twice (an init container restarted) never duplicates them.
    /// </summary>
    public static string RestoreInput(IReadOnlyList<string> rules, string existingNat)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(existingNat);
        var present = existingNat.Split('\n', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var text = new StringBuilder("*nat\n");
        foreach (var rule in rules.Where(r => !(r == PreroutingJump || r == OutputJump) || !present.Contains(r)))
        {
            text.Append(rule).Append('\n');
        }

        return text.Append("COMMIT\n").ToString();
    }

    private static IEnumerable<string> Multiport(IReadOnlyList<int> ports, Func<string, string> rule)
    {
        if (ports.Count == 1)
        {
            yield return rule(Invariant($"--dport {ports[0]}"));
            yield break;
        }

        foreach (var chunk in ports.Chunk(MultiportLimit))
        {
            yield return rule("-m multiport --dports " + string.Join(',', chunk.Select(p => p.ToString(CultureInfo.InvariantCulture))));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
