using System.Text;
using Microsoft.AspNetCore.Http;

namespace Mesh.LocalCluster.Http;

/// <summary>
/// RFC 7234 Warning headers as kube-apiserver writes them (<c>299 - "text"</c>); kubectl prints <c>Warning: text</c>.
/// </summary>
internal static class WarningHeaders
{
    /// <summary>A thread-safe sink that adds one header per warning to the response (validating webhooks run in parallel).</summary>
    public static Action<string> For(HttpContext context)
    {
        var gate = new object();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return text =>
        {
            lock (gate)
            {
                // The real recorder drops exact duplicates.
                if (seen.Add(text) && !context.Response.HasStarted)
                {
                    context.Response.Headers.Append("Warning", Format(text));
                }
            }
        };
    }

    public static string Format(string text)
    {
        var quoted = new StringBuilder("299 - \"");
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                quoted.Append('\\');
            }

            // Control characters cannot travel in a header; the real server replaces them too.
            quoted.Append(char.IsControl(c) ? ' ' : c);
        }

        return quoted.Append('"').ToString();
    }
}
