using System.Collections.Concurrent;

namespace Mesh.EndToEnd.Tests.Install;

/// <summary>Records every request the operator's Kubernetes client sends.</summary>
internal sealed class RecordingHandler : DelegatingHandler
{
    public ConcurrentQueue<(HttpMethod Method, Uri Uri)> Requests { get; } = new();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue((request.Method, request.RequestUri!));
        return base.SendAsync(request, cancellationToken);
    }
}
