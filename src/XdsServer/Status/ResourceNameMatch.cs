namespace Mesh.XdsServer.Status;

/// <summary>
/// Finds a resource name inside a proxy's error text as a whole token: "80" is not found in "outbound|80||a.b" nor
/// "0.0.0.0_80" in "0.0.0.0_8080", while "a.b:9080" is found in "listener a.b:9080: bad".
/// </summary>
public static class ResourceNameMatch
{
    public static bool Contains(string text, string name)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + 1, StringComparison.Ordinal))
        {
            var end = at + name.Length;
            if ((at == 0 || !IsNameChar(text[at - 1])) && (end == text.Length || !IsNameChar(text[end])))
            {
                return true;
            }
        }
        return false;
    }

    // Characters resource names are made of (cluster names use '|', listener names '_' and '.'); a colon is not one,
    // because proxies write "name: error".
    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '|' or '/';
}
