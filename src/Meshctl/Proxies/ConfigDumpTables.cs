using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Mesh.Meshctl.Cli;

namespace Mesh.Meshctl.Proxies;

/// <summary>
/// The short tables of proxy-config, after istioctl's: one row per cluster, listener, virtual-host route, endpoint
/// or secret, read from the config-dump items (proto JSON, lowerCamel field names).
/// </summary>
internal static class ConfigDumpTables
{
    public static void Write(TextWriter output, string word, IReadOnlyList<JsonElement> items)
    {
        switch (word)
        {
            case "clusters":
                Table.Write(output, ["SERVICE FQDN", "PORT", "SUBSET", "DIRECTION", "TYPE"], items.Select(Cluster));
                break;
            case "listeners":
                Table.Write(output, ["NAME", "ADDRESS", "PORT", "CHAINS", "DESTINATION"], items.Select(Listener));
                break;
            case "routes":
                Table.Write(output, ["NAME", "VHOST NAME", "DOMAINS", "MATCH", "DESTINATION"], items.SelectMany(Routes));
                break;
            case "endpoints":
                Table.Write(output, ["ENDPOINT", "STATUS", "WEIGHT", "CLUSTER"], items.SelectMany(Endpoints));
                break;
            default:
                Table.Write(output, ["RESOURCE NAME", "TYPE", "SERIAL NUMBER", "NOT AFTER", "NOT BEFORE"], items.Select(Secret));
                break;
        }
    }

    private static IReadOnlyList<string> Cluster(JsonElement c)
    {
        var name = Str(c, "name");
        var type = Str(c, "type") is { Length: > 0 } t ? t : c.TryGetProperty("clusterType", out _) ? "CUSTOM" : "EDS";
        var parts = name.Split('|');
        return parts.Length == 4
            ? [parts[3], parts[1], parts[2].Length == 0 ? "-" : parts[2], parts[0], type]
            : [name, "-", "-", "-", type];
    }

    private static IReadOnlyList<string> Listener(JsonElement l)
    {
        var socket = Path(l, "address", "socketAddress");
        var chains = Items(l, "filterChains").Count();
        var destinations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var chain in Items(l, "filterChains"))
        {
            foreach (var filter in Items(chain, "filters"))
            {
                var config = Path(filter, "typedConfig");
                if (Str(Path(config, "rds"), "routeConfigName") is { Length: > 0 } rds)
                {
                    destinations.Add($"Route: {rds}");
                }
                else if (config.ValueKind == JsonValueKind.Object && config.TryGetProperty("routeConfig", out _))
                {
                    destinations.Add("Inline Route");
                }
                else if (Str(config, "cluster") is { Length: > 0 } cluster)
                {
                    destinations.Add($"Cluster: {cluster}");
                }
            }
        }
        var destination = destinations.Count switch
        {
            0 => "-",
            <= 2 => string.Join("; ", destinations),
            _ => $"{destinations.First()}; +{destinations.Count - 1} more",
        };
        return [Str(l, "name"), Str(socket, "address") is { Length: > 0 } a ? a : "-", Num(socket, "portValue"), chains.ToString(CultureInfo.InvariantCulture), destination];
    }

    private static IEnumerable<IReadOnlyList<string>> Routes(JsonElement r)
    {
        var name = Str(r, "name");
        foreach (var vhost in Items(r, "virtualHosts"))
        {
            var domains = Items(vhost, "domains").Select(x => x.GetString() ?? "").ToList();
            var domainText = domains.Count switch { 0 => "-", 1 => domains[0], _ => $"{domains[0]} +{domains.Count - 1} more" };
            foreach (var route in Items(vhost, "routes"))
            {
                yield return [name, Str(vhost, "name"), domainText, Match(Path(route, "match")), Destination(route)];
            }
        }
    }

    private static string Match(JsonElement match)
    {
        var path = Str(match, "path") is { Length: > 0 } exact ? exact
            : Str(match, "prefix") is { Length: > 0 } prefix ? prefix + "*"
            : Str(match, "pathSeparatedPrefix") is { Length: > 0 } sep ? sep + "/*"
            : Str(Path(match, "safeRegex"), "regex") is { Length: > 0 } regex ? $"~{regex}" : "/*";
        var headers = string.Concat(Items(match, "headers").Select(x => $" [{Str(x, "name")}]"));
        return path + headers;
    }

    private static string Destination(JsonElement route)
    {
        var action = Path(route, "route");
        if (Str(action, "cluster") is { Length: > 0 } cluster)
        {
            return cluster;
        }
        if (Path(action, "weightedClusters", "clusters") is { ValueKind: JsonValueKind.Array } weighted)
        {
            return string.Join(", ", weighted.EnumerateArray().Select(w => $"{Str(w, "name")} {Num(w, "weight")}"));
        }
        return route.TryGetProperty("directResponse", out var direct) ? $"direct {Num(direct, "status")}" : "-";
    }

    private static IEnumerable<IReadOnlyList<string>> Endpoints(JsonElement e)
    {
        var cluster = Str(e, "clusterName");
        foreach (var locality in Items(e, "endpoints"))
        {
            foreach (var lb in Items(locality, "lbEndpoints"))
            {
                var socket = Path(lb, "endpoint", "address", "socketAddress");
                var weight = Num(lb, "loadBalancingWeight");
                yield return [$"{Str(socket, "address")}:{Num(socket, "portValue")}", Str(lb, "healthStatus") is { Length: > 0 } s ? s : "HEALTHY", weight == "-" ? "1" : weight, cluster];
            }
        }
    }

    private static IReadOnlyList<string> Secret(JsonElement s)
    {
        var chain = Path(s, "tlsCertificate", "certificateChain");
        var ca = Path(s, "validationContext", "trustedCa");
        var (type, source) = chain.ValueKind == JsonValueKind.Object ? ("Cert Chain", chain) : ca.ValueKind == JsonValueKind.Object ? ("CA", ca) : ("Other", default);
        using var certificate = Certificate(source);
        return certificate is null
            ? [Str(s, "name"), type, "-", "-", "-"]
            : [Str(s, "name"), type, certificate.SerialNumber.ToLowerInvariant(), Iso(certificate.NotAfter), Iso(certificate.NotBefore)];
    }

    private static X509Certificate2? Certificate(JsonElement source)
    {
        if (source.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var pem = Str(source, "inlineString") is { Length: > 0 } text ? text
            : Str(source, "inlineBytes") is { Length: > 0 } b64 ? Encoding.ASCII.GetString(Convert.FromBase64String(b64)) : null;
        if (pem is null || !pem.Contains("BEGIN CERTIFICATE", StringComparison.Ordinal))
        {
            return null;
        }
        try
        {
            return X509Certificate2.CreateFromPem(pem);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    private static string Iso(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static JsonElement Path(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return default;
            }
        }
        return element;
    }

    private static IEnumerable<JsonElement> Items(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : [];

    private static string Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";

    private static string Num(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetRawText() : "-";
}
