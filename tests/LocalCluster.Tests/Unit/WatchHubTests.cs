using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.LocalCluster.Resources;
using Mesh.LocalCluster.Storage;
using Mesh.LocalCluster.Watching;

namespace Mesh.LocalCluster.Tests.Unit;

public sealed class WatchHubTests
{
    private static readonly ResourceTypeKey ConfigMaps = new("", "configmaps");

    [Fact]
    public void History_beyond_the_limit_is_compacted_and_older_versions_expire()
    {
        var hub = new WatchHub(historyLimit: 2);
        for (var rv = 1; rv <= 4; rv++)
        {
            hub.Publish(Event(rv));
        }

        using var subscription = new WatchSubscription(ConfigMaps, null, _ => true);
        hub.CompactedThrough.Should().Be(2);
        hub.Since(1, subscription).Should().BeNull("version 1 is older than the retained history");
        hub.Since(2, subscription)!.Select(e => e.ResourceVersion).Should().Equal(3, 4);
    }

    [Fact]
    public void A_watch_line_is_the_event_framed_once()
    {
        var e = Event(7);
        System.Text.Encoding.UTF8.GetString(e.Line).Should().Be("{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"c7\"}}}\n");
        e.Line.Should().BeSameAs(e.Line);
    }

    private static WatchEvent Event(long rv)
    {
        var obj = new JsonObject { ["metadata"] = new JsonObject { ["name"] = $"c{rv}" } };
        return new WatchEvent(WatchEventKind.Added, ConfigMaps, new StoredObject(obj, JsonSerializer.SerializeToUtf8Bytes(obj), rv, "default", $"c{rv}"));
    }
}
