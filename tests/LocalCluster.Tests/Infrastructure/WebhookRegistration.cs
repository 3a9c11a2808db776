using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Tests.Infrastructure;

/// <summary>
/// Registers webhook configurations on the embedded API for one test: each webhook is scoped to the test's namespace
/// (namespaceSelector on kubernetes.io/metadata.name) and served by a <see cref="TestWebhookServer"/> through a
/// Service that <see cref="LocalApiServer.ServiceEndpoints"/> maps to it.
/// </summary>
public sealed class WebhookRegistration(LocalApiFixture fixture, string ns)
{
    public const string ServiceNamespace = "mesh-hooks";

    /// <summary>A webhook definition served by Service <paramref name="service"/> (port 443) at <paramref name="path"/>.</summary>
    public JsonObject Hook(string name, string service, string caBundle, string path, string[]? resources = null, string[]? operations = null) => new()
    {
        ["name"] = name,
        ["clientConfig"] = new JsonObject
        {
            ["service"] = new JsonObject { ["namespace"] = ServiceNamespace, ["name"] = service, ["path"] = path },
            ["caBundle"] = caBundle,
        },
        ["rules"] = new JsonArray(new JsonObject
        {
            ["operations"] = Strings(operations ?? ["CREATE", "UPDATE"]),
            ["apiGroups"] = Strings([""]),
            ["apiVersions"] = Strings(["v1"]),
            ["resources"] = Strings(resources ?? ["configmaps"]),
        }),
        ["namespaceSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["kubernetes.io/metadata.name"] = ns } },
        ["sideEffects"] = "None",
        ["admissionReviewVersions"] = Strings(["v1"]),
        ["timeoutSeconds"] = 5,
    };

    /// <summary>Starts a webhook server for Service <paramref name="service"/> and maps the Service to it.</summary>
    public async Task<TestWebhookServer> ServeAsync(string service)
    {
        var server = await TestWebhookServer.StartAsync($"{service}.{ServiceNamespace}.svc", "127.0.0.1");
        fixture.Server.ServiceEndpoints.Map(ServiceNamespace, service, 443, server.Address);
        return server;
    }

    /// <summary>POSTs a configuration holding <paramref name="hooks"/>; returns the HTTP status and body text.</summary>
    public async Task<(int Status, string Text)> TryRegisterAsync(bool mutating, string name, params JsonObject[] hooks)
    {
        var kind = mutating ? "MutatingWebhookConfiguration" : "ValidatingWebhookConfiguration";
        var configuration = new JsonObject
        {
            ["apiVersion"] = "admissionregistration.k8s.io/v1",
            ["kind"] = kind,
            ["metadata"] = new JsonObject { ["name"] = name },
            ["webhooks"] = new JsonArray(hooks.Select(h => (JsonNode?)h).ToArray()),
        };
        var (status, _, text) = await fixture.SendAsync(HttpMethod.Post, $"/apis/admissionregistration.k8s.io/v1/{kind.ToLowerInvariant()}s", configuration.ToJsonString());
        return (status, text);
    }

    public async Task RegisterAsync(bool mutating, string name, params JsonObject[] hooks)
    {
        var (status, text) = await TryRegisterAsync(mutating, name, hooks);
        status.Should().Be(201, text);
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)v).ToArray());
}
