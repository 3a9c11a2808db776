using System.Text.Json.Nodes;
using System.Threading.Channels;
using k8s;

namespace Mesh.LocalCluster.Tests.Infrastructure;

/// <summary>A watch opened with plain HTTP through the client's HttpClient, one JSON event per line.</summary>
public sealed class RawWatch : IAsyncDisposable
{
    private readonly Channel<JsonObject> _events = Channel.CreateUnbounded<JsonObject>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private readonly HttpResponseMessage _response;

    private RawWatch(HttpResponseMessage response)
    {
        _response = response;
        StatusCode = (int)response.StatusCode;
        _reader = Task.Run(() => ReadAsync(response));
    }

    public int StatusCode { get; }

    /// <summary>Completed when the server closes the stream.</summary>
    public Task Ended => _reader;

    public static async Task<RawWatch> OpenAsync(IClusterTarget target, string path)
    {
        var client = (Kubernetes)target.Client;
        var response = await client.HttpClient.GetAsync(new Uri(client.BaseUri, path), HttpCompletionOption.ResponseHeadersRead);
        return new RawWatch(response);
    }

    /// <summary>The next event, or null when the stream ended first.</summary>
    public async Task<JsonObject?> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        try
        {
            return await _events.Reader.WaitToReadAsync(cts.Token) && _events.Reader.TryRead(out var e) ? e : null;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("no watch event arrived in time");
        }
    }

    /// <summary>Skips bookmarks until an event of another type arrives.</summary>
    public async Task<JsonObject?> NextChangeAsync(TimeSpan? timeout = null)
    {
        while (true)
        {
            var e = await NextAsync(timeout);
            if (e is null || (string?)e["type"] != "BOOKMARK")
            {
                return e;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();

        // KubernetesClient wraps watch responses in a stream that ignores cancellation: closing the response ends the read.
        _response.Dispose();
        try
        {
            await _reader;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException or ObjectDisposedException)
        {
            // Stopped while reading.
        }

        _stop.Dispose();
    }

    private async Task ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            try
            {
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token));
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    if (line.Length > 0)
                    {
                        _events.Writer.TryWrite(JsonNode.Parse(line)!.AsObject());
                    }
                }
            }
            finally
            {
                _events.Writer.TryComplete();
            }
        }
    }
}
