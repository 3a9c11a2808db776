using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Mesh.LocalCluster.Errors;
using Mesh.LocalCluster.Selectors;
using Mesh.LocalCluster.Tables;
using Mesh.LocalCluster.Watching;

namespace Mesh.LocalCluster.Http;

/// <summary>
/// A watch stream: 200, chunked, one JSON event per line. From resourceVersion ""/"0" it starts with synthetic ADDED
/// events for the current objects; from N it replays retained history after N, or sends an ERROR event with a 410
/// Expired Status when N is older than the history (as the etcd3 watcher does), then closes.
/// </summary>
internal sealed class WatchHandler(ServerContext server)
{
    /// <summary>Without timeoutSeconds the real server ends a watch after a random 30 to 60 minutes.</summary>
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    public async Task WatchAsync(HttpContext context, ResourceRequest request)
    {
        var def = request.Def;
        var http = context.Request;
        var labels = LabelSelector.Parse(RequestQuery.Get(http, "labelSelector"));
        var fields = FieldSelector.Parse(RequestQuery.Get(http, "fieldSelector"), p => SelectableFields.StoragePath(def, p));
        var bookmarks = RequestQuery.Flag(http, "allowWatchBookmarks");
        var table = RequestQuery.WantsTable(http);
        var timeout = long.TryParse(RequestQuery.Get(http, "timeoutSeconds"), out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds) : DefaultTimeout;
        var rvText = RequestQuery.Get(http, "resourceVersion") ?? "";
        long since = 0;
        if (rvText is not ("" or "0") && !long.TryParse(rvText, NumberStyles.None, CultureInfo.InvariantCulture, out since))
        {
            throw ApiErrors.BadRequest($"invalid resource version: {rvText}");
        }

        using var subscription = new WatchSubscription(
            def.StorageKey, def.Namespaced && !request.AllNamespaces ? request.Namespace : null,
            obj => labels.Matches(obj) && fields.Matches(obj));
        List<WatchItem>? initial;
        long startRv;
        lock (server.Store.Gate)
        {
            startRv = server.Store.CurrentResourceVersion;
            initial = rvText is "" or "0"
                ? server.Store.List(def.StorageKey, subscription.Namespace)
                    .Where(s => labels.Matches(s.Object) && fields.Matches(s.Object))
                    .Select(s => new WatchItem(new WatchEvent(WatchEventKind.Added, def.StorageKey, s), 0, Synthetic: true))
                    .ToList()
                : server.Store.Hub.Since(since, subscription)?.Select(e => new WatchItem(e, 0)).ToList();
            if (initial is not null)
            {
                server.Store.Hub.Add(subscription);
            }
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = Responses.Json;
        await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);

        // Headers go out at once, as the real server flushes after WriteHeader: clients wait for them before reading events.
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        var writer = new WatchEventWriter(context, def, table, server.Time);
        try
        {
            if (initial is null)
            {
                var compacted = server.Store.Hub.CompactedThrough;
                var gone = ApiErrors.Gone($"too old resource version: {since} ({compacted + 1})").ToStatus();
                await writer.WriteRawAsync(WatchEvent.Frame(WatchEventKind.Error, JsonSerializer.SerializeToUtf8Bytes(gone))).ConfigureAwait(false);
                return;
            }

            foreach (var item in initial)
            {
                await writer.WriteAsync(item).ConfigureAwait(false);
            }

            if (bookmarks)
            {
                await writer.WriteAsync(WatchItem.Bookmark(Math.Max(startRv, initial.LastOrDefault().Event?.ResourceVersion ?? 0))).ConfigureAwait(false);
            }

            await PumpAsync(context, subscription, writer, bookmarks, timeout).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Client went away, the stream was dropped by a fault, or the server is stopping.
        }
        finally
        {
            lock (server.Store.Gate)
            {
                server.Store.Hub.Remove(subscription);
            }
        }
    }

    private async Task PumpAsync(HttpContext context, WatchSubscription subscription, WatchEventWriter writer, bool bookmarks, TimeSpan timeout)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, subscription.Dropped);
        ended.CancelAfter(timeout);
        var reader = subscription.Reader;
        while (!ended.IsCancellationRequested)
        {
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(ended.Token);
            tick.CancelAfter(server.BookmarkInterval);
            try
            {
                if (!await reader.WaitToReadAsync(tick.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!ended.IsCancellationRequested)
            {
                if (bookmarks)
                {
                    // Enqueued under the gate so the bookmark follows every event it vouches for.
                    lock (server.Store.Gate)
                    {
                        subscription.Enqueue(WatchItem.Bookmark(server.Store.CurrentResourceVersion));
                    }
                }

                continue;
            }

            while (reader.TryRead(out var item))
            {
                if (item.Event is null && !bookmarks)
                {
                    continue;
                }

                await writer.WriteAsync(item).ConfigureAwait(false);
            }
        }
    }
}
