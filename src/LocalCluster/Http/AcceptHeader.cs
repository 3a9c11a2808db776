namespace Mesh.LocalCluster.Http;

/// <summary>Reads media types and their parameters from an Accept header (spaces around ';' tolerated).</summary>
internal static class AcceptHeader
{
    /// <summary>Whether any accepted media type carries all the given parameters.</summary>
    public static bool Offers(string accept, params (string Name, string Value)[] parameters)
    {
        foreach (var mediaType in accept.Split(','))
        {
            var parts = mediaType.Split(';').Select(p => p.Trim()).ToArray();
            var present = parts.Skip(1)
                .Select(p => p.Split('=', 2))
                .Where(kv => kv.Length == 2)
                .ToDictionary(kv => kv[0].Trim(), kv => kv[1].Trim().Trim('"'), StringComparer.OrdinalIgnoreCase);
            if (parameters.All(p => present.TryGetValue(p.Name, out var v) && string.Equals(v, p.Value, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="accept"/> (empty: anything) takes <paramref name="type"/>/<paramref name="subType"/>
    /// through a clause of non-zero quality, with * wildcards as goautoneg (kube-openapi's negotiation) reads them.
    /// </summary>
    public static bool Accepts(string accept, string type, string subType)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return true;
        }

        foreach (var clause in accept.Split(','))
        {
            var parts = clause.Split(';').Select(p => p.Trim()).ToArray();
            var media = parts[0].Split('/', 2);
            var quality = parts.Skip(1).Select(p => p.Split('=', 2))
                .Where(kv => kv.Length == 2 && kv[0].Trim() == "q")
                .Select(kv => double.TryParse(kv[1].Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var q) ? q : 0)
                .DefaultIfEmpty(1).First();
            if (media.Length == 2 && quality > 0
                && (media[0] == "*" || string.Equals(media[0], type, StringComparison.OrdinalIgnoreCase))
                && (media[1] == "*" || string.Equals(media[1], subType, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}
