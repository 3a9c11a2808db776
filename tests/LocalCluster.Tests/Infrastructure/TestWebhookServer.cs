using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.LocalCluster.Tests.Infrastructure;

/// <summary>
/// An admission webhook server for tests: Kestrel HTTPS on 127.0.0.1 (free port) with a certificate from its own CA.
/// Each path answers with a handler; <see cref="Reply"/> builds a proper AdmissionReview answer that echoes the uid.
/// Every review received is recorded.
/// </summary>
public sealed class TestWebhookServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<JsonObject, Task<string>>> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _forgotten = new(StringComparer.Ordinal);

    private TestWebhookServer(WebApplication app, TestCertificateAuthority ca, Uri address)
    {
        _app = app;
        Authority = ca;
        Address = address;
    }

    /// <summary>https://127.0.0.1:PORT</summary>
    public Uri Address { get; }

    /// <summary>The CA whose bundle the webhook configurations must carry.</summary>
    public TestCertificateAuthority Authority { get; }

    /// <summary>clientConfig.caBundle for this server.</summary>
    public string CaBundle => Authority.CaBundle;

    /// <summary>The connection each review arrived on, with its path (kube-apiserver keeps connections to a webhook open).</summary>
    public ConcurrentQueue<(string Path, string ConnectionId)> Connections { get; } = new();

    /// <summary>The reviews received, with the path they were posted to.</summary>
    public ConcurrentQueue<(string Path, JsonObject Review)> Received { get; } = new();

    /// <summary>Starts a server whose certificate names <paramref name="names"/> (DNS names or IP addresses).</summary>
    public static async Task<TestWebhookServer> StartAsync(params string[] names)
    {
        var ca = new TestCertificateAuthority();
        var certificate = ca.IssueServer(names.Length == 0 ? ["127.0.0.1"] : names);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        TestWebhookServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new TestWebhookServer(app, ca, new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
        return server;
    }

    /// <summary>Answers POSTs to <paramref name="path"/> with the raw body the handler returns.</summary>
    public void OnRaw(string path, Func<JsonObject, Task<string>> handler) => _handlers[path] = handler;

    /// <summary>Answers POSTs to <paramref name="path"/> with an AdmissionReview whose response is what <paramref name="respond"/> builds.</summary>
    public void On(string path, Func<JsonObject, JsonObject> respond) =>
        OnRaw(path, review => Task.FromResult(Reply(review, respond((JsonObject)review["request"]!)).ToJsonString()));

    /// <summary>An AdmissionReview answer echoing the request uid, with the given response members.</summary>
    public static JsonObject Reply(JsonObject review, JsonObject response)
    {
        response["uid"] ??= review["request"]?["uid"]?.DeepClone();
        return new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["response"] = response };
    }

    public static JsonObject Allow() => new() { ["allowed"] = true };

    public static JsonObject Deny(string message, int code = 403) =>
        new() { ["allowed"] = false, ["status"] = new JsonObject { ["code"] = code, ["message"] = message } };

    public static JsonObject Patch(params JsonObject[] operations) => new()
    {
        ["allowed"] = true,
        ["patchType"] = "JSONPatch",
        ["patch"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(new JsonArray(operations).ToJsonString())),
    };

    /// <summary>A JSON patch op adding (or replacing) label <paramref name="key"/>, creating the labels map if needed.</summary>
    public static JsonObject[] AddLabel(JsonObject request, string key, string value)
    {
        var escaped = key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
        return request["object"]?["metadata"]?["labels"] is JsonObject
            ? [new JsonObject { ["op"] = "add", ["path"] = $"/metadata/labels/{escaped}", ["value"] = value }]
            : [new JsonObject { ["op"] = "add", ["path"] = "/metadata/labels", ["value"] = new JsonObject { [key] = value } }];
    }

    public IEnumerable<JsonObject> ReceivedOn(string path) =>
        Received.Where(r => r.Path == path).Select(r => r.Review).Skip(_forgotten.GetValueOrDefault(path));

    /// <summary>Hides the reviews received on <paramref name="path"/> so far (probes a test does not want to count).</summary>
    public void Forget(string path) => _forgotten[path] = Received.Count(r => r.Path == path);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Authority.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var review = (await System.Text.Json.JsonSerializer.DeserializeAsync<JsonObject>(context.Request.Body, cancellationToken: context.RequestAborted))!;
        Received.Enqueue((path, review));
        Connections.Enqueue((path, context.Connection.Id));
        if (!_handlers.TryGetValue(path, out var handler))
        {
            context.Response.StatusCode = 404;
            return;
        }

        var body = await handler(review);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }
}
