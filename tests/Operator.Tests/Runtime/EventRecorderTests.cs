using k8s.Models;
using Mesh.Operator.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Operator.Tests.Runtime;

public sealed class EventRecorderTests
{
    [Fact]
    public async Task A_repeated_event_is_counted_on_one_Event_like_kubectl_shows_it()
    {
        await using var env = await TestApi.StartAsync();
        var policy = await env.CreatePolicyAsync("p");
        var recorder = new KubeEventRecorder(env.Api, TimeProvider.System, NullLogger<KubeEventRecorder>.Instance);

        await recorder.RecordAsync(policy, EventTypes.Warning, "InvalidSpec", "spec.services[0].name: no such Service.");
        await recorder.RecordAsync(policy, EventTypes.Warning, "InvalidSpec", "spec.services[0].name: no such Service.");
        await recorder.RecordAsync(policy, EventTypes.Normal, "Accepted", "The MeshPolicy is valid.");

        var events = await env.Api.ListAsync<Corev1Event>(ResourceKinds.Event, env.Namespace, default);
        events.Items.Should().HaveCount(2);
        var warning = events.Items.Single(e => e.Reason == "InvalidSpec");
        warning.Count.Should().Be(2);
        warning.Type.Should().Be("Warning");
        warning.InvolvedObject.Uid.Should().Be(policy.Metadata.Uid);
        warning.InvolvedObject.Kind.Should().Be("MeshPolicy");
        warning.Source.Component.Should().Be("mesh-operator");
        events.Items.Single(e => e.Reason == "Accepted").Count.Should().Be(1);
    }

    [Theory]
    [InlineData("Info", "Accepted")]
    [InlineData("Normal", "accepted")]
    [InlineData("Normal", "Not Valid")]
    public async Task Refuses_event_types_and_reasons_kubectl_users_would_not_expect(string type, string reason)
    {
        var recorder = new KubeEventRecorder(new KubeApi(new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = "http://127.0.0.1:1" })), TimeProvider.System, NullLogger<KubeEventRecorder>.Instance);
        var obj = new V1ConfigMap { Metadata = new() { Name = "x", NamespaceProperty = "y" } };

        var record = () => recorder.RecordAsync(obj, type, reason, "m");

        await record.Should().ThrowAsync<ArgumentException>();
    }
}
