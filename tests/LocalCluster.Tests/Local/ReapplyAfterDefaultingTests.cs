using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Mesh.Testing;

namespace Mesh.LocalCluster.Tests.Local;

/// <summary>
/// A server-side apply that repeats the same configuration is a no-op even when the server defaults fields inside an
/// atomic list of it (a ValidatingAdmissionPolicy's resourceRules get scope "*"): the applied list replaces the live
/// one without the default, which defaulting puts back, so nothing changed, the resourceVersion stays and the
/// managedFields time is not moved, however much later the apply comes. Seen first as a flaky install re-apply.
/// </summary>
public sealed class ReapplyAfterDefaultingTests : IAsyncLifetime
{
    private const string Policy = """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: reapplied}
        spec:
          matchConstraints:
            resourceRules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}]
          validations: [{expression: "true"}]
        """;

    private const string Path = "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/reapplied?fieldManager=kubectl";

    private readonly ManualTimeProvider _time = new();
    private LocalApiServer? _server;
    private HttpClient? _http;

    public async Task InitializeAsync()
    {
        _server = await LocalApiServer.StartAsync(new LocalApiServerOptions { TimeProvider = _time });
        _http = new HttpClient { BaseAddress = _server.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Reapplying_an_atomic_list_whose_items_were_defaulted_writes_nothing_later_on()
    {
        var first = await ApplyAsync();
        first["spec"]!["matchConstraints"]!["resourceRules"]![0]!["scope"]!.GetValue<string>().Should().Be("*", "the server defaults the rule's scope");

        _time.Advance(TimeSpan.FromMinutes(5));
        var second = await ApplyAsync();

        second["metadata"]!["resourceVersion"]!.GetValue<string>().Should().Be(first["metadata"]!["resourceVersion"]!.GetValue<string>());
        second["metadata"]!["managedFields"]![0]!["time"]!.GetValue<string>().Should().Be(first["metadata"]!["managedFields"]![0]!["time"]!.GetValue<string>());
    }

    private async Task<JsonObject> ApplyAsync()
    {
        using var content = new StringContent(Policy, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/apply-patch+yaml");
        using var response = await _http!.PatchAsync(Path, content);
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).Should().BeOneOf([200, 201], text);
        return JsonNode.Parse(text)!.AsObject();
    }
}
