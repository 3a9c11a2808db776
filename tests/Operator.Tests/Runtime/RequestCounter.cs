using System.Collections.Concurrent;

namespace Mesh.Operator.Tests.Runtime;

/// <summary>Counts the writes a client sends, per resource plural (the path segment after the kind's collection).</summary>
internal sealed class RequestCounter : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, int> _writes = new();

    public int Writes(string plural) => _writes.GetValueOrDefault(plural);

    public void Reset() => _writes.Clear();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Get && request.RequestUri is { } uri)
        {
            foreach (var segment in uri.AbsolutePath.Split('/'))
            {
                if (segment is "meshpolicies" or "leases" or "events" or "configmaps")
                {
                    _writes.AddOrUpdate(segment, 1, (_, n) => n + 1);
                }
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}
