using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Resources;

/// <summary>
/// events.k8s.io/v1 Events share storage with core/v1 Events, as in the real server
/// (field mapping after kubernetes pkg/apis/events/v1/conversion.go): regarding=involvedObject, note=message,
/// reportingController=reportingComponent, deprecated* = the core fields.
/// </summary>
internal sealed class EventsV1Converter : IObjectConverter
{
    private static readonly (string Events, string Core)[] Renames =
    [
        ("regarding", "involvedObject"), ("note", "message"), ("reportingController", "reportingComponent"),
        ("deprecatedSource", "source"), ("deprecatedFirstTimestamp", "firstTimestamp"),
        ("deprecatedLastTimestamp", "lastTimestamp"), ("deprecatedCount", "count"),
    ];

    public static EventsV1Converter Instance { get; } = new();

    public JsonObject ToStorage(JsonObject served)
    {
        Rename(served, fromEvents: true);
        served["apiVersion"] = "v1";
        if (served["source"] is null && served["reportingComponent"] is JsonValue controller)
        {
            served["source"] = new JsonObject { ["component"] = controller.ToString() };
        }

        if (served["firstTimestamp"] is null && served["eventTime"] is JsonValue eventTime)
        {
            served["firstTimestamp"] = TrimMicros(eventTime.ToString());
            served["lastTimestamp"] ??= TrimMicros(eventTime.ToString());
        }

        served["count"] ??= served["series"]?["count"]?.DeepClone() ?? 1;
        return served;
    }

    public JsonObject FromStorage(JsonObject stored)
    {
        Rename(stored, fromEvents: false);
        stored["apiVersion"] = "events.k8s.io/v1";
        return stored;
    }

    private static void Rename(JsonObject obj, bool fromEvents)
    {
        foreach (var (events, core) in Renames)
        {
            var (from, to) = fromEvents ? (events, core) : (core, events);
            if (obj.Remove(from, out var value))
            {
                obj[to] = value;
            }
        }
    }

    // core/v1 timestamps are RFC 3339 seconds; eventTime is MicroTime.
    private static string TrimMicros(string micro)
    {
        var dot = micro.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? micro : micro[..dot] + "Z";
    }
}
