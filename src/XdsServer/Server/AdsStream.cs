using System.Globalization;
using System.Threading.Channels;
using Envoy.Config.Core.V3;
using Google.Protobuf;
using Grpc.Core;
using Mesh.XdsServer.Cache;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Status;
using Microsoft.Extensions.Logging;

namespace Mesh.XdsServer.Server;

/// <summary>
/// What state-of-the-world and delta streams share: the event loop (requests, snapshot-change signals and debounce
/// timers all go through one channel, so per-stream state needs no locks), the node from the first request, the watch
/// on the cache key, nonces, size-checked writes and status publication.
/// </summary>
internal abstract class AdsStream<TRequest, TResponse> : IProxyStream
    where TRequest : class, IMessage
    where TResponse : class, IMessage
{
    private static readonly WriteOptions BufferedWrite = new(WriteFlags.BufferHint);
    private static long _streamCounter;
    private readonly Channel<StreamEvent<TRequest>> _events =
        Channel.CreateUnbounded<StreamEvent<TRequest>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IServerStreamWriter<TResponse> _writer;
    private readonly PushDebouncer _debouncer;
    private long _nonceCounter;
    private int _changeQueued;
    private bool _resolved;
    private ProxyEventKind? _pendingEvent;
    private readonly StreamStatusBook _book;

    protected AdsStream(StreamServices services, IServerStreamWriter<TResponse> writer, ServerCallContext context, bool delta)
    {
        Services = services;
        _writer = writer;
        Context = context;
        IsDelta = delta;
        StreamId = (delta ? "delta-" : "sotw-") + Interlocked.Increment(ref _streamCounter).ToString(CultureInfo.InvariantCulture);
        ConnectedAt = services.TimeProvider.GetUtcNow();
        _book = new StreamStatusBook(() => TypeStates, StreamId, delta, ConnectedAt);
        _debouncer = new PushDebouncer(services.TimeProvider, services.Options.Debounce, services.Options.MaxDebounceDelay,
            ticket => _events.Writer.TryWrite(new StreamEvent<TRequest>(StreamEventKind.DebounceElapsed, Ticket: ticket)),
            services.Options.MinPushInterval);
    }

    public string StreamId { get; }

    public string NodeId { get; private set; } = "";

    public ProxyStatus Status => _book.Status!;

    public IReadOnlyList<AckedTypeConfig> AckedConfig => _book.AckedConfig;

    protected StreamServices Services { get; }

    protected ServerCallContext Context { get; }

    protected bool IsDelta { get; }

    protected DateTimeOffset ConnectedAt { get; }

    /// <summary>The cache key of the node, set by the first request.</summary>
    protected string Key { get; private set; } = "";

    protected ILogger Logger => Services.Logger;

    public async Task RunAsync(IAsyncStreamReader<TRequest> requests)
    {
        var cancellation = Context.CancellationToken;
        IDisposable? watch = null;
        IDisposable? registration = null;
        using var maxAge = StartMaxAgeTimer();
        using var stopping = Services.Stopping.Register(
            static state => ((Channel<StreamEvent<TRequest>>)state!).Writer.TryWrite(new StreamEvent<TRequest>(StreamEventKind.ServerStopping)), _events);
        _ = PumpAsync(requests, cancellation);
        Services.Metrics.StreamOpened(IsDelta);
        try
        {
            while (await _events.Reader.WaitToReadAsync(cancellation))
            {
                while (_events.Reader.TryRead(out var item))
                {
                    switch (item.Kind)
                    {
                        case StreamEventKind.Request when NodeId.Length == 0:
                            await StartAsync(item.Request!);
                            watch = Services.Cache.Watch(Key, OnSnapshotChanged);
                            await HandleRequestAsync(item.Request!, cancellation);

                            // Registered only once a status is published: readers never see a half-built stream.
                            _book.Publish(Services.Cache.GetCurrent(Key), NodeId, Key);
                            registration = Services.Registry.Register(this);
                            _book.MarkNotified();
                            break;
                        case StreamEventKind.Request:
                            await HandleRequestAsync(item.Request!, cancellation);
                            break;
                        case StreamEventKind.SnapshotChanged:
                            Volatile.Write(ref _changeQueued, 0);
                            _debouncer.Signal();
                            break;
                        case StreamEventKind.DebounceElapsed when _debouncer.TryConsume(item.Ticket):
                            await PushChangesAsync(cancellation);
                            break;
                        case StreamEventKind.RequestsEnded:
                            return;
                        case StreamEventKind.MaxAgeReached:
                            Logger.LogInformation("xDS stream {StreamId} of node '{NodeId}' reached its maximum age: closing it so the proxy reconnects", StreamId, NodeId);
                            return;
                        case StreamEventKind.ServerStopping:
                            throw new XdsProtocolException(StatusCode.Unavailable, "this xDS server is shutting down: reconnect, another replica serves the same config");
                        case StreamEventKind.RequestRejected:
                            throw new XdsProtocolException(item.Error!.Value.StatusCode, item.Error.Value.Detail);
                    }
                }

                if (NodeId.Length > 0)
                {
                    _book.Publish(Services.Cache.GetCurrent(Key), NodeId, Key);
                    if (_pendingEvent is { } kind && registration is not null)
                    {
                        // After the status is published, so that whoever the event wakes reads the new state.
                        _pendingEvent = null;

                        // An ACK that changed nothing a status reads (and nothing since the last event did) wakes nobody.
                        if (kind != ProxyEventKind.Acked || _book.ChangedSinceNotified)
                        {
                            Services.Registry.Notify(this, kind);
                            _book.MarkNotified();
                        }
                    }
                }
            }
        }
        catch (XdsProtocolException e)
        {
            Logger.LogWarning("xDS stream {StreamId} of node '{NodeId}' ended: {Code} {Message}", StreamId, NodeId, e.Code, e.Message);
            throw new RpcException(new Grpc.Core.Status(e.Code, e.Message));
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The proxy went away or the server is stopping.
        }
        finally
        {
            _events.Writer.TryComplete();
            _debouncer.Dispose();
            watch?.Dispose();
            registration?.Dispose();
            if (_resolved)
            {
                Services.Resolver.Release(NodeId, Key);
            }

            Services.Metrics.StreamClosed(IsDelta);
        }
    }

    protected abstract Node? NodeOf(TRequest request);

    protected abstract Task HandleRequestAsync(TRequest request, CancellationToken cancellation);

    /// <summary>Pushes, in make-before-break order, every type whose content for this stream changed.</summary>
    protected abstract Task PushChangesAsync(CancellationToken cancellation);

    /// <summary>The per-type states of the stream.</summary>
    protected abstract IReadOnlyCollection<TypeState> TypeStates { get; }

    protected void RecordAck(TypeState state, string versionInfo)
    {
        state.AckedVersion = versionInfo;
        state.AckedResources = state.SentResources;
        state.AckedLabels = state.SentLabels;
        state.AckedAt = Services.TimeProvider.GetUtcNow();
        if (!state.SentAcked && state.SentForChangeAt is { } setAt)
        {
            Services.Metrics.Acked(state.TypeUrl, Services.TimeProvider.GetElapsedTime(setAt));
        }

        state.SentAcked = true;
        _pendingEvent ??= ProxyEventKind.Acked;
    }

    /// <summary>
    /// A stale request ACKing the response before the latest: it changes nothing in the protocol (the proxy will answer
    /// the latest too) but it does say which config the proxy runs meanwhile.
    /// </summary>
    protected void RecordStaleAck(TypeState state, string nonce)
    {
        if (state.Previous is { } previous && previous.Nonce == nonce)
        {
            state.AckedVersion = previous.Version;
            state.AckedResources = previous.Resources;
            state.AckedLabels = previous.Labels;
            state.AckedAt = Services.TimeProvider.GetUtcNow();
        }
    }

    /// <summary>
    /// The state of a request's type, created on its first request. An ADS request must name a type this server
    /// serves; anything else ends the stream with InvalidArgument.
    /// </summary>
    protected static TState StateFor<TState>(Dictionary<string, TState> types, string typeUrl, Func<string, TState> create)
        where TState : TypeState
    {
        if (string.IsNullOrEmpty(typeUrl))
        {
            throw new XdsProtocolException(StatusCode.InvalidArgument, "type_url is required on an aggregated (ADS) stream");
        }

        if (!TypeUrls.IsKnown(typeUrl))
        {
            throw new XdsProtocolException(StatusCode.InvalidArgument,
                $"unknown type_url '{typeUrl}': this server serves {string.Join(", ", TypeUrls.PushOrder)}");
        }

        if (!types.TryGetValue(typeUrl, out var state))
        {
            state = create(typeUrl);
            types.Add(typeUrl, state);
        }

        return state;
    }

    protected void RecordNack(TypeState state, string acceptedVersion, string nonce, Google.Rpc.Status error)
    {
        var rejected = RejectedResourceNames.Find(error.Message, state.SentInResponse);
        state.LastNack = new NackInfo
        {
            RejectedVersion = state.SentVersion ?? "",
            AcceptedVersion = acceptedVersion,
            Nonce = nonce,
            ErrorMessage = error.Message,
            ErrorCode = error.Code,
            At = Services.TimeProvider.GetUtcNow(),
            RejectedLabels = RejectedLabels(state, rejected),
            RejectedResources = rejected,
        };
        _pendingEvent = ProxyEventKind.Nacked;
        Services.Metrics.Nacked(state.TypeUrl);
        Logger.LogWarning("xDS node '{NodeId}' rejected {Type} version {Version}: {Error}",
            NodeId, Snapshots.TypeUrls.ShortName(state.TypeUrl), state.SentVersion, error.Message);
    }

    /// <summary>
    /// The labels a NACK concerns: when the error points at resources with an owner, only their owners' labels (a NACK
    /// of one policy's cluster says nothing about another's); otherwise every label of what was sent.
    /// </summary>
    private static IReadOnlyDictionary<string, string> RejectedLabels(TypeState state, IReadOnlyList<string> rejected)
    {
        var sent = state.SentLabels ?? new Dictionary<string, string>();
        if (state.SentSnapshot is not { } snapshot || rejected.Count == 0)
        {
            return sent;
        }

        var owners = rejected.Select(snapshot.OwnerOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (owners.Count == 0)
        {
            return sent;
        }

        var ownerLabels = snapshot.Owners.Values.ToHashSet(StringComparer.Ordinal);
        return sent.Where(l => !ownerLabels.Contains(l.Key) || owners.Contains(l.Key))
            .ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
    }

    /// <summary>Records what was just sent for a type (the whole view the proxy now holds).</summary>
    protected static void RecordSent(
        TypeState state, string nonce, TypeView view, IReadOnlyList<CachedResource> inResponse, CachedSnapshot current, bool forChange)
    {
        if (state.SentNonce is not null && state.SentVersion is not null)
        {
            state.Previous = (state.SentNonce, state.SentVersion, state.SentResources, state.SentLabels);
        }

        state.SentNonce = nonce;
        state.SentVersion = view.Version;
        state.SentResources = view.Resources;
        state.SentInResponse = inResponse;
        state.SentLabels = current.Snapshot.LabelsForView(view.Resources);
        state.SentSnapshot = current.Snapshot;
        state.SentForChangeAt = forChange ? current.SetTimestamp : null;
        state.SentAcked = false;
    }

    protected string NextNonce() => (++_nonceCounter).ToString(CultureInfo.InvariantCulture);

    /// <summary>True if this stream ever sent <paramref name="nonce"/> (nonces are this stream's counter values).</summary>
    protected bool WasIssued(string nonce) =>
        long.TryParse(nonce, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= _nonceCounter;

    /// <summary>
    /// Writes a push's responses in order, each recorded as sent once written. All but the last are written without a
    /// flush when small (a large one goes through the send gate, which bounds what is held in buffers): a push of several
    /// types then leaves in one flush, one socket write and one wake-up of the proxy, instead of one per type.
    /// </summary>
    protected async Task WriteAllAsync(IReadOnlyList<PendingResponse<TResponse>> responses, CancellationToken cancellation)
    {
        for (var i = 0; i < responses.Count; i++)
        {
            var pending = responses[i];
            await WriteAsync(pending.Response, pending.TypeUrl, pending.StartTimestamp, cancellation, mayBuffer: i < responses.Count - 1);
            pending.Written();
        }
    }

    /// <summary>Writes one response, refusing (and ending the stream) when it is larger than the configured maximum.</summary>
    private async Task WriteAsync(TResponse response, string typeUrl, long startTimestamp, CancellationToken cancellation, bool mayBuffer)
    {
        var size = response.CalculateSize();
        if (size > Services.Options.MaxSendMessageSize)
        {
            Logger.LogError(
                "xDS response of {Type} for node '{NodeId}' is {Size} bytes, over MaxSendMessageSize {Max}: ending the stream. " +
                "Scope the proxy's config or raise XdsServerOptions.MaxSendMessageSize.",
                typeUrl, NodeId, size, Services.Options.MaxSendMessageSize);
            throw new XdsProtocolException(StatusCode.ResourceExhausted,
                $"the {Snapshots.TypeUrls.ShortName(typeUrl)} response is {size} bytes, over the server's limit of " +
                $"{Services.Options.MaxSendMessageSize} bytes");
        }

        if (mayBuffer && size < Services.Options.LargeSendBytes)
        {
            // Grpc.AspNetCore appends a BufferHint write to the response without flushing; the batch's last write flushes.
            _writer.WriteOptions = BufferedWrite;
            try
            {
                await _writer.WriteAsync(response, cancellation);
            }
            finally
            {
                _writer.WriteOptions = null;
            }
        }
        else
        {
            await Services.SendGate.SendAsync(size, Snapshots.TypeUrls.ShortName(typeUrl), token => _writer.WriteAsync(response, token), cancellation);
        }

        Services.Metrics.Pushed(typeUrl, size, Services.TimeProvider.GetElapsedTime(startTimestamp));
    }

    private async Task StartAsync(TRequest first)
    {
        var node = NodeOf(first);
        if (node is null || string.IsNullOrEmpty(node.Id))
        {
            throw new XdsProtocolException(StatusCode.InvalidArgument,
                "the first request on a stream must carry node with a non-empty id");
        }

        string key;
        try
        {
            key = await Services.Resolver.ResolveAsync(node, Context);
        }
        catch (XdsProtocolException)
        {
            throw;
        }
        catch (RpcException e)
        {
            throw new XdsProtocolException(e.StatusCode, e.Status.Detail);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new XdsProtocolException(StatusCode.InvalidArgument, $"node '{node.Id}' cannot be mapped to a config key: {e.Message}");
        }

        if (string.IsNullOrEmpty(key))
        {
            throw new XdsProtocolException(StatusCode.InvalidArgument, $"node '{node.Id}' maps to an empty config key");
        }

        NodeId = node.Id;
        Key = key;
        _resolved = true;
        Logger.LogInformation("xDS stream {StreamId} opened by node '{NodeId}' (key '{Key}')", StreamId, NodeId, Key);
    }

    private ITimer? StartMaxAgeTimer()
    {
        if (Services.Options.MaxStreamAge is not { } age || age <= TimeSpan.Zero)
        {
            return null;
        }

        var jitter = Math.Clamp(Services.Options.MaxStreamAgeJitter, 0, 1);
        var lifetime = age * (1 - (jitter * Services.Options.Random.NextDouble()));
        return Services.TimeProvider.CreateTimer(
            static state => ((Channel<StreamEvent<TRequest>>)state!).Writer.TryWrite(new StreamEvent<TRequest>(StreamEventKind.MaxAgeReached)),
            _events, lifetime, Timeout.InfiniteTimeSpan);
    }

    private void OnSnapshotChanged()
    {
        // Many SetSnapshot calls before the loop wakes collapse into one event.
        if (Interlocked.Exchange(ref _changeQueued, 1) == 0)
        {
            _events.Writer.TryWrite(new StreamEvent<TRequest>(StreamEventKind.SnapshotChanged));
        }
    }

    private async Task PumpAsync(IAsyncStreamReader<TRequest> requests, CancellationToken cancellation)
    {
        try
        {
            while (await requests.MoveNext(cancellation))
            {
                if (!_events.Writer.TryWrite(new StreamEvent<TRequest>(StreamEventKind.Request, requests.Current)))
                {
                    return;
                }
            }
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.ResourceExhausted or StatusCode.InvalidArgument or StatusCode.Internal)
        {
            // gRPC refused the request itself (over MaxReceiveMessageSize, or not parseable): end the stream with its status.
            _events.Writer.TryWrite(new StreamEvent<TRequest>(StreamEventKind.RequestRejected, Error: e.Status));
            return;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or RpcException or InvalidOperationException)
        {
            Logger.LogDebug(e, "xDS stream {StreamId}: request stream ended", StreamId);
        }

        _events.Writer.TryWrite(new StreamEvent<TRequest>(StreamEventKind.RequestsEnded));
    }
}
