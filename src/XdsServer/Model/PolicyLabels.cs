namespace Mesh.XdsServer.Model;

/// <summary>
/// Snapshot labels that name a MeshPolicy: <c>mesh.dev/policy.&lt;ns&gt;.&lt;name&gt;</c> = generation. A snapshot carries
/// the labels of the policies whose resources the proxy receives, and they come back with every ACK and NACK.
/// </summary>
public static class PolicyLabels
{
    /// <summary>Prefix of every policy label.</summary>
    public const string Prefix = "mesh.dev/policy.";

    /// <summary>The label of the policy <paramref name="ns"/>/<paramref name="name"/>.</summary>
    public static string For(string ns, string name) => $"{Prefix}{ns}.{name}";

    /// <summary>Reads a policy label back; false for any other label. Namespaces hold no dots, names may.</summary>
    public static bool TryParse(string label, out string ns, out string name)
    {
        ArgumentNullException.ThrowIfNull(label);
        ns = name = "";
        if (!label.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = label[Prefix.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == rest.Length - 1)
        {
            return false;
        }

        ns = rest[..dot];
        name = rest[(dot + 1)..];
        return true;
    }
}
