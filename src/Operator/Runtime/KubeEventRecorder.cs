using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Mesh.Operator.Runtime;

/// <summary>
/// Writes core/v1 Events (what kubectl describe reads). Repeats are folded into one Event by a client-side cache keyed
/// like client-go's EventCorrelator (object, type, reason, message): count + 1 and a new lastTimestamp by merge patch.
/// </summary>
public sealed class KubeEventRecorder : IEventRecorder
{
    private static readonly string[] ValidTypes = [EventTypes.Normal, EventTypes.Warning];
    private readonly ConcurrentDictionary<string, Recorded> _seen = new();
    private readonly KubeApi _api;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _component;
    private long _sequence;

    public KubeEventRecorder(KubeApi api, TimeProvider time, ILogger<KubeEventRecorder> logger, string component = "mesh-operator")
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _api = api;
        _time = time;
        _logger = logger;
        _component = component;
    }

    public async Task RecordAsync(IKubernetesObject<V1ObjectMeta> regarding, string type, string reason, string message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(regarding);
        if (!ValidTypes.Contains(type))
        {
            throw new ArgumentException($"Event type must be Normal or Warning, not '{type}'.", nameof(type));
        }

        if (string.IsNullOrEmpty(reason) || !char.IsUpper(reason[0]) || !reason.All(char.IsLetterOrDigit))
        {
            throw new ArgumentException($"Event reason must be UpperCamelCase, not '{reason}'.", nameof(reason));
        }

        var meta = regarding.Metadata;
        var ns = string.IsNullOrEmpty(meta.NamespaceProperty) ? "default" : meta.NamespaceProperty;
        var correlation = string.Join('\u0000', regarding.Kind, ns, meta.Name, meta.Uid, type, reason, message);
        var now = _time.GetUtcNow().UtcDateTime;
        try
        {
            if (_seen.TryGetValue(correlation, out var previous))
            {
                var count = previous.Count + 1;
                var patch = new JsonObject { ["count"] = count, ["lastTimestamp"] = Timestamp(now) }.ToJsonString();
                try
                {
                    await _api.MergePatchAsync<Corev1Event>(ResourceKinds.Event, ObjectKey.Create(ns, previous.Name), patch, null, ct).ConfigureAwait(false);
                    _seen[correlation] = previous with { Count = count };
                    return;
                }
                catch (KubeApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    // The event expired or was deleted; start a new one.
                }
            }

            var name = $"{meta.Name}.{now.Ticks:x}{Interlocked.Increment(ref _sequence):x}";
            var ev = new Corev1Event
            {
                ApiVersion = "v1",
                Kind = "Event",
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
                InvolvedObject = new V1ObjectReference
                {
                    ApiVersion = regarding.ApiVersion,
                    Kind = regarding.Kind,
                    Name = meta.Name,
                    NamespaceProperty = meta.NamespaceProperty,
                    Uid = meta.Uid,
                    ResourceVersion = meta.ResourceVersion,
                },
                Type = type,
                Reason = reason,
                Message = message,
                Source = new V1EventSource { Component = _component },
                ReportingComponent = _component,
                FirstTimestamp = now,
                LastTimestamp = now,
                Count = 1,
            };
            await _api.CreateAsync(ResourceKinds.Event, ev, ct).ConfigureAwait(false);
            _seen[correlation] = new Recorded(name, 1);
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException)
        {
            _logger.LogWarning(e, "Could not record event {Reason} on {Kind} {Name}", reason, regarding.Kind, meta.Name);
        }
    }

    private static string Timestamp(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed record Recorded(string Name, int Count);
}
