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
}
