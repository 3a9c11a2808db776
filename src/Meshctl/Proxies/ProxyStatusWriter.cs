using Mesh.Meshctl.Cli;

namespace Mesh.Meshctl.Proxies;

/// <summary>proxy-status output: the table of every proxy, and one proxy's detail.</summary>
internal static class ProxyStatusWriter
{
    public static readonly IReadOnlyList<string> TypeOrder = ["CDS", "LDS", "EDS", "RDS", "SDS"];

    public static void WriteTable(TextWriter output, IReadOnlyList<ProxyEntry> proxies)
    {
        if (proxies.Count == 0)
        {
            output.WriteLine("No proxy is connected to the operator.");
            return;
        }
        Table.Write(output, ["NAME", .. TypeOrder, "REPLICA", "API"],
            proxies.Select(p => (IReadOnlyList<string>)[p.DisplayName, .. TypeOrder.Select(p.StateOf), p.Replica, p.Api]));
    }

    public static void WriteDetail(TextWriter output, ProxyEntry proxy)
    {
        output.WriteLine($"Proxy:     {proxy.DisplayName}");
        output.WriteLine($"Node:      {proxy.NodeId}");
        output.WriteLine($"Replica:   {proxy.Replica}");
        output.WriteLine($"Stream:    {proxy.Api}, connected {proxy.ConnectedAt}");
        output.WriteLine();
        Table.Write(output, ["TYPE", "STATE", "SENT VERSION", "ACKED VERSION", "SUBSCRIBED"],
            TypeOrder.Select(t => proxy.Types.TryGetValue(t, out var e)
                ? (IReadOnlyList<string>)[t, e.State, e.SentVersion ?? "-", e.AckedVersion ?? "-", e.Wildcard ? "*" : e.SubscribedNames.ToString(System.Globalization.CultureInfo.InvariantCulture)]
                : [t, "NOT SENT", "-", "-", "-"]));
        var nacks = TypeOrder.Where(t => proxy.Types.TryGetValue(t, out var e) && e.LastNack is not null).ToList();
        foreach (var type in nacks)
        {
            var nack = proxy.Types[type].LastNack!;
            output.WriteLine();
            output.WriteLine($"Last NACK ({type}): version {nack.RejectedVersion} rejected at {nack.At}{(proxy.Types[type].State == "NACKED" ? "" : " (since ACKed a newer version)")}:");
            output.WriteLine($"  {nack.Error}");
            if (nack.RejectedResources.Count > 0)
            {
                output.WriteLine($"  rejected resources: {string.Join(", ", nack.RejectedResources)}");
            }
        }
        if (nacks.Count == 0)
        {
            output.WriteLine();
            output.WriteLine("No NACK on this stream.");
        }
    }
}
